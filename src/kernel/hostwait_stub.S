/* kernel/hostwait_stub.S: a host syscall that a signal handler can cancel
 * before it starts (see hostwait.c).
 *
 * long hostwait_syscall(volatile int *wake, long nr, long a1, ..., long a6)
 *
 * From hostwait_begin up to and including the syscall instruction at
 * hostwait_end, a handler that finds the interrupted RIP in that range
 * moves it to hostwait_cancel: the call then never starts. A handler that
 * ran before hostwait_begin has set *wake, which is read inside the range. */
	.text
	.globl hostwait_syscall, hostwait_begin, hostwait_end, hostwait_cancel
	.hidden hostwait_syscall, hostwait_begin, hostwait_end, hostwait_cancel
	.type hostwait_syscall, @function
hostwait_syscall:
	mov %rdi, %r11
	mov %rsi, %rax
	mov %rdx, %rdi
	mov %rcx, %rsi
	mov %r8, %rdx
	mov %r9, %r10
	mov 8(%rsp), %r8
	mov 16(%rsp), %r9
hostwait_begin:
	cmpl $0, (%r11)
	jne hostwait_cancel
hostwait_end:
	syscall
	ret
hostwait_cancel:
	mov $-1000, %rax /* HOSTWAIT_CANCELLED */
	ret
	.size hostwait_syscall, . - hostwait_syscall

	.section .note.GNU-stack, "", @progbits
