/* run/helper_thread.c: elfuse's own host threads (the transport server, the
 * parent watcher): detached, and never the target of a signal, since every
 * signal the process takes is the guest's. */
#include <pthread.h>
#include <signal.h>

#include "run/run.h"

int run_helper_thread(void *(*fn)(void *), void *arg, size_t stack)
{
	pthread_t th;
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, stack);
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old); /* the new thread starts with this mask */
	int r = pthread_create(&th, &attr, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	return r == 0 ? 0 : -r;
}
