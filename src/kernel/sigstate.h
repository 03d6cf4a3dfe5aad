/* kernel/sigstate.h: signal services other layers call (masks, dispositions, forcing). */
#pragma once
#include <signal.h>

#include "kernel/proc.h"

void sig_apply_mask(struct thread *t, guest_sigset_t mask);
void sig_mirror_action(struct process *p, int sig);
void sig_force(struct thread *t, int sig, int code, uint64_t addr);
void sig_kick_thread(struct thread *t);
/* A guest signal t may take now is recorded for it: a host wait that a
 * kick interrupted (or that began after the kick) must end. */
int sig_waiting(struct thread *t);
/* The host sigset for a guest mask (kick signal, SIGKILL, SIGSTOP left out). */
void sig_host_mask(guest_sigset_t g, sigset_t *out);
/* ppoll/pselect6/epoll_pwait/sigsuspend-style temporary masks: begin sets
 * the guest mask (the caller passes the host set from sig_host_mask to the
 * host call so it applies atomically); end restores it unless the call was
 * interrupted (then delivery restores it after building the frame). */
void sig_temp_mask_begin(struct thread *t, guest_sigset_t mask);
void sig_temp_mask_end(struct thread *t, long ret);
/* Frames (sigframe.c). */
int sig_setup_frame(struct thread *t, int sig, const struct guest_siginfo *info, const struct guest_sigaction *ga,
		    guest_sigset_t old_mask);
long sig_return(struct thread *t);
