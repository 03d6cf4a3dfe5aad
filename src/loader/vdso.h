/* loader/vdso.h: the guest vDSO and its data page. */
#pragma once
#include <stdint.h>

struct mm;
struct vvar_page;

/* Map [vvar][vdso] into mm (lock held); *vdso_base is AT_SYSINFO_EHDR. */
int vdso_map(struct mm *mm, uint64_t *vdso_base);
/* Host pointer to the vvar page, or NULL. */
struct vvar_page *vdso_vvar(struct mm *mm);
