/* syscall/restart.c: which interrupted syscalls Linux restarts (signal(7)). */
#include <sys/syscall.h>

#include "kernel/sigdeliver.h"
#include "syscall/syscall.h"

int syscall_restart_class(uint64_t nr)
{
	switch (nr) {
	/* Never restarted after a handler, whatever SA_RESTART says; restarted
	 * transparently when no handler ran. */
	case SYS_poll: case SYS_ppoll: case SYS_select: case SYS_pselect6:
	case SYS_epoll_wait: case SYS_epoll_pwait: case SYS_epoll_pwait2:
	case SYS_pause: case SYS_rt_sigsuspend: case SYS_rt_sigtimedwait:
	case SYS_nanosleep: case SYS_clock_nanosleep: case SYS_io_getevents:
	case SYS_semtimedop: case SYS_msgrcv: case SYS_msgsnd:
		return RESTART_NOHAND;
	default:
		return RESTART_SA;
	}
}
