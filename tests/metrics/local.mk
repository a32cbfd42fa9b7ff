# tests/metrics: the metrics files and --status --json against the real
# kernel in the lab VM: what IPVS counted is what lvsd and pulse report.
TESTS += tests/metrics/metrics.vmt
EXTRA_DIST += tests/metrics/metrics.vmt
