# Test targets (owned by the tests; included by the top Makefile).
# `make check T="guest/hello busybox/"` runs only the cases whose names
# contain one of the words in T; J=N sets the number of parallel workers.

check: all
	@tests/run $(if $(J),-j $(J)) $(BUILD)/elfuse $(T)

check-asan: asan
	@tests/run $(if $(J),-j $(J)) build-asan/elfuse $(T)

.PHONY: check check-asan
