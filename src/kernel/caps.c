/* kernel/caps.c: the capability change Linux applies at execve. elfuse's
 * exec stays in the same host process, so the host never applies it. */
#include <linux/capability.h>
#include <linux/securebits.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kernel/proc.h"

/* For a program without file capabilities (commoncap's
 * cap_bprm_creds_from_file): root (real or effective uid 0, unless
 * SECURE_NOROOT) gets permitted = bounding | inheritable | ambient, and
 * that as effective too when its effective uid is 0; anyone else keeps only
 * the ambient set in permitted and effective. KEEPCAPS does not survive
 * exec. The host cannot give back what the thread's permitted set lost
 * (root regaining capabilities at exec needs a real exec): the result is
 * cut to the current permitted set. Returns 1 if the calling thread's
 * capabilities changed, else 0. */
int caps_apply_exec(void)
{
	uid_t r, e, s;
	if (getresuid(&r, &e, &s) < 0)
		return 0;
	prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
	int bits = prctl(PR_GET_SECUREBITS, 0, 0, 0, 0);
	int root = (r == 0 || e == 0) && !(bits > 0 && (bits & SECBIT_NOROOT));
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2];
	if (syscall(SYS_capget, &h, d) < 0)
		return 0;
	uint32_t amb[2] = {0, 0}, bset[2] = {0, 0};
	for (int cap = 0; cap <= CAP_LAST_CAP; cap++) {
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, cap, 0, 0) == 1)
			amb[cap / 32] |= 1U << (cap % 32);
		if (root && prctl(PR_CAPBSET_READ, cap, 0, 0, 0) == 1)
			bset[cap / 32] |= 1U << (cap % 32);
	}
	int changed = 0;
	for (int i = 0; i < 2; i++) {
		uint32_t perm = root ? d[i].permitted & (bset[i] | d[i].inheritable | amb[i]) : amb[i];
		uint32_t eff = root && e == 0 ? perm : amb[i];
		changed |= perm != d[i].permitted || eff != d[i].effective;
		d[i].permitted = perm;
		d[i].effective = eff;
	}
	if (!changed)
		return 0;
	syscall(SYS_capset, &h, d);
	return 1;
}
