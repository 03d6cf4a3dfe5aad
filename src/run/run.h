/* run/run.h: driving vCPUs: process start, the thread loop, process death. */
#pragma once
#include "kernel/proc.h"

struct launch {
	const char *path;
	char **argv;
	char **envp;
	const char *sysroot;
	const char *trace_file; /* NULL: no trace; "" or "-": stderr */
	int verbose;
};

/* Boot the first guest process and run it; returns only on failure to start
 * (the exit status elfuse should use). */
int run_launch(const struct launch *l);
/* The vCPU loop of one thread; never returns. */
_Noreturn void run_thread(struct thread *t);
/* End the host process as the guest's exit or death demands. */
_Noreturn void run_exit(int status);
_Noreturn void run_die_by_signal(int sig);
