/* kernel/caps.c: the capability change Linux applies at execve. elfuse's
 * exec stays in the same host process, so the host never applies it. */
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kernel/proc.h"

/* For a program without file capabilities: root (real or effective uid 0)
 * keeps its capabilities; anyone else keeps only the ambient set in
 * permitted and effective. KEEPCAPS does not survive exec. */
void caps_apply_exec(void)
{
	uid_t r, e, s;
	if (getresuid(&r, &e, &s) < 0)
		return;
	prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
	if (r == 0 || e == 0)
		return;
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2];
	if (syscall(SYS_capget, &h, d) < 0)
		return;
	uint32_t amb[2] = {0, 0};
	for (int cap = 0; cap <= CAP_LAST_CAP; cap++)
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, cap, 0, 0) == 1)
			amb[cap / 32] |= 1U << (cap % 32);
	for (int i = 0; i < 2; i++) {
		d[i].permitted = amb[i];
		d[i].effective = amb[i];
	}
	syscall(SYS_capset, &h, d);
}
