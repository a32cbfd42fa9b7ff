# tests/vm: the real-IPVS lab (a Debian kernel under qemu; see tests/vm/README.md).
VM_FILES = tests/vm/run tests/vm/vm-test tests/vm/build-cache \
	tests/vm/initramfs-init tests/vm/modules tests/vm/lib.sh \
	tests/vm/README.md tests/vm/scenarios/lab-smoke.sh
EXTRA_DIST += $(VM_FILES) tests/vm/lab-smoke.sh

TESTS += tests/vm/lab-smoke.sh

# Scenario scripts named *.vmt run inside the VM: other fragments just add
#   TESTS += tests/xxx/scenario.vmt   (and EXTRA_DIST += tests/xxx/scenario.vmt)
TEST_EXTENSIONS += .vmt
VMT_LOG_DRIVER = $(LOG_DRIVER)
VMT_LOG_COMPILER = $(top_srcdir)/tests/vm/vm-test

# Fd 9 reaches the console past the TAP driver: vm-test's warning when the VM
# tests cannot run must be seen, not only logged.
AM_TESTS_FD_REDIRECT = 9>&2

EXTRA_DIST += tests/vm/scenarios/vm-env.vmt
TESTS += tests/vm/scenarios/vm-env.vmt
