/* kernel/sigstate.h: signal services other layers call (masks, dispositions, forcing). */
#pragma once
#include "kernel/proc.h"

void sig_apply_mask(struct thread *t, guest_sigset_t mask);
void sig_mirror_action(struct process *p, int sig);
void sig_force(struct thread *t, int sig, int code, uint64_t addr);
void sig_kick_thread(struct thread *t);
/* Frames (sigframe.c). */
int sig_setup_frame(struct thread *t, int sig, const struct guest_siginfo *info, const struct guest_sigaction *ga,
		    guest_sigset_t old_mask);
long sig_return(struct thread *t);
