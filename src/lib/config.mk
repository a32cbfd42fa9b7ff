# config part of liblvs
