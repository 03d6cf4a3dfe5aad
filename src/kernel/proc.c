/* kernel/proc.c: creation of the process and thread records. */
#include "kernel/peerview.h"
#include "kernel/proc.h"

#include "platform/private_fd.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

struct process *current_process;

struct process *process_new(void)
{
	struct process *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->pid = getpid();
	p->root_fd = -1;
	p->vfork_fd = -1;
	pthread_mutex_init(&p->lock, NULL);
	p->nofile_cur = guest_nofile_soft;
	getrlimit(RLIMIT_STACK, &p->stack_rlim);
	return p;
}

struct thread *thread_new(struct process *p)
{
	struct thread *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->proc = p;
	t->tid = (pid_t)syscall(SYS_gettid);
	pthread_mutex_lock(&p->lock);
	memcpy(t->comm, p->comm, sizeof t->comm);
	t->next = p->threads;
	p->threads = t;
	__atomic_add_fetch(&p->nthreads, 1, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&p->lock);
	peerview_threads(p);
	return t;
}

int thread_set_comm(struct process *p, pid_t tid, const char *name)
{
	int r = -ESRCH;
	pthread_mutex_lock(&p->lock);
	for (struct thread *x = p->threads; x; x = x->next)
		if (x->tid == tid) {
			memcpy(x->comm, name, sizeof x->comm);
			r = 0;
		}
	if (r == 0 && tid == p->pid)
		memcpy(p->comm, name, sizeof p->comm);
	pthread_mutex_unlock(&p->lock);
	return r;
}

int thread_unlink(struct process *p, struct thread *t)
{
	pthread_mutex_lock(&p->lock);
	for (struct thread **pp = &p->threads; *pp; pp = &(*pp)->next)
		if (*pp == t) {
			*pp = t->next;
			__atomic_sub_fetch(&p->nthreads, 1, __ATOMIC_RELEASE);
			break;
		}
	int left = p->nthreads;
	pthread_mutex_unlock(&p->lock);
	peerview_threads(p);
	return left;
}

int proc_is_text(const struct process *p, dev_t dev, ino_t ino)
{
	for (int i = 0; i < 2; i++)
		if (p->text_ino[i] && p->text_ino[i] == ino && p->text_dev[i] == dev)
			return 1;
	return 0;
}
