# src/ipvsadm
