/* kernel/fdtable.h: fd-table services beyond the three core calls declared in kernel/proc.h. */
#pragma once
#include "kernel/proc.h"

/* exec: close every guest fd marked close-on-exec (elfuse's exec stays in
 * the same host process, so the host kernel does not do it). Returns 0 or -errno. */
int fd_close_on_exec(struct process *p);
