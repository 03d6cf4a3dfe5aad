/* syscall/sys.c: system information, resource limits and usage, prctl, personality, scheduling. */
#include <errno.h>
#include <limits.h>
#include <linux/capability.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "platform/private_fd.h"
#include "syscall/syscall.h"

/* The x86_64 kernel's layouts match glibc's on the host. */
_Static_assert(sizeof(struct utsname) == 6 * 65, "struct new_utsname is 6x65 bytes");
_Static_assert(sizeof(struct sysinfo) == 112, "struct sysinfo is 112 bytes");
_Static_assert(sizeof(struct rusage) == 144, "struct rusage is 144 bytes");
_Static_assert(sizeof(struct rlimit) == 16, "struct rlimit64 is 16 bytes");

#define RLIM_NLIMITS_LINUX 16
#define IOPRIO_WHO_PROCESS_LINUX 1
#define GRND_NONBLOCK_LINUX 0x01
#define GRND_RANDOM_LINUX 0x02
#define GRND_INSECURE_LINUX 0x04
/* Upper bound of the host buffers used for cpu masks (65536 CPUs). */
#define CPUMASK_MAX 8192
/* The largest kernel log buffer (CONFIG_LOG_BUF_SHIFT <= 25). */
#define SYSLOG_MAX (1 << 25)

static pid_t self_tid(struct thread *t) { return t->tid ? t->tid : (pid_t)syscall(SYS_gettid); }

/* pid 0 means the calling thread for the per-thread scheduling calls; name
 * it explicitly so the answer does not depend on which host thread runs the
 * handler. */
static pid_t thread_pid(struct thread *t, pid_t pid) { return pid == 0 ? self_tid(t) : pid; }

/* ---- system information ---- */

SYSCALL_DEFINE(uname)
{
	struct utsname u;
	if (uname(&u) < 0)
		return -errno;
	return guest_write(t_mm(t), a[0], &u, sizeof(u));
}

SYSCALL_DEFINE(sysinfo)
{
	struct sysinfo si;
	if (sysinfo(&si) < 0)
		return -errno;
	return guest_write(t_mm(t), a[0], &si, sizeof(si));
}

SYSCALL_DEFINE(getrandom)
{
	uint64_t buf = a[0];
	size_t len = a[1];
	unsigned flags = (unsigned)a[2];
	if (flags & ~(unsigned)(GRND_NONBLOCK_LINUX | GRND_RANDOM_LINUX | GRND_INSECURE_LINUX))
		return -EINVAL;
	if ((flags & (GRND_INSECURE_LINUX | GRND_RANDOM_LINUX)) == (GRND_INSECURE_LINUX | GRND_RANDOM_LINUX))
		return -EINVAL;
	if (len > INT_MAX)
		len = INT_MAX;
	if (len == 0)
		return host_ret(syscall(SYS_getrandom, NULL, 0, flags));
	/* Through a bounce buffer: a fault or an interruption after some bytes
	 * returns the count so far, as Linux does. Linux also stops at a
	 * pending signal after each page, so a huge request cannot hold off
	 * the guest's signals for seconds. */
	unsigned char tmp[4096];
	size_t done = 0;
	while (done < len) {
		size_t n = len - done < sizeof(tmp) ? len - done : sizeof(tmp);
		long r = syscall(SYS_getrandom, tmp, n, flags);
		if (r < 0) {
			int e = errno;
			return done ? (long)done : -e;
		}
		int w = guest_write(t_mm(t), buf + done, tmp, (size_t)r);
		if (w < 0) {
			/* Linux's copy stops at the fault: the accessible part is filled. */
			struct iovec iov[2];
			size_t covered = 0;
			if (guest_iovec(t_mm(t), buf + done, (size_t)r, GP_WRITE, iov, 2, &covered) > 0 && covered &&
			    guest_write(t_mm(t), buf + done, tmp, covered) == 0)
				done += covered;
			return done ? (long)done : w;
		}
		done += (size_t)r;
		if ((size_t)r < n)
			break;
		if (done < len && (__atomic_load_n(&t->pending, __ATOMIC_ACQUIRE) & ~t->blocked))
			break;
	}
	return (long)done;
}

