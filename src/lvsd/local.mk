# src/lvsd
