/* platform/xport.h: the exit-free syscall transport: a per-vCPU shared page
 * where the guest's syscall stub posts a call and a host server answers it
 * without a VM exit. Layout shared by the stub (xport.S) and the host. */
#pragma once

#define XPORT_VA (SYS_AREA_VA + 0x400000) /* vCPU i: code page at +0x2000*i, data page right after */

/* Data page offsets. */
#define XD_STATE 0   /* u32: XS_* */
#define XD_ENABLED 4 /* u32: 1 while a server polls this page */
#define XD_ATTN 8    /* u32: host wants the next completion to exit (signal pending) */
#define XD_NR 16
#define XD_ARGS 24 /* six u64 */
#define XD_RCX 72
#define XD_R11 80
#define XD_RESULT 88
#define XD_RSP 96
#define XD_IDHITS 128 /* u64 per in-guest answer kind (XI_KINDS): statistics only */
#define XD_STACK 256  /* a few bytes of stack for popfq */

#define XS_FREE 0
#define XS_POSTED 1
#define XS_BUSY 2
#define XS_DONE 3
#define XS_REJECTED 4

/* Doorbell offsets: a plain syscall, or "the posted call completed, deliver
 * signals now" (RAX already holds the result). */
#define DOORBELL_SYSCALL 0
#define DOORBELL_COMPLETE 8
#define DOORBELL_WITHDRAWN 16 /* a plain syscall whose post nobody took in time */

/* In-guest answers: identity calls the stub answers from values the host
 * published, without an exit. Each value is a u64: bit 32 set = valid, low
 * 32 bits = the answer. Per-thread values live in the vCPU's code page (read-
 * only to the guest) at XC_IDENT; per-process ones in the page at
 * XPORT_IDENT_VA. A clear bit sends the call down the normal path. */
#define XC_IDENT 2048
#define XI_TID 0
#define XI_UID 8
#define XI_EUID 16
#define XI_GID 24
#define XI_EGID 32
#define XPORT_IDENT_VA (SYS_AREA_VA + 0x4000)
#define XI_PID 0
#define XI_PPID 8
#define XI_PGRP 16
#define XI_SID 24
#define XI_VALID (1ULL << 32)
/* Hit counters, in this order, at XD_IDHITS: getpid getppid gettid getuid
 * geteuid getgid getegid getpgrp getpgid getsid. */
#define XI_KINDS 10