/* The guest may not rename the host: Linux checks CAP_SYS_ADMIN first. */
SYSCALL_DEFINE(sethostname)
{
	(void)t;
	(void)a;
	return -EPERM;
}

SYSCALL_DEFINE(setdomainname)
{
	(void)t;
	(void)a;
	return -EPERM;
}

/* syslog: the host's kernel log and its permission rules (dmesg_restrict). */
SYSCALL_DEFINE(syslog)
{
	int type = (int)a[0];
	int len = (int)a[2];
	switch (type) {
	case 2: /* SYSLOG_ACTION_READ */
	case 3: /* SYSLOG_ACTION_READ_ALL */
	case 4: /* SYSLOG_ACTION_READ_CLEAR */
		break;
	default:
		return host_ret(syscall(SYS_syslog, type, NULL, len));
	}
	if (!a[1] || len <= 0)
		return host_ret(syscall(SYS_syslog, type, a[1] ? (void *)&len : NULL, len));
	size_t n = len > SYSLOG_MAX ? SYSLOG_MAX : (size_t)len;
	char *tmp = malloc(n);
	if (!tmp)
		return -ENOMEM;
	long r = host_ret(syscall(SYS_syslog, type, tmp, (int)n));
	if (r > 0) {
		int w = guest_write(t_mm(t), a[1], tmp, (size_t)r);
		if (w < 0)
			r = w;
	}
	free(tmp);
	return r;
}

/* ---- resource limits ---- */

/* Whether the host process has cap in its effective set. */
static int have_cap(int cap)
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2];
	memset(d, 0, sizeof(d));
	if (syscall(SYS_capget, &h, d) < 0)
		return 0;
	return (d[cap / 32].effective >> (cap % 32)) & 1;
}

/* RLIMIT_NOFILE's hard limit, RLIMIT_AS and RLIMIT_DATA are virtual: kept by
 * kernel/rlimit.c (procfs shows them too). Raising a hard limit needs
 * CAP_SYS_RESOURCE, as on Linux. */
static int nofile_get(struct process *p, struct rlimit *out)
{
	rlim_nofile_get(p, out);
	return 0;
}

static int nofile_set(struct process *p, const struct rlimit *nw)
{
	return rlim_nofile_set(p, nw, have_cap(CAP_SYS_RESOURCE));
}

static struct rlimit *virt_rlim(unsigned res) { return rlim_virt(res); }

void sys_rlimits_takeover(void)
{
	struct rlimit *as = virt_rlim(RLIMIT_AS), *data = virt_rlim(RLIMIT_DATA);
	/* elfuse's own reservation must fit: lift the host's soft limits as far as allowed. */
	struct rlimit r = {as->rlim_max, as->rlim_max};
	setrlimit(RLIMIT_AS, &r);
	r = (struct rlimit){data->rlim_max, data->rlim_max};
	setrlimit(RLIMIT_DATA, &r);
}

void sys_rlimits_apply(struct process *p)
{
	struct rlimit *as = virt_rlim(RLIMIT_AS), *data = virt_rlim(RLIMIT_DATA);
	p->mm->as_limit = as->rlim_cur == RLIM_INFINITY ? 0 : as->rlim_cur;
	p->mm->data_limit = data->rlim_cur == RLIM_INFINITY ? 0 : data->rlim_cur;
}

static int virt_set(struct process *p, unsigned res, const struct rlimit *nw)
{
	struct rlimit *v = virt_rlim(res);
	if (nw->rlim_max > v->rlim_max && !have_cap(CAP_SYS_RESOURCE))
		return -EPERM;
	*v = *nw;
	pthread_mutex_lock(&p->mm->lock);
	if (res == RLIMIT_AS)
		p->mm->as_limit = nw->rlim_cur;
	else
		p->mm->data_limit = nw->rlim_cur;
	pthread_mutex_unlock(&p->mm->lock);
	return 0;
}

