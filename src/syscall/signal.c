/* syscall/signal.c: the signal system calls. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "kernel/hostsig.h"
#include "kernel/hostwait.h"
#include "kernel/sigstate.h"
#include "platform/vm.h"
#include "syscall/syscall.h"

#define SS_AUTODISARM (1U << 31)
#define MINSIGSTKSZ_LINUX 2048

static int valid_sig(uint64_t s) { return s >= 1 && s <= GUEST_NSIG; }

SYSCALL_DEFINE(rt_sigaction)
{
	uint64_t sig = a[0];
	struct process *p = t->proc;
	if (a[3] != 8 || !valid_sig(sig))
		return -EINVAL;
	struct guest_sigaction act;
	if (a[1]) {
		if (sig == SIGKILL || sig == SIGSTOP)
			return -EINVAL;
		if (guest_read(t_mm(t), a[1], &act, sizeof act) < 0)
			return -EFAULT;
	}
	pthread_mutex_lock(&p->lock);
	struct guest_sigaction old = p->sig.action[sig];
	if (a[1]) {
		act.mask &= ~(SIGBIT(SIGKILL) | SIGBIT(SIGSTOP));
		p->sig.action[sig] = act;
		sig_mirror_action(p, (int)sig);
	}
	pthread_mutex_unlock(&p->lock);
	if (a[2] && guest_write(t_mm(t), a[2], &old, sizeof old) < 0)
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE(rt_sigprocmask)
{
	int how = (int)a[0];
	if (a[3] != 8)
		return -EINVAL;
	guest_sigset_t old = t->blocked, set;
	if (a[1]) {
		if (guest_read(t_mm(t), a[1], &set, sizeof set) < 0)
			return -EFAULT;
		guest_sigset_t nm;
		switch (how) {
		case SIG_BLOCK:
			nm = old | set;
			break;
		case SIG_UNBLOCK:
			nm = old & ~set;
			break;
		case SIG_SETMASK:
			nm = set;
			break;
		default:
			return -EINVAL;
		}
		sig_apply_mask(t, nm);
	}
	if (a[2] && guest_write(t_mm(t), a[2], &old, sizeof old) < 0)
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE(rt_sigreturn)
{
	sig_return(t);
	return SYSCALL_NORETURN_VALUE;
}

static guest_sigset_t host_pending(void)
{
	sigset_t hs;
	guest_sigset_t g = 0;
	if (sigpending(&hs) == 0)
		for (int s = 1; s <= GUEST_NSIG; s++)
			if (sigismember(&hs, s) == 1)
				g |= SIGBIT(s);
	return g;
}

SYSCALL_DEFINE(rt_sigpending)
{
	if (a[1] > 8)
		return -EINVAL;
	guest_sigset_t g = (host_pending() | __atomic_load_n(&t->pending, __ATOMIC_ACQUIRE)) & t->blocked;
	return guest_write(t_mm(t), a[0], &g, a[1]);
}

SYSCALL_DEFINE(rt_sigsuspend)
{
	if (a[1] != 8)
		return -EINVAL;
	guest_sigset_t set;
	if (guest_read(t_mm(t), a[0], &set, sizeof set) < 0)
		return -EFAULT;
	t->saved_mask = t->blocked;
	t->saved_mask_valid = 1;
	sig_apply_mask(t, set);
	/* Signals recorded but not yet delivered count as having arrived. */
	uint64_t host = hostsig_getmask();
	host_wait(SYS_rt_sigsuspend, &host, 8);
	return -EINTR;
}

SYSCALL_DEFINE(pause)
{
	(void)t;
	host_wait(SYS_pause);
	return -EINTR;
}

SYSCALL_DEFINE(rt_sigtimedwait)
{
	if (a[3] != 8)
		return -EINVAL;
	guest_sigset_t set;
	if (guest_read(t_mm(t), a[0], &set, sizeof set) < 0)
		return -EFAULT;
	struct timespec ts, *tsp = NULL;
	if (a[2]) {
		if (guest_read(t_mm(t), a[2], &ts, sizeof ts) < 0)
			return -EFAULT;
		if (ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000L || ts.tv_sec < 0)
			return -EINVAL;
		tsp = &ts;
	}
	set &= ~(SIGBIT(SIGKILL) | SIGBIT(SIGSTOP));
	siginfo_t si;
	memset(&si, 0, sizeof si);
	/* A signal already taken from the host for this thread comes first. */
	guest_sigset_t rec = __atomic_load_n(&t->pending, __ATOMIC_ACQUIRE) & set;
	int sig;
	if (rec) {
		sig = __builtin_ctzll(rec) + 1;
		memcpy(&si, &t->pending_info[sig], sizeof si);
		__atomic_and_fetch(&t->pending, ~SIGBIT(sig), __ATOMIC_ACQ_REL);
		si.si_signo = sig;
		sig_apply_mask(t, t->blocked); /* the host may now hand over the next instance */
	} else {
		uint64_t host = set & ~SIGBIT(SIG_KICK);
		long r = host_wait(SYS_rt_sigtimedwait, &host, &si, tsp, 8);
		if (r < 0)
			return r;
		sig = (int)r;
	}
	if (a[1] && guest_write(t_mm(t), a[1], &si, sizeof si) < 0)
		return -EFAULT;
	return sig;
}

