/* mm/vsyscall.c: whether the guest has Linux's legacy vsyscall page (as the
 * host kernel does: vsyscall=xonly, the default, or emulate). */
#include <stdio.h>
#include <string.h>

#include "mm/mm.h"

/* The host's answer, looked up once (by mm_create, before the guest has
 * fds of its own that the look-up's fd could disturb): its own maps list a
 * [vsyscall] line unless it was booted with vsyscall=none. */
int mm_vsyscall_present(void)
{
	static int cached = -1; /* -1: not looked up; a racing second look-up gives the same answer */
	int v = __atomic_load_n(&cached, __ATOMIC_RELAXED);
	if (v >= 0)
		return v;
	v = 0;
	FILE *f = fopen("/proc/self/maps", "re");
	if (f) {
		char line[512];
		while (fgets(line, sizeof line, f))
			if (strstr(line, "[vsyscall]"))
				v = 1;
		fclose(f);
	}
	__atomic_store_n(&cached, v, __ATOMIC_RELAXED);
	return v;
}
