/* kernel/signal.h: guest signal state: dispositions, masks, pending sets, siginfo. */
#pragma once
#include <stdint.h>

#define GUEST_NSIG 64
typedef uint64_t guest_sigset_t; /* bit (n-1) for signal n, as the kernel's sigset */

struct guest_sigaction {
	uint64_t handler; /* SIG_DFL=0, SIG_IGN=1, or guest address */
	uint64_t flags;
	uint64_t restorer;
	guest_sigset_t mask;
};

/* The kernel's siginfo_t: 128 bytes. */
struct guest_siginfo {
	int32_t si_signo, si_errno, si_code, pad;
	union {
		uint8_t raw[112];
		struct {
			int32_t pid;
			uint32_t uid;
			int32_t status; /* SIGCHLD */
		} kill;
		struct {
			uint64_t addr;
		} fault;
	} u;
};

/* Dispositions, shared by all threads. Pending sets live in the host kernel
 * (host dispositions and masks mirror the guest's) and in struct thread. */
struct sighand {
	struct guest_sigaction action[GUEST_NSIG + 1];
};

/* Host signal elfuse uses to kick a vCPU thread (distinguished from a guest
 * signal of the same number by the sender and a flag). */
#define SIG_KICK 64

#define SIGBIT(n) (1ULL << ((n)-1))
#define GUEST_SA_RESTORER 0x04000000ULL
