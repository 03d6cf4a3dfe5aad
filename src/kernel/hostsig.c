/* kernel/hostsig.c: host signal calls made directly, because the guest owns
 * every signal, including the two glibc keeps for itself (32 and 33), which
 * glibc's own sigaction and sigprocmask wrappers refuse or filter out. */
#include "kernel/hostsig.h"

#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define K_SA_RESTORER 0x04000000UL

struct k_sigaction {
	void *handler;
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
};

/* The kernel returns from a host handler through this (rt_sigreturn). */
__attribute__((naked)) static void hostsig_restorer(void)
{
	__asm__ volatile("mov $15, %eax\n\tsyscall\n\tud2");
}

int hostsig_action(int sig, void *handler, unsigned long flags, uint64_t mask)
{
	struct k_sigaction ka = {handler, flags | K_SA_RESTORER, hostsig_restorer, mask};
	return syscall(SYS_rt_sigaction, sig, &ka, NULL, 8) < 0 ? -errno : 0;
}

int hostsig_ignored(int sig)
{
	struct k_sigaction old;
	memset(&old, 0, sizeof old);
	if (syscall(SYS_rt_sigaction, sig, NULL, &old, 8) < 0)
		return 0;
	return old.handler == (void *)1;
}

void hostsig_setmask(uint64_t set, uint64_t *old)
{
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &set, old, 8);
}

uint64_t hostsig_getmask(void)
{
	uint64_t cur = 0;
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, NULL, &cur, 8);
	return cur;
}

int hostsig_timedwait(uint64_t set, void *info, const struct timespec *ts)
{
	long r = syscall(SYS_rt_sigtimedwait, &set, info, ts, 8);
	return r < 0 ? -errno : (int)r;
}
