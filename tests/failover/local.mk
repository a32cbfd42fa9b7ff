# tests/failover: send_arp and pulse
