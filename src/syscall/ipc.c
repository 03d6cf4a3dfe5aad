/* syscall/ipc.c: SysV IPC (shared memory, semaphores, message queues): the
 * host's objects, with structures marshalled and segments attached into
 * guest memory. */
#include <errno.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <time.h>
#include <stdlib.h>
#include <unistd.h>

#include "kernel/hostwait.h"
#include "syscall/syscall.h"

#define IPC_BUF 512 /* larger than any of the *_ds / *info structures */
#define SEMOPM_MAX 4096
#define MSGMAX_GUEST (1 << 20)

SYSCALL_DEFINE(shmget) { return host_ret(syscall(SYS_shmget, (key_t)a[0], (size_t)a[1], (int)a[2])); }
SYSCALL_DEFINE(semget) { return host_ret(syscall(SYS_semget, (key_t)a[0], (int)a[1], (int)a[2])); }
SYSCALL_DEFINE(msgget) { return host_ret(syscall(SYS_msgget, (key_t)a[0], (int)a[1])); }

/* The size of what a *ctl command reads or writes through its pointer. */
static size_t ctl_size(int cmd, size_t ds, size_t info, size_t info2)
{
	switch (cmd & 0xff) {
	case IPC_STAT: case IPC_SET: case SHM_STAT: case SHM_STAT_ANY:
		return ds;
	case IPC_INFO:
		return info;
	case SHM_INFO:
		return info2;
	default:
		return 0;
	}
}

/* shmctl/msgctl: structure in (IPC_SET), call, structure out (stat/info). */
static long ctl_marshal(struct thread *t, long nr, int id, int cmd, uint64_t ptr, size_t size)
{
	uint64_t buf[IPC_BUF / 8] = {0};
	int in = (cmd & 0xff) == IPC_SET;
	if (size && in && guest_read(t_mm(t), ptr, buf, size) < 0)
		return -EFAULT;
	long r = host_ret(syscall(nr, id, cmd, size ? (void *)buf : (void *)(uintptr_t)ptr));
	if (r >= 0 && size && !in && guest_write(t_mm(t), ptr, buf, size) < 0)
		return -EFAULT;
	return r;
}

SYSCALL_DEFINE(shmctl)
{
	size_t size = ctl_size((int)a[1], sizeof(struct shmid_ds), sizeof(struct shminfo), sizeof(struct shm_info));
	return ctl_marshal(t, SYS_shmctl, (int)a[0], (int)a[1], a[2], size);
}

SYSCALL_DEFINE(msgctl)
{
	size_t size = ctl_size((int)a[1], sizeof(struct msqid_ds), sizeof(struct msginfo), sizeof(struct msginfo));
	return ctl_marshal(t, SYS_msgctl, (int)a[0], (int)a[1], a[2], size);
}

SYSCALL_DEFINE(shmat)
{
	int id = (int)a[0], flg = (int)a[2];
	uint64_t addr = a[1];
	struct shmid_ds ds;
	if (syscall(SYS_shmctl, id, IPC_STAT, &ds) < 0)
		return -errno;
	if (addr & (PAGE_SIZE - 1)) {
		if (!(flg & SHM_RND))
			return -EINVAL;
		addr &= PAGE_MASK;
	}
	if ((flg & SHM_REMAP) && !addr)
		return -EINVAL;
	struct mm *mm = t_mm(t);
	pthread_mutex_lock(&mm->lock);
	int64_t r = mm_shmat(mm, addr, ds.shm_segsz, id, (flg & SHM_RDONLY) != 0, (flg & SHM_REMAP) != 0);
	pthread_mutex_unlock(&mm->lock);
	return (long)r;
}

SYSCALL_DEFINE(shmdt)
{
	struct mm *mm = t_mm(t);
	pthread_mutex_lock(&mm->lock);
	int r = mm_shmdt(mm, a[0]);
	pthread_mutex_unlock(&mm->lock);
	return r;
}

