# Test targets (owned by the tests; included by the top Makefile).
# `make check T="guest/hello busybox/"` runs only the cases whose names
# contain one of the words in T; J=N sets the number of parallel workers.

# make check runs every case both with the exit-free syscall transport and
# with every syscall exiting the VM (--no-fast-syscalls).
check: all
	@ELFUSE_TEST_MODES=fast,exit tests/run $(if $(J),-j $(J)) $(BUILD)/elfuse $(T)

check-asan: asan
	@tests/run $(if $(J),-j $(J)) build-asan/elfuse $(T)

.PHONY: check check-asan check-tsan

# ThreadSanitizer build of elfuse, run on the thread, signal and process tests.
check-tsan:
	$(MAKE) BUILD=build-tsan OPT="-O1 -fno-omit-frame-pointer" \
		EXTRA_CFLAGS="-fsanitize=thread" EXTRA_LDFLAGS="-fsanitize=thread"
	@TSAN_OPTIONS="halt_on_error=1 report_signal_unsafe=0 die_after_fork=0" tests/run $(if $(J),-j $(J)) build-tsan/elfuse guest/thr_ guest/sig_ guest/proc_ host/
