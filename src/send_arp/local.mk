# src/send_arp
