/* platform/xport.S: the transport syscall stub, copied into each vCPU's code
 * page; its data page follows at +4096 (RIP-relative addressing). */
#include "platform/layout.h"
#include "platform/xport.h"

#define D(off) (4096 + off - (. - xport_pvm_start))

	.section .rodata
	.globl xport_pvm_start, xport_pvm_end, xport_pvm_tail
	.balign 16
/* PVM: runs at CPL3. Only RCX and R11 may be clobbered, and they are
 * restored to what `syscall` left in them (return RIP, RFLAGS). */
xport_pvm_start:
	cmpl $1, xport_pvm_start + 4096 + XD_ENABLED(%rip)
	jne 8f
	mov %rax, xport_pvm_start + 4096 + XD_NR(%rip)
	mov %rdi, xport_pvm_start + 4096 + XD_ARGS + 0(%rip)
	mov %rsi, xport_pvm_start + 4096 + XD_ARGS + 8(%rip)
	mov %rdx, xport_pvm_start + 4096 + XD_ARGS + 16(%rip)
	mov %r10, xport_pvm_start + 4096 + XD_ARGS + 24(%rip)
	mov %r8, xport_pvm_start + 4096 + XD_ARGS + 32(%rip)
	mov %r9, xport_pvm_start + 4096 + XD_ARGS + 40(%rip)
	mov %rcx, xport_pvm_start + 4096 + XD_RCX(%rip)
	mov %r11, xport_pvm_start + 4096 + XD_R11(%rip)
	movl $XS_POSTED, xport_pvm_start + 4096 + XD_STATE(%rip)
	mov $800, %ecx /* ~20 us: about one exit's cost */
1:	pause
	mov xport_pvm_start + 4096 + XD_STATE(%rip), %eax
	cmp $XS_DONE, %eax
	je 5f
	cmp $XS_REJECTED, %eax
	je 6f
	cmp $XS_BUSY, %eax
	je 1b
	dec %ecx
	jnz 1b
	/* Nobody took it: withdraw it (if still posted) and exit instead. */
	mov $XS_POSTED, %eax
	xor %ecx, %ecx
	lock cmpxchg %ecx, xport_pvm_start + 4096 + XD_STATE(%rip)
	jz 10f
	mov $1, %ecx
	jmp 1b
5:	cmpl $0, xport_pvm_start + 4096 + XD_ATTN(%rip)
	jne 9f
xport_pvm_tail:
	/* From here on the host can finish the return itself if kicked. */
	mov xport_pvm_start + 4096 + XD_RESULT(%rip), %rax
	mov xport_pvm_start + 4096 + XD_RCX(%rip), %rcx
	mov xport_pvm_start + 4096 + XD_R11(%rip), %r11
	mov %rsp, xport_pvm_start + 4096 + XD_RSP(%rip)
	lea xport_pvm_start + 4096 + XD_STACK(%rip), %rsp
	movl $XS_FREE, xport_pvm_start + 4096 + XD_STATE(%rip)
	push %r11
	popfq
	mov xport_pvm_start + 4096 + XD_RSP(%rip), %rsp
	jmp *%rcx
6:	movl $XS_FREE, xport_pvm_start + 4096 + XD_STATE(%rip)
7:	mov xport_pvm_start + 4096 + XD_NR(%rip), %rax
	mov xport_pvm_start + 4096 + XD_RCX(%rip), %rcx
	mov xport_pvm_start + 4096 + XD_R11(%rip), %r11
8:	movabs %al, SYS_DOORBELL_VA + DOORBELL_SYSCALL
	ud2
10:	/* Withdrawn: tell the host, so it can back off on a loaded machine. */
	mov xport_pvm_start + 4096 + XD_NR(%rip), %rax
	mov xport_pvm_start + 4096 + XD_RCX(%rip), %rcx
	mov xport_pvm_start + 4096 + XD_R11(%rip), %r11
	movabs %al, SYS_DOORBELL_VA + DOORBELL_WITHDRAWN
	ud2
9:	/* A signal is waiting: complete through an exit so it is delivered now. */
	mov xport_pvm_start + 4096 + XD_RESULT(%rip), %rax
	mov xport_pvm_start + 4096 + XD_RCX(%rip), %rcx
	mov xport_pvm_start + 4096 + XD_R11(%rip), %r11
	movl $XS_FREE, xport_pvm_start + 4096 + XD_STATE(%rip)
	movabs %al, SYS_DOORBELL_VA + DOORBELL_COMPLETE
	ud2
xport_pvm_end:
	.section .note.GNU-stack,"",@progbits
