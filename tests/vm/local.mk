# tests/vm: the real-IPVS lab
