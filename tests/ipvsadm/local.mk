# tests/ipvsadm: differential and round-trip tests of ipvsadm
