# Test targets (owned by the tests; included by the top Makefile).
check: all
	@tests/run $(BUILD)/elfuse

check-asan: asan
	@tests/run build-asan/elfuse
