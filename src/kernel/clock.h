/* kernel/clock.h: publishing host time for the guest vDSO (vvar page). */
#pragma once
#include <stdint.h>

struct vcpu;
struct vvar_page;

/* Start publishing into page (host pointer), calibrated against vCPU v. */
void clock_publish_init(struct vvar_page *page, struct vcpu *v);
/* Refresh the published scale and bases if a while has passed (cheap). */
void clock_publish_tick(void);
/* The process's guest TSC offset: new vCPUs (threads, fork child) get the same. */
int64_t clock_tsc_offset(void);
