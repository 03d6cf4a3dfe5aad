/* kernel/hostsig.h: raw host signal calls (sets are kernel sigsets: bit n-1 = signal n). */
#pragma once
#include <signal.h>
#include <stdint.h>
#include <time.h>

/* handler: SIG_DFL, SIG_IGN or a sa_sigaction-style function; flags: SA_*. */
int hostsig_action(int sig, void *handler, unsigned long flags, uint64_t mask);
int hostsig_ignored(int sig);
void hostsig_setmask(uint64_t set, uint64_t *old);
uint64_t hostsig_getmask(void);
int hostsig_timedwait(uint64_t set, void *info, const struct timespec *ts);
