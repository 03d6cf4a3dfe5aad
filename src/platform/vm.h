/* platform/vm.h: the only interface to hardware virtualization (KVM). */
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "platform/layout.h"

/* Guest general-purpose registers; same layout as struct kvm_regs. */
struct cpu_regs {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rsp, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rip, rflags;
};


enum vcpu_event_kind {
	EV_SYSCALL, /* regs hold number (rax) and args; return via vcpu_syscall_return */
	EV_FAULT,   /* user-mode exception: vector, error code, cr2 */
	EV_KICK,    /* KVM_RUN interrupted by a host signal or vcpu_kick */
	EV_FATAL,   /* the VM is in a state elfuse cannot continue from */
	EV_XPORT_DONE, /* a posted call completed through an exit: RAX holds its result */
	EV_MEMFAULT,   /* KVM could not access the memory behind guest-physical cr2 */
};

struct vcpu_event {
	enum vcpu_event_kind kind;
	int vector;
	uint64_t error_code;
	uint64_t cr2;
	/* user context at the fault (from the iret frame) */
	uint64_t fault_rip, fault_rsp, fault_rflags;
	const char *why; /* EV_FATAL */
	int withdrawn;   /* EV_SYSCALL: the transport post timed out first */
};

struct vm;
struct vcpu;

/* Physical memory for the VM is supplied by mm as host ranges. */
struct vm *vm_create(void);
void vm_destroy(struct vm *vm);
/* Register host memory [host, host+len) at guest-physical gpa. */
int vm_add_memory(struct vm *vm, uint64_t gpa, void *host, size_t len);
/* Guest-physical address of the MMIO doorbell page (has no memory behind it). */
uint64_t vm_doorbell_gpa(void);
/* How many vCPUs this VM may have. */
int vm_max_vcpus(struct vm *vm);

/* Layout of the system area the platform needs mapped; mm allocates
 * physical pages for these and maps them at SYS_AREA_VA + offset. */
struct sys_area_page {
	uint64_t va;
	int user;   /* U bit */
	int write;  /* W bit */
	int exec;
	int mmio;   /* map the doorbell GPA instead of a page */
};
/* The platform writes its static content (GDT, IDT, stub code) through this callback. */
typedef void *(*sys_area_map_fn)(void *ctx, const struct sys_area_page *p);
int vm_setup_sys_area(struct vm *vm, sys_area_map_fn map, void *ctx);

struct vcpu *vcpu_create(struct vm *vm, int index, uint64_t cr3);
void vcpu_destroy(struct vcpu *v);
int vcpu_run(struct vcpu *v, struct vcpu_event *ev);
struct cpu_regs *vcpu_regs(struct vcpu *v); /* live view; edits are written back at next run */
void vcpu_regs_dirty(struct vcpu *v);
uint64_t vcpu_get_fs(struct vcpu *v);
int vcpu_set_fs(struct vcpu *v, uint64_t base);
uint64_t vcpu_get_gs(struct vcpu *v);
int vcpu_set_gs(struct vcpu *v, uint64_t base);
/* Finish a syscall: RAX = result, resume at the instruction after syscall. */
void vcpu_syscall_return(struct vcpu *v, uint64_t result);
/* Return from the syscall by re-executing it (restart after a signal), RAX = nr. */
void vcpu_syscall_restart(struct vcpu *v, uint64_t nr);
/* Redirect user context (for signal delivery / sigreturn). Valid after
 * EV_SYSCALL or EV_FAULT; sets rip/rsp/rflags of the user context. */
void vcpu_set_user_context(struct vcpu *v, uint64_t rip, uint64_t rsp, uint64_t rflags);
/* User rip/rsp/rflags of the context that will be resumed. */
void vcpu_get_user_context(struct vcpu *v, uint64_t *rip, uint64_t *rsp, uint64_t *rflags);
/* After EV_KICK: is the vCPU at a user instruction a signal frame may interrupt? */
int vcpu_at_user_boundary(struct vcpu *v);
/* Make a running vCPU return EV_KICK soon (from another thread). */
void vcpu_kick(struct vcpu *v);
void vcpu_set_immediate_exit(struct vcpu *v, int on);
/* FPU/XSAVE state save/restore (for signal frames and fork). */
int vcpu_get_xsave(struct vcpu *v, void *buf, size_t len);
int vcpu_set_xsave(struct vcpu *v, const void *buf, size_t len);
size_t vcpu_xsave_size(void);
/* A vCPU's user-visible state, for fork (a copy in a new VM) and new threads. */
struct vcpu_state {
	struct cpu_regs regs; /* rip/rsp/rflags: the user context to resume */
	uint64_t fs_base, gs_base;
	uint8_t xsave[4096] __attribute__((aligned(64)));
};
/* Capture the user context as it will resume (after a syscall: its return). */
int vcpu_save_state(struct vcpu *v, struct vcpu_state *st);
/* Load a state into a freshly created vCPU (it starts in user mode). */
int vcpu_load_state(struct vcpu *v, const struct vcpu_state *st);
/* Forget a VM and vCPU inherited across host fork() without touching KVM
 * (the child's fds to them are unusable: they belong to the parent's mm). */
void vm_forget(struct vm *vm);
void vcpu_forget(struct vcpu *v);
/* guest TSC = host TSC + *offset; *khz is the TSC frequency (0 if unknown). */
int vcpu_guest_tsc_offset(struct vcpu *v, int64_t *offset, uint32_t *khz);
/* Make this vCPU's TSC read host TSC + offset (consistent across vCPUs and fork). */
int vcpu_set_tsc_offset(struct vcpu *v, int64_t offset);
/* Exit-free transport: map this vCPU's stub and shared page and point its
 * LSTAR there. Returns the host view of the shared page (platform/xport.h),
 * or NULL where the transport is not available (then the doorbell is used). */
volatile uint32_t *vcpu_xport_setup(struct vcpu *v);
/* After EV_KICK: if the vCPU was inside the transport stub, either finish
 * its return here (returns 1: now at a user boundary) or ask the stub to
 * complete through an exit so pending signals get delivered (returns 0). */
int vcpu_xport_fixup(struct vcpu *v);
/* In-guest answers (platform/xport.h): publish (valid) or withdraw a value the
 * stub returns for an identity call: per vCPU (XI_TID, XI_UID...) or per
 * process (XI_PID, XI_PPID...). No-ops until the transport page exists. */
void vcpu_ident_set(struct vcpu *v, int off, int valid, uint32_t value);
void vm_ident_set(struct vm *vm, int off, int valid, uint32_t value);
/* How many calls of kind k (XI_KINDS order) this vCPU's stub answered. */
uint64_t vcpu_ident_hits(struct vcpu *v, int kind);
/* Which entry protocol the probe chose: "pvm" or "vmx/svm". */
const char *vm_protocol_name(void);
/* Host fds used by the platform (moved into elfuse's private range). */