static long do_semop(struct thread *t, uint64_t *a, const struct timespec *ts)
{
	size_t n = (size_t)a[2];
	if (n == 0 || n > SEMOPM_MAX)
		return n == 0 ? -EINVAL : -E2BIG;
	struct sembuf ops[64], *big = NULL, *p = ops;
	if (n > 64 && !(p = big = calloc(n, sizeof *p)))
		return -ENOMEM;
	long r =
	    guest_read(t_mm(t), a[1], p, n * sizeof *p) < 0 ? -EFAULT : host_wait(SYS_semtimedop, (int)a[0], p, n, ts);
	free(big);
	return r;
}

SYSCALL_DEFINE(semop) { return do_semop(t, (uint64_t *)a, NULL); }

SYSCALL_DEFINE(semtimedop)
{
	struct timespec ts;
	if (a[3] && guest_read(t_mm(t), a[3], &ts, sizeof ts) < 0)
		return -EFAULT;
	return do_semop(t, (uint64_t *)a, a[3] ? &ts : NULL);
}

SYSCALL_DEFINE(semctl)
{
	int id = (int)a[0], num = (int)a[1], cmd = (int)a[2];
	uint64_t arg = a[3];
	switch (cmd & 0xff) {
	case IPC_STAT: case IPC_SET: case SEM_STAT: case SEM_STAT_ANY: case IPC_INFO: case SEM_INFO: {
		size_t size = ((cmd & 0xff) == IPC_INFO || (cmd & 0xff) == SEM_INFO) ? sizeof(struct seminfo)
										     : sizeof(struct semid_ds);
		uint64_t buf[IPC_BUF / 8] = {0};
		int in = (cmd & 0xff) == IPC_SET;
		if (in && guest_read(t_mm(t), arg, buf, size) < 0)
			return -EFAULT;
		long r = host_ret(syscall(SYS_semctl, id, num, cmd, buf));
		if (r >= 0 && !in && guest_write(t_mm(t), arg, buf, size) < 0)
			return -EFAULT;
		return r;
	}
	case GETALL: case SETALL: {
		struct semid_ds ds;
		if (syscall(SYS_semctl, id, 0, IPC_STAT, &ds) < 0)
			return -errno;
		size_t n = (size_t)ds.sem_nsems;
		unsigned short *vals = calloc(n ? n : 1, sizeof *vals);
		if (!vals)
			return -ENOMEM;
		long r = 0;
		if ((cmd & 0xff) == SETALL && guest_read(t_mm(t), arg, vals, n * sizeof *vals) < 0)
			r = -EFAULT;
		if (r == 0)
			r = host_ret(syscall(SYS_semctl, id, num, cmd, vals));
		if (r >= 0 && (cmd & 0xff) == GETALL && guest_write(t_mm(t), arg, vals, n * sizeof *vals) < 0)
			r = -EFAULT;
		free(vals);
		return r;
	}
	default: /* GETVAL, SETVAL (arg is the value), GETPID, GETNCNT, GETZCNT, IPC_RMID */
		return host_ret(syscall(SYS_semctl, id, num, cmd, arg));
	}
}

SYSCALL_DEFINE(msgsnd)
{
	size_t sz = (size_t)a[2];
	if ((long)a[2] < 0 || sz > MSGMAX_GUEST)
		return -EINVAL;
	char *buf = malloc(sizeof(long) + sz);
	if (!buf)
		return -ENOMEM;
	long r = guest_read(t_mm(t), a[1], buf, sizeof(long) + sz) < 0
		     ? -EFAULT
		     : host_wait(SYS_msgsnd, (int)a[0], buf, sz, (int)a[3]);
	free(buf);
	return r;
}

SYSCALL_DEFINE(msgrcv)
{
	size_t sz = (size_t)a[2];
	if ((long)a[2] < 0)
		return -EINVAL;
	if (sz > MSGMAX_GUEST)
		sz = MSGMAX_GUEST; /* no message is larger than the host's MSGMAX anyway */
	char *buf = malloc(sizeof(long) + sz);
	if (!buf)
		return -ENOMEM;
	long r = host_wait(SYS_msgrcv, (int)a[0], buf, sz, (long)a[3], (int)a[4]);
	if (r >= 0 && guest_write(t_mm(t), a[1], buf, sizeof(long) + (size_t)r) < 0)
		r = -EFAULT;
	free(buf);
	return r;
}
