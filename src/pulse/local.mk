# src/pulse