/* RLIMIT_STACK is virtual as well: the loader sizes the next exec's stack
 * from it, and the host's limit bounds the stack elfuse itself runs on (a
 * guest lowering it would make elfuse overflow its own stack). Raising the
 * hard limit needs CAP_SYS_RESOURCE, as on Linux. */
static int stack_set(struct process *p, const struct rlimit *nw, struct rlimit *old)
{
	int ret = 0;
	pthread_mutex_lock(&p->lock);
	if (old)
		*old = p->stack_rlim;
	if (nw) {
		if (nw->rlim_max > p->stack_rlim.rlim_max && !have_cap(CAP_SYS_RESOURCE))
			ret = -EPERM;
		else
			p->stack_rlim = *nw;
	}
	pthread_mutex_unlock(&p->lock);
	return ret;
}

/* The calling process's limits: old (if non-NULL) gets the value before new
 * (if non-NULL) is applied. */
static int rlim_self(struct process *p, unsigned res, const struct rlimit *nw, struct rlimit *old)
{
	if (res >= RLIM_NLIMITS_LINUX)
		return -EINVAL;
	if (nw && nw->rlim_cur > nw->rlim_max)
		return -EINVAL;
	if (res == RLIMIT_NOFILE) {
		if (old) {
			int r = nofile_get(p, old);
			if (r < 0)
				return r;
		}
		return nw ? nofile_set(p, nw) : 0;
	}
	if (res == RLIMIT_AS || res == RLIMIT_DATA) {
		if (old)
			*old = *virt_rlim(res);
		return nw ? virt_set(p, res, nw) : 0;
	}
	if (res == RLIMIT_STACK)
		return stack_set(p, nw, old);
	if (old && getrlimit((int)res, old) < 0)
		return -errno;
	if (nw && setrlimit((int)res, nw) < 0)
		return -errno;
	return 0;
}

SYSCALL_DEFINE(getrlimit)
{
	struct rlimit old;
	int r = rlim_self(t->proc, (unsigned)a[0], NULL, &old);
	if (r < 0)
		return r;
	return guest_write(t_mm(t), a[1], &old, sizeof(old));
}

SYSCALL_DEFINE(setrlimit)
{
	struct rlimit nw;
	int r = guest_read(t_mm(t), a[1], &nw, sizeof(nw));
	if (r < 0)
		return r;
	return rlim_self(t->proc, (unsigned)a[0], &nw, NULL);
}

/* Whether pid names the calling guest process (itself or one of its threads). */
static int is_own_pid(struct thread *t, pid_t pid)
{
	if (pid == 0 || pid == getpid() || pid == t->tid)
		return 1;
	struct process *p = t->proc;
	int found = 0;
	pthread_mutex_lock(&p->lock);
	for (struct thread *o = p->threads; o; o = o->next)
		if (o->tid == pid) {
			found = 1;
			break;
		}
	pthread_mutex_unlock(&p->lock);
	return found;
}

SYSCALL_DEFINE(prlimit64)
{
	pid_t pid = (pid_t)a[0];
	unsigned res = (unsigned)a[1];
	struct rlimit nw, old;
	if (a[2]) {
		int r = guest_read(t_mm(t), a[2], &nw, sizeof(nw));
		if (r < 0)
			return r;
	}
	long ret;
	if (is_own_pid(t, pid))
		ret = rlim_self(t->proc, res, a[2] ? &nw : NULL, a[3] ? &old : NULL);
	else
		ret = host_ret(syscall(SYS_prlimit64, pid, res, a[2] ? &nw : NULL, a[3] ? &old : NULL));
	if (ret == 0 && a[3])
		ret = guest_write(t_mm(t), a[3], &old, sizeof(old));
	return ret;
}

