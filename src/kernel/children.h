/* kernel/children.h: which children have exec'd (setpgid's EACCES). */
#pragma once
#include <sys/types.h>

/* Parent, before a fork: a slot for the child (-1: none to be had). */
int children_reserve(void);
/* Parent, after the fork: the slot belongs to pid (pid < 0: the fork failed). */
void children_forked(int slot, pid_t pid);
/* Child, right after the fork: its parent reserved slot for it. */
void children_in_child(int slot);
/* A successful execve: the parent's slot for this process says so. */
void children_note_exec(void);
/* 1 if pid is a child of this process that has exec'd since its fork. */
int children_execed(pid_t pid);
