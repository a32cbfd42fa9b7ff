# unit tests: ipvs
