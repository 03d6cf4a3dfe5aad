/* platform/xport.S: the transport syscall stub, copied into each vCPU's code
 * page; its data page follows at +4096 (RIP-relative addressing). */
#include "platform/layout.h"
#include "platform/xport.h"

#define D(off) xport_pvm_start + 4096 + off(%rip) /* this vCPU's data page */
#define C(off) xport_pvm_start + XC_IDENT + off(%rip) /* this vCPU's published ids */
#define P(off) XPORT_IDENT_VA + off                   /* the process's published ids */

/* An identity call answered from a published value when its valid bit is
 * set; otherwise the call goes the normal way with RAX = its number again. */
.macro IDHIT src, kind, nr
	mov \src, %rax
	bt $32, %rax
	jc .Lhit\@
	mov $\nr, %eax
	jmp 19b
.Lhit\@:
	incq D(XD_IDHITS + 8 * \kind)
	jmp 40f
.endm

	.section .rodata
	.globl xport_pvm_start, xport_pvm_end, xport_pvm_tail, xport_pvm_tail_end
	.balign 16
/* PVM: runs at CPL3. Only RCX and R11 may be clobbered, and they are
 * restored to what `syscall` left in them (return RIP, RFLAGS). */
xport_pvm_start:
	cmp $39, %rax
	je 21f
	cmp $110, %rax
	je 22f
	cmp $186, %rax
	je 23f
	cmp $102, %rax
	je 24f
	cmp $107, %rax
	je 25f
	cmp $104, %rax
	je 26f
	cmp $108, %rax
	je 27f
	cmp $111, %rax
	je 28f
	cmp $121, %rax
	je 29f
	cmp $124, %rax
	je 30f
19:	cmpl $1, D(XD_ENABLED)
	jne 8f
	mov %rax, D(XD_NR)
	mov %rdi, D(XD_ARGS + 0)
	mov %rsi, D(XD_ARGS + 8)
	mov %rdx, D(XD_ARGS + 16)
	mov %r10, D(XD_ARGS + 24)
	mov %r8, D(XD_ARGS + 32)
	mov %r9, D(XD_ARGS + 40)
	mov %rcx, D(XD_RCX)
	mov %r11, D(XD_R11)
	movl $XS_POSTED, D(XD_STATE)
	mov $800, %ecx /* ~20 us: about one exit's cost */
1:	pause
	mov D(XD_STATE), %eax
	cmp $XS_DONE, %eax
	je xport_pvm_tail
	cmp $XS_REJECTED, %eax
	je 6f
	cmp $XS_BUSY, %eax
	je 1b
	dec %ecx
	jnz 1b
	/* Nobody took it: withdraw it (if still posted) and exit instead. */
	mov $XS_POSTED, %eax
	xor %ecx, %ecx
	lock cmpxchg %ecx, D(XD_STATE)
	jz 10f
	mov $1, %ecx
	jmp 1b
6:	movl $XS_FREE, D(XD_STATE)
7:	mov D(XD_NR), %rax
	mov D(XD_RCX), %rcx
	mov D(XD_R11), %r11
8:	movabs %al, SYS_DOORBELL_VA + DOORBELL_SYSCALL
	ud2
10:	/* Withdrawn: tell the host, so it can back off on a loaded machine. */
	mov D(XD_NR), %rax
	mov D(XD_RCX), %rcx
	mov D(XD_R11), %r11
	movabs %al, SYS_DOORBELL_VA + DOORBELL_WITHDRAWN
	ud2
9:	/* A signal is waiting: complete through an exit so it is delivered now. */
	mov D(XD_RESULT), %rax
	mov D(XD_RCX), %rcx
	mov D(XD_R11), %r11
	movl $XS_FREE, D(XD_STATE)
	movabs %al, SYS_DOORBELL_VA + DOORBELL_COMPLETE
	ud2

21:	IDHIT P(XI_PID), 0, 39
22:	IDHIT P(XI_PPID), 1, 110
23:	IDHIT C(XI_TID), 2, 186
24:	IDHIT C(XI_UID), 3, 102
25:	IDHIT C(XI_EUID), 4, 107
26:	IDHIT C(XI_GID), 5, 104
27:	IDHIT C(XI_EGID), 6, 108
28:	IDHIT P(XI_PGRP), 7, 111
29:	test %rdi, %rdi /* getpgid(0) */
	jnz 19b
	IDHIT P(XI_PGRP), 8, 121
30:	test %rdi, %rdi /* getsid(0) */
	jnz 19b
	IDHIT P(XI_SID), 9, 124
40:	mov %eax, %eax /* an answered identity call completes like a served one */
	mov %rax, D(XD_RESULT)
	mov %rcx, D(XD_RCX)
	mov %r11, D(XD_R11)
xport_pvm_tail:
	/* From here to the tail's end the host can finish the return itself if
	 * kicked (the result, RCX and R11 are in the data page). */
	cmpl $0, D(XD_ATTN)
	jne 9b
	mov D(XD_RESULT), %rax
	mov D(XD_RCX), %rcx
	mov D(XD_R11), %r11
	mov %rsp, D(XD_RSP)
	lea D(XD_STACK), %rsp
	movl $XS_FREE, D(XD_STATE)
	push %r11
	popfq
	mov D(XD_RSP), %rsp
	jmp *%rcx
xport_pvm_tail_end:
xport_pvm_end:
	.section .note.GNU-stack,"",@progbits
