/* kernel/children.c: which children of this process have exec'd, for
 * setpgid(2)'s EACCES.
 *
 * Linux refuses to move a child into another process group once it has
 * called execve. elfuse's exec stays in the child's host process, so the
 * host would allow it. Each process keeps a page shared with its children
 * (an anonymous MAP_SHARED mapping stays shared across fork): before a
 * fork it reserves a slot there, and the child marks its slot when it
 * execs. */
#include "kernel/children.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096
#define SLOTS (PAGE / sizeof(struct child_slot))

struct child_slot {
	int32_t pid; /* 0: free; -1: reserved for a fork under way */
	int32_t execed;
};

static struct child_slot *mine;	   /* my children's slots */
static struct child_slot *parents; /* my parent's page, holding my slot */
static int my_slot = -1;
static unsigned next;

static struct child_slot *my_page(void)
{
	if (!mine) {
		void *m = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		mine = m == MAP_FAILED ? NULL : m;
	}
	return mine;
}

int children_reserve(void)
{
	struct child_slot *pg = my_page();
	if (!pg)
		return -1;
	unsigned i = next % SLOTS;
	for (unsigned k = 0; k < SLOTS; k++) {
		unsigned j = (next + k) % SLOTS;
		pid_t pid = __atomic_load_n(&pg[j].pid, __ATOMIC_ACQUIRE);
		if (pid == 0 || (pid > 0 && kill(pid, 0) < 0 && errno == ESRCH)) {
			i = j; /* free, or its child is long gone (else: the oldest) */
			break;
		}
	}
	next = i + 1;
	__atomic_store_n(&pg[i].execed, 0, __ATOMIC_RELEASE);
	__atomic_store_n(&pg[i].pid, -1, __ATOMIC_RELEASE);
	return (int)i;
}

void children_forked(int slot, pid_t pid)
{
	if (slot >= 0 && mine)
		__atomic_store_n(&mine[slot].pid, pid > 0 ? pid : 0, __ATOMIC_RELEASE);
}

void children_in_child(int slot)
{
	if (parents)
		munmap(parents, PAGE); /* my grandparent's: not mine to mark */
	parents = mine;
	my_slot = slot;
	mine = NULL;
	next = 0;
}

void children_note_exec(void)
{
	if (parents && my_slot >= 0)
		__atomic_store_n(&parents[my_slot].execed, 1, __ATOMIC_RELEASE);
}

/* Is pid (still) a child of ours? (/proc/<pid>/stat's ppid) */
static int is_my_child(pid_t pid)
{
	char path[48], buf[512];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return 0;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = 0;
	char *s = NULL;
	for (char *q = buf; *q; q++)
		if (*q == ')')
			s = q; /* the comm may hold ')' itself: take the last */
	int ppid = 0;
	char state;
	return s && sscanf(s + 1, " %c %d", &state, &ppid) == 2 && ppid == getpid();
}

int children_execed(pid_t pid)
{
	if (!mine || pid <= 0)
		return 0;
	for (unsigned i = 0; i < SLOTS; i++)
		if (__atomic_load_n(&mine[i].pid, __ATOMIC_ACQUIRE) == pid)
			return __atomic_load_n(&mine[i].execed, __ATOMIC_ACQUIRE) && is_my_child(pid);
	return 0;
}
