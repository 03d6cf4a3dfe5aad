/* platform/layout.h: where the platform's system structures live in guest memory. */
#pragma once

/* Fixed guest virtual addresses of elfuse's system area (upper half, U=0
 * except the syscall entry page). */
#define SYS_AREA_VA 0xffffffff80000000
/* vCPU index selects its TSS/kernel stack. */
#define VM_MAX_VCPUS 512

#define SYS_GDT_VA (SYS_AREA_VA + 0x0000)
#define SYS_IDT_VA (SYS_AREA_VA + 0x1000)
#define SYS_ENTRY_VA (SYS_AREA_VA + 0x2000) /* syscall + exception stubs (U=1) */
#define SYS_DOORBELL_VA (SYS_AREA_VA + 0x3000)
#define SYS_TSS_VA (SYS_AREA_VA + 0x10000) /* one 128-byte slot per vCPU */
#define SYS_TSS_PAGES ((VM_MAX_VCPUS * 128) / 4096)
#define SYS_KSTACK_VA (SYS_AREA_VA + 0x100000) /* one page per vCPU */

#define SEL_KCODE 0x10
#define SEL_KDATA 0x18
#define SEL_UCODE32 0x23
#define SEL_UDATA 0x2b
#define SEL_UCODE 0x33
#define SEL_TSS 0x40

/* Exception stubs report with `out %al, $(EXC_PORT_BASE + vector)`. */
#define EXC_PORT_BASE 0xc0
