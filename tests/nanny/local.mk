# tests/nanny: loopback tests of nanny
