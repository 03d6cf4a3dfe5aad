# elfuse build. `make` builds build/elfuse; `make check` runs every test.
CC ?= cc
BUILD ?= build
CFLAGS_BASE := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wno-format-nonliteral -D_GNU_SOURCE -Isrc -g
OPT ?= -O2
CFLAGS += $(CFLAGS_BASE) $(OPT) $(EXTRA_CFLAGS)
LDFLAGS += $(EXTRA_LDFLAGS)
LDLIBS += -lpthread

SRCS := $(sort $(filter-out src/vdso/%,$(wildcard src/*.c src/*/*.c src/*/*/*.c)))
ASMS := $(wildcard src/*/*.S)
OBJS := $(SRCS:%.c=$(BUILD)/%.o) $(ASMS:%.S=$(BUILD)/%.o)
DEPS := $(OBJS:.o=.d)

all: $(BUILD)/elfuse

$(BUILD)/elfuse: $(OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/%.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) -DVDSO_IMAGE='"$(BUILD)/vdso/vdso.so"' -MMD -MP -c -o $@ $<

# The guest vDSO: a tiny position-independent shared object embedded in elfuse.
VDSO_CFLAGS := -std=gnu11 -Isrc -O2 -fPIC -fno-stack-protector -fno-asynchronous-unwind-tables -fno-builtin \
	-fcf-protection=none -nostdlib -shared -Wl,-T,src/vdso/vdso.lds -Wl,--hash-style=both \
	-Wl,-soname=linux-vdso.so.1 -Wl,--build-id=none -Wl,-z,max-page-size=4096
$(BUILD)/vdso/vdso.so: src/vdso/vdso.c src/vdso/vvar.h src/vdso/vdso.lds
	@mkdir -p $(dir $@)
	$(CC) $(VDSO_CFLAGS) -o $@ src/vdso/vdso.c
$(BUILD)/src/loader/vdso_blob.o: $(BUILD)/vdso/vdso.so

-include $(DEPS)
include tests/tests.mk

asan:
	$(MAKE) BUILD=build-asan OPT="-O1 -fno-omit-frame-pointer" \
		EXTRA_CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined" \
		EXTRA_LDFLAGS="-fsanitize=address,undefined"

format:
	clang-format -i $(SRCS) $(wildcard src/*/*.h src/*.h)

format-check:
	clang-format --dry-run --Werror $(SRCS) $(wildcard src/*/*.h src/*.h)

clean:
	rm -rf build build-asan

.PHONY: all asan format format-check clean check check-asan
