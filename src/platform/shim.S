/* platform/shim.S: guest code copied to the entry page (SYS_ENTRY_VA). */
#include "platform/layout.h"

	.section .rodata
	.globl shim_start, shim_end, shim_syscall_off, shim_exc_table_off, shim_iret_off
	.balign 16
shim_start:
/* LSTAR. PVM: runs at CPL3; the store exits and the host resumes at RCX.
 * VMX/SVM: runs at CPL0; after the exit, sysretq returns to user mode. */
syscall_entry:
	movabs %al, SYS_DOORBELL_VA
	sysretq

/* Exception stubs: uniform frame (error code, then the CPU's iret frame). */
exc_common_tail:
	add $8, %rsp
iret_only:
	iretq

.macro EXC vec, has_err
	.balign 16
exc_\vec:
	.if \has_err == 0
	pushq $0
	.endif
	outb %al, $(EXC_PORT_BASE + \vec)
	jmp exc_common_tail
.endm

	EXC 0,0
	EXC 1,0
	EXC 2,0
	EXC 3,0
	EXC 4,0
	EXC 5,0
	EXC 6,0
	EXC 7,0
	EXC 8,1
	EXC 9,0
	EXC 10,1
	EXC 11,1
	EXC 12,1
	EXC 13,1
	EXC 14,1
	EXC 15,0
	EXC 16,0
	EXC 17,1
	EXC 18,0
	EXC 19,0
	EXC 20,0
	EXC 21,1
	EXC 22,0
	EXC 23,0
	EXC 24,0
	EXC 25,0
	EXC 26,0
	EXC 27,0
	EXC 28,0
	EXC 29,1
	EXC 30,1
	EXC 31,0
shim_end:

	.balign 8
shim_syscall_off:
	.quad syscall_entry - shim_start
shim_exc_table_off:
	.quad exc_0 - shim_start
shim_iret_off:
	.quad iret_only - shim_start
	.section .note.GNU-stack,"",@progbits