SYSCALL_DEFINE(getrusage)
{
	int who = (int)a[0];
	if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN && who != RUSAGE_THREAD)
		return -EINVAL;
	struct rusage ru;
	if (syscall(SYS_getrusage, who, &ru) < 0)
		return -errno;
	return guest_write(t_mm(t), a[1], &ru, sizeof(ru));
}

/* ---- prctl ---- */

/* PR_SET_NAME: Linux copies at most 15 bytes and always terminates. */
static long prctl_set_name(struct thread *t, uint64_t gva)
{
	char name[16];
	memset(name, 0, sizeof(name));
	for (size_t i = 0; i < sizeof(name) - 1; i++) {
		int r = guest_read(t_mm(t), gva + i, &name[i], 1);
		if (r < 0)
			return r;
		if (!name[i])
			break;
	}
	thread_set_comm(t->proc, t->tid, name);
	/* Also name the host thread, so host tools (and other guests reading the
	 * host's /proc) see the guest's name. */
	prctl(PR_SET_NAME, (unsigned long)name, 0UL, 0UL, 0UL);
	return 0;
}

static long prctl_get_name(struct thread *t, uint64_t gva)
{
	char name[16];
	struct process *p = t->proc;
	pthread_mutex_lock(&p->lock);
	memcpy(name, t->comm, sizeof(name));
	pthread_mutex_unlock(&p->lock);
	name[15] = 0;
	return guest_write(t_mm(t), gva, name, sizeof(name));
}

/* An option whose answer the host writes to an int at arg2. */
static long prctl_get_int(struct thread *t, int opt, uint64_t gva)
{
	int v = 0;
	if (prctl(opt, (unsigned long)&v, 0UL, 0UL, 0UL) < 0)
		return -errno;
	return guest_write(t_mm(t), gva, &v, sizeof(v));
}

SYSCALL_DEFINE(prctl)
{
	int opt = (int)a[0];
	switch (opt) {
	case PR_SET_NAME:
		return prctl_set_name(t, a[1]);
	case PR_GET_NAME:
		return prctl_get_name(t, a[1]);
	case PR_GET_PDEATHSIG:
	case PR_GET_CHILD_SUBREAPER:
		return prctl_get_int(t, opt, a[1]);
	case PR_GET_TID_ADDRESS:
		return guest_write(t_mm(t), a[1], &t->clear_child_tid, sizeof(t->clear_child_tid));
	case PR_GET_TSC: {
		/* The guest's rdtsc runs in the VM and is always enabled. */
		int v = PR_TSC_ENABLE;
		return guest_write(t_mm(t), a[1], &v, sizeof(v));
	}
	case PR_GET_SECCOMP:
		/* elfuse does not filter the guest's syscalls. */
		return 0;
	case PR_SET_MM:
		return -EPERM;
	/* Values and flags only: the host's answer is the right one, for the
	 * calling host thread, which is the guest thread's own. */
	case PR_SET_PDEATHSIG:
	case PR_GET_DUMPABLE:
	case PR_SET_DUMPABLE:
	case PR_GET_KEEPCAPS:
	case PR_SET_KEEPCAPS:
	case PR_GET_TIMING:
	case PR_SET_TIMING:
	case PR_GET_TIMERSLACK:
	case PR_SET_TIMERSLACK:
	case PR_CAPBSET_READ:
	case PR_CAPBSET_DROP:
	case PR_GET_SECUREBITS:
	case PR_SET_SECUREBITS:
	case PR_SET_CHILD_SUBREAPER:
	case PR_GET_NO_NEW_PRIVS:
	case PR_SET_NO_NEW_PRIVS:
	case PR_GET_THP_DISABLE:
	case PR_SET_THP_DISABLE:
	case PR_MCE_KILL:
	case PR_MCE_KILL_GET:
	case PR_CAP_AMBIENT:
	case PR_SET_PTRACER:
	case PR_TASK_PERF_EVENTS_DISABLE:
	case PR_TASK_PERF_EVENTS_ENABLE:
	case PR_GET_SPECULATION_CTRL:
	case PR_SET_SPECULATION_CTRL:
	case PR_GET_IO_FLUSHER:
	case PR_SET_IO_FLUSHER:
		return host_ret(
		    prctl(opt, (unsigned long)a[1], (unsigned long)a[2], (unsigned long)a[3], (unsigned long)a[4]));
	/* Everything else either acts on memory or syscalls elfuse owns
	 * (PR_SET_VMA, PR_SET_SECCOMP, PR_SET_SYSCALL_USER_DISPATCH, PR_SET_MDWE,
	 * PR_SET_TSC, PR_GET_AUXV...) or does not exist on x86_64: EINVAL, the
	 * answer of a kernel built without the feature. */
	default:
		return -EINVAL;
	}
}

