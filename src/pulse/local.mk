# src/pulse: failover daemon. Its pure core (heartbeat codec, state machine)
# is also linked into the unit tests in tests/failover.
PULSE_CORE_SOURCES = src/pulse/heartbeat.c src/pulse/heartbeat.h \
	src/pulse/hb_key.c
PULSE_CORE_SOURCES += src/pulse/failover.c src/pulse/failover.h
