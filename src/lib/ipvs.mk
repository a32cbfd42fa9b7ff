# ipvs part of liblvs