/* personality: 0xffffffff queries; any other value sets. The host's own
 * persona is the guest's (inherited across fork like Linux's). */
SYSCALL_DEFINE(personality)
{
	(void)t;
	return syscall(SYS_personality, (unsigned)a[0]);
}

/* ---- scheduling ---- */

SYSCALL_DEFINE(sched_yield)
{
	(void)t;
	(void)a;
	sched_yield();
	return 0;
}

/* The kernel's cpumask size in bytes, learnt once from the host. */
static size_t host_cpumask_size(void)
{
	static size_t size;
	size_t s = __atomic_load_n(&size, __ATOMIC_RELAXED);
	if (s)
		return s;
	unsigned char buf[CPUMASK_MAX];
	long r = syscall(SYS_sched_getaffinity, 0, sizeof(buf), buf);
	s = r > 0 ? (size_t)r : sizeof(buf);
	__atomic_store_n(&size, s, __ATOMIC_RELAXED);
	return s;
}

SYSCALL_DEFINE(sched_getaffinity)
{
	pid_t pid = thread_pid(t, (pid_t)a[0]);
	unsigned len = (unsigned)a[1];
	if (len & (sizeof(unsigned long) - 1))
		return -EINVAL;
	unsigned char buf[CPUMASK_MAX];
	unsigned hlen = len > sizeof(buf) ? (unsigned)sizeof(buf) : len;
	long r = host_ret(syscall(SYS_sched_getaffinity, pid, hlen, buf));
	if (r <= 0)
		return r;
	int w = guest_write(t_mm(t), a[2], buf, (size_t)r);
	return w < 0 ? w : r;
}

SYSCALL_DEFINE(sched_setaffinity)
{
	pid_t pid = thread_pid(t, (pid_t)a[0]);
	unsigned len = (unsigned)a[1];
	size_t msize = host_cpumask_size();
	size_t n = len < msize ? len : msize;
	unsigned char buf[CPUMASK_MAX];
	memset(buf, 0, sizeof(buf));
	int r = guest_read(t_mm(t), a[2], buf, n);
	if (r < 0)
		return r;
	return host_ret(syscall(SYS_sched_setaffinity, pid, n, buf));
}

SYSCALL_DEFINE(sched_getscheduler)
{
	pid_t pid = (pid_t)a[0];
	if (pid < 0)
		return -EINVAL;
	return host_ret(syscall(SYS_sched_getscheduler, thread_pid(t, pid)));
}

SYSCALL_DEFINE(sched_setscheduler)
{
	pid_t pid = (pid_t)a[0];
	int policy = (int)a[1];
	if (policy < 0 || !a[2] || pid < 0)
		return -EINVAL;
	struct sched_param sp;
	int r = guest_read(t_mm(t), a[2], &sp, sizeof(sp));
	if (r < 0)
		return r;
	return host_ret(syscall(SYS_sched_setscheduler, thread_pid(t, pid), policy, &sp));
}