SYSCALL_DEFINE(sigaltstack)
{
	struct {
		uint64_t sp;
		int32_t flags, pad;
		uint64_t size;
	} ss, old;
	uint64_t rip, rsp, rfl;
	vcpu_get_user_context(t->vcpu, &rip, &rsp, &rfl);
	int on = t->sas_size && rsp > t->sas_sp && rsp - t->sas_sp <= t->sas_size;
	memset(&old, 0, sizeof old);
	old.sp = t->sas_sp;
	old.size = t->sas_size;
	old.flags = on ? SS_ONSTACK : (t->sas_size && !(t->sas_flags & SS_DISABLE)) ? (t->sas_flags & (int)SS_AUTODISARM) : SS_DISABLE;
	if (a[0]) {
		if (guest_read(t_mm(t), a[0], &ss, sizeof ss) < 0)
			return -EFAULT;
		if (on)
			return -EPERM;
		int mode = ss.flags & ~(int)SS_AUTODISARM;
		if (mode != 0 && mode != SS_DISABLE && mode != SS_ONSTACK)
			return -EINVAL;
		if (mode == SS_DISABLE) {
			t->sas_sp = 0, t->sas_size = 0, t->sas_flags = SS_DISABLE;
		} else {
			if (ss.size < MINSIGSTKSZ_LINUX)
				return -ENOMEM;
			t->sas_sp = ss.sp, t->sas_size = ss.size, t->sas_flags = ss.flags & (int)SS_AUTODISARM;
		}
	}
	if (a[1] && guest_write(t_mm(t), a[1], &old, sizeof old) < 0)
		return -EFAULT;
	return 0;
}

/* kill and friends: guest pids are host pids and host dispositions mirror the
 * guest's, so the host kernel does the delivery. */
SYSCALL_DEFINE(kill)
{
	if (a[1] > GUEST_NSIG)
		return -EINVAL;
	return kill((pid_t)a[0], (int)a[1]) < 0 ? -errno : 0;
}

SYSCALL_DEFINE(tgkill)
{
	if (a[2] > GUEST_NSIG)
		return -EINVAL;
	return syscall(SYS_tgkill, (pid_t)a[0], (pid_t)a[1], (int)a[2]) < 0 ? -errno : 0;
}

SYSCALL_DEFINE(tkill)
{
	if (a[1] > GUEST_NSIG)
		return -EINVAL;
	return syscall(SYS_tkill, (pid_t)a[0], (int)a[1]) < 0 ? -errno : 0;
}

SYSCALL_DEFINE(rt_sigqueueinfo)
{
	siginfo_t si;
	if (guest_read(t_mm(t), a[2], &si, sizeof si) < 0)
		return -EFAULT;
	if (a[1] > GUEST_NSIG)
		return -EINVAL;
	return syscall(SYS_rt_sigqueueinfo, (pid_t)a[0], (int)a[1], &si) < 0 ? -errno : 0;
}

SYSCALL_DEFINE(rt_tgsigqueueinfo)
{
	siginfo_t si;
	if (guest_read(t_mm(t), a[3], &si, sizeof si) < 0)
		return -EFAULT;
	if (a[2] > GUEST_NSIG)
		return -EINVAL;
	return syscall(SYS_rt_tgsigqueueinfo, (pid_t)a[0], (pid_t)a[1], (int)a[2], &si) < 0 ? -errno : 0;
}

SYSCALL_DEFINE(alarm) { return alarm((unsigned)a[0]); }

SYSCALL_DEFINE(setitimer)
{
	struct itimerval nv, ov;
	if (a[1] && guest_read(t_mm(t), a[1], &nv, sizeof nv) < 0)
		return -EFAULT;
	if (!a[1])
		memset(&nv, 0, sizeof nv);
	if (syscall(SYS_setitimer, (int)a[0], &nv, &ov) < 0)
		return -errno;
	if (a[2] && guest_write(t_mm(t), a[2], &ov, sizeof ov) < 0)
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE(getitimer)
{
	struct itimerval v;
	if (syscall(SYS_getitimer, (int)a[0], &v) < 0)
		return -errno;
	return guest_write(t_mm(t), a[1], &v, sizeof v);
}

SYSCALL_DEFINE(timer_create)
{
	struct sigevent ev;
	struct sigevent *evp = NULL;
	if (a[1]) {
		if (guest_read(t_mm(t), a[1], &ev, sizeof ev) < 0)
			return -EFAULT;
		evp = &ev;
	}
	int id;
	if (syscall(SYS_timer_create, (clockid_t)a[0], evp, &id) < 0)
		return -errno;
	if (guest_write(t_mm(t), a[2], &id, sizeof id) < 0) {
		syscall(SYS_timer_delete, id);
		return -EFAULT;
	}
	return 0;
}

SYSCALL_DEFINE(timer_settime)
{
	struct itimerspec nv, ov;
	if (guest_read(t_mm(t), a[2], &nv, sizeof nv) < 0)
		return -EFAULT;
	if (syscall(SYS_timer_settime, (int)a[0], (int)a[1], &nv, &ov) < 0)
		return -errno;
	if (a[3] && guest_write(t_mm(t), a[3], &ov, sizeof ov) < 0)
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE(timer_gettime)
{
	struct itimerspec v;
	if (syscall(SYS_timer_gettime, (int)a[0], &v) < 0)
		return -errno;
	return guest_write(t_mm(t), a[1], &v, sizeof v);
}

SYSCALL_DEFINE(timer_getoverrun)
{
	return host_ret(syscall(SYS_timer_getoverrun, (int)a[0]));
}

SYSCALL_DEFINE(timer_delete)
{
	return syscall(SYS_timer_delete, (int)a[0]) < 0 ? -errno : 0;
}