SYSCALL_DEFINE(sched_getparam)
{
	pid_t pid = (pid_t)a[0];
	if (!a[1] || pid < 0)
		return -EINVAL;
	struct sched_param sp;
	if (syscall(SYS_sched_getparam, thread_pid(t, pid), &sp) < 0)
		return -errno;
	return guest_write(t_mm(t), a[1], &sp, sizeof(sp));
}

SYSCALL_DEFINE(sched_setparam)
{
	pid_t pid = (pid_t)a[0];
	if (!a[1] || pid < 0)
		return -EINVAL;
	struct sched_param sp;
	int r = guest_read(t_mm(t), a[1], &sp, sizeof(sp));
	if (r < 0)
		return r;
	return host_ret(syscall(SYS_sched_setparam, thread_pid(t, pid), &sp));
}

SYSCALL_DEFINE(sched_get_priority_max)
{
	(void)t;
	return host_ret(syscall(SYS_sched_get_priority_max, (int)a[0]));
}

SYSCALL_DEFINE(sched_get_priority_min)
{
	(void)t;
	return host_ret(syscall(SYS_sched_get_priority_min, (int)a[0]));
}

SYSCALL_DEFINE(sched_rr_get_interval)
{
	pid_t pid = (pid_t)a[0];
	if (pid < 0)
		return -EINVAL;
	struct timespec ts;
	if (syscall(SYS_sched_rr_get_interval, thread_pid(t, pid), &ts) < 0)
		return -errno;
	int64_t k[2] = {ts.tv_sec, ts.tv_nsec};
	return guest_write(t_mm(t), a[1], k, sizeof(k));
}

/* The raw getpriority returns 20 - nice (1..40), never a negative value on
 * success; the guest's libc converts it. who 0 with PRIO_PROCESS is the
 * calling thread. */
SYSCALL_DEFINE(getpriority)
{
	int which = (int)a[0];
	int who = (int)a[1];
	if (which == PRIO_PROCESS)
		who = thread_pid(t, who);
	return host_ret(syscall(SYS_getpriority, which, who));
}

SYSCALL_DEFINE(setpriority)
{
	int which = (int)a[0];
	int who = (int)a[1];
	if (which == PRIO_PROCESS)
		who = thread_pid(t, who);
	return host_ret(syscall(SYS_setpriority, which, who, (int)a[2]));
}

/* membarrier: the guest's threads are this process's host threads (and a
 * vCPU in the guest is interrupted like any running thread), so the host's
 * barriers over the process, and their registrations, are the guest's.
 * (A guest exec keeps the registrations, which Linux's exec drops.) */
SYSCALL_DEFINE(membarrier) { return host_ret(syscall(SYS_membarrier, (int)a[0], (unsigned)a[1], (int)a[2])); }

SYSCALL_DEFINE(getcpu)
{
	unsigned cpu = 0, node = 0;
	if (syscall(SYS_getcpu, &cpu, &node, NULL) < 0)
		return -errno;
	int err = 0;
	if (a[0] && guest_write(t_mm(t), a[0], &cpu, sizeof(cpu)) < 0)
		err = -EFAULT;
	if (a[1] && guest_write(t_mm(t), a[1], &node, sizeof(node)) < 0)
		err = -EFAULT;
	return err;
}

SYSCALL_DEFINE(ioprio_get)
{
	int which = (int)a[0];
	int who = (int)a[1];
	if (which == IOPRIO_WHO_PROCESS_LINUX)
		who = thread_pid(t, who);
	return host_ret(syscall(SYS_ioprio_get, which, who));
}

SYSCALL_DEFINE(ioprio_set)
{
	int which = (int)a[0];
	int who = (int)a[1];
	if (which == IOPRIO_WHO_PROCESS_LINUX)
		who = thread_pid(t, who);
	return host_ret(syscall(SYS_ioprio_set, which, who, (int)a[2]));
}
