/* mm/mm.h: guest memory: slab, physical pages, page tables, VMAs, checked access. */
#pragma once
#include <setjmp.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/uio.h>

#define PAGE_SIZE 4096ULL
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define PAGE_UP(x) (((x) + PAGE_SIZE - 1) & PAGE_MASK)
#define TASK_SIZE 0x7ffffffff000ULL
#define STACK_TOP TASK_SIZE
#define ELF_ET_DYN_BASE 0x555555554000ULL

/* Guest protections (same values as PROT_*). */
#define GP_READ 1
#define GP_WRITE 2
#define GP_EXEC 4

enum vma_kind { VMA_ANON, VMA_FILE, VMA_STACK, VMA_HEAP, VMA_SYS, VMA_SHARED };

/* vma.fork_advice bits (madvise MADV_DONTFORK, MADV_WIPEONFORK). */
#define VMA_DONTFORK 1
#define VMA_WIPEONFORK 2

struct vma {
	uint64_t start, end; /* [start, end), page aligned */
	int prot;            /* GP_* */
	int flags;           /* MAP_* flags as given (MAP_SHARED/PRIVATE, GROWSDOWN...) */
	enum vma_kind kind;
	uint64_t file_off; /* for VMA_FILE */
	uint64_t file_size;
	dev_t dev;
	ino_t ino;
	char *name; /* path or "[heap]"/"[stack]"/"[vdso]", for /proc/self/maps */
	int mayprot;                 /* what mprotect may grant (a read-only shared file: no write) */
	struct mapped_file *mf;      /* file kept open for faults past the map-time EOF, or NULL */
	uint64_t phys_base;          /* host-backed (VMA_SHARED, hosted VMA_FILE): guest-physical address of start */
	int hosted;                  /* VMA_FILE: a host MAP_PRIVATE mapping of the file backs phys_base */
	int fork_advice;             /* VMA_DONTFORK / VMA_WIPEONFORK: what a forked child gets (madvise) */
	struct vma *next;
};

/* The owner of a host file that only holds a copy of the mapped file's
 * content (a FUSE file's, in a memfd): it writes the copy's changes back.
 * mm calls these outside its lock. */
struct mf_owner {
	/* Write back what changed (msync, and before the last mapping goes). */
	void (*sync)(struct mf_owner *o);
	/* The last mapping of the copy is gone. */
	void (*put)(struct mf_owner *o);
};

/* An open file behind mappings (shared, or extending past EOF), refcounted by VMAs. */
struct mapped_file {
	int fd; /* private range */
	int refs;
	struct mf_owner *owner; /* NULL: fd is the mapped file itself */
	struct mapped_file *next_orphan;
};

struct vm;

struct mm {
	uint8_t *slab;        /* host view of guest-physical memory */
	uint64_t slab_size;   /* reserved */
	uint64_t phys_top;    /* bump allocator */
	uint64_t slots_end;   /* guest-physical memory registered with the VM so far */
	uint64_t *free_pages; /* stack of free physical pages (already zeroed) */
	size_t nfree, free_cap;
	uint64_t cr3;
	struct vma *vmas; /* sorted by start */
	uint64_t brk_start, brk_cur;
	uint64_t mmap_base;
	uint64_t stack_limit; /* RLIMIT_STACK at exec */
	struct vm *vm;
	/* Protects everything above (page tables, VMAs, allocator). Held only
	 * for short walks and edits, never across a blocking host call. */
	pthread_mutex_t lock;
	uint64_t epoch; /* bumped by every permission removal */
	uint64_t vvar_gpa; /* the vDSO data page, kept across exec (0: none yet) */
	uint64_t as_limit, data_limit; /* the guest's RLIMIT_AS / RLIMIT_DATA (0: unlimited) */
	/* Owned copies whose last mapping went (under the lock): released by
	 * mm_release_orphans once the lock is dropped. */
	struct mapped_file *orphans;
};

/* The shared mapping at addr (just made by mm_mmap) maps a copy owned by o:
 * 0, or -EINVAL if there is none (o is not taken). Lock held. */
int mm_set_owner(struct mm *mm, uint64_t addr, struct mf_owner *o);
/* Write back and release the owned copies whose last mapping went. Lock
 * not held: owners may block (a FUSE write). */
void mm_release_orphans(struct mm *mm);
/* msync of [start, end): the owners of copies mapped there write back. */
void mm_sync_owners(struct mm *mm, uint64_t start, uint64_t end);

struct mm *mm_create(struct vm *vm);
void mm_destroy(struct mm *mm);
/* Re-attach an inherited mm (fork child) to a fresh VM: re-register memory. */
int mm_attach_vm(struct mm *mm, struct vm *vm);
/* Drop all user mappings (exec): keeps the system area. */
void mm_reset_user(struct mm *mm);
/* Map the platform's system area (GDT, IDT, stubs, stacks). */
int mm_setup_sys_area(struct mm *mm);

/* Low level: physical pages and page tables (mm lock held for writing). */
int64_t mm_alloc_page(struct mm *mm);
int64_t mm_alloc_contig(struct mm *mm, uint64_t npages);
void mm_free_page(struct mm *mm, uint64_t gpa);
static inline void *mm_phys(struct mm *mm, uint64_t gpa) { return mm->slab + gpa; }
uint64_t *mm_pte(struct mm *mm, uint64_t va, int create);
int mm_map_page(struct mm *mm, uint64_t va, uint64_t gpa, int prot, int user);
/* Map a page that unmapping must never free (it belongs to elfuse). */
int mm_map_pinned(struct mm *mm, uint64_t va, uint64_t gpa, int prot);
/* Populate pages of an existing VMA (fault-around / eager). */
int mm_populate(struct mm *mm, uint64_t start, uint64_t end);

/* VMA-level operations: the syscall layer's interface. All return 0/addr or -errno. */
int64_t mm_mmap(struct mm *mm, uint64_t addr, uint64_t len, int prot, int flags, int hostfd, uint64_t off,
		const char *name);
int mm_munmap(struct mm *mm, uint64_t addr, uint64_t len);
int mm_mprotect(struct mm *mm, uint64_t addr, uint64_t len, int prot);
int64_t mm_mremap(struct mm *mm, uint64_t old, uint64_t old_len, uint64_t new_len, int flags, uint64_t new_addr);
int64_t mm_brk(struct mm *mm, uint64_t newbrk);
int mm_madvise(struct mm *mm, uint64_t addr, uint64_t len, int advice);
/* In a forked child (its own copy of memory): drop the MADV_DONTFORK ranges
 * and zero the MADV_WIPEONFORK ones, as Linux's fork does. */
void mm_after_fork(struct mm *mm);
/* A vfork child's view of the parent's memory (writetrack.c): from
 * mm_track_writes on (lock held), the first write to each private page keeps
 * its original; mm_track_write_back writes what changed into pid's memory
 * (same layout) and ends the tracking (lock held); mm_track_stop ends it. */
void mm_track_writes(struct mm *mm);
void mm_track_write_back(struct mm *mm, pid_t pid);
void mm_track_stop(void);
int mm_mincore(struct mm *mm, uint64_t addr, uint64_t len, uint8_t *vec);
struct vma *mm_find_vma(struct mm *mm, uint64_t addr); /* VMA containing addr, or NULL */
/* Linux's legacy vsyscall page: a guest call into it is emulated (run/vsyscall.c)
 * and maps lists it, if the host kernel has one (mm/vsyscall.c). */
#define VSYSCALL_ADDR 0xffffffffff600000ULL
int mm_vsyscall_present(void);
/* SysV shared memory segments (mm->lock held). */
int64_t mm_shmat(struct mm *mm, uint64_t addr, uint64_t size, int shmid, int rdonly, int remap);
int mm_shmdt(struct mm *mm, uint64_t addr);

/* A user-mode page fault: 0 if handled (resume), else the signal to raise
 * (SIGSEGV/SIGBUS) with *si_code set. */
int mm_handle_fault(struct mm *mm, uint64_t addr, uint64_t error_code, int *si_code);
/* The guest virtual address of a host-shared guest-physical page (KVM could
 * not access it: the file shrank), or 0. */
uint64_t mm_shared_gpa_to_va(struct mm *mm, uint64_t gpa);
/* Unmap pages of shared file mappings that now lie beyond their file's end
 * (it shrank); returns how many. Their next access faults: SIGBUS. */
int mm_revalidate_shared(struct mm *mm);

/* Checked accessors: all fail with -EFAULT, never trust guest pointers. */
int guest_read(struct mm *mm, uint64_t gva, void *dst, size_t len);
int guest_write(struct mm *mm, uint64_t gva, const void *src, size_t len);
int guest_zero(struct mm *mm, uint64_t gva, size_t len);
/* elfuse's own write (the loader's .bss tail): whatever the page's
 * protection, mapped pages in range are zeroed. mm->lock held. */
void mm_zero_host(struct mm *mm, uint64_t gva, size_t len);
/* Copy a NUL-terminated string of at most max-1 chars; returns its length,
 * -EFAULT, or -ENAMETOOLONG when no NUL is found within max bytes. */
long guest_strncpy(struct mm *mm, char *dst, uint64_t gva, size_t max);
/* Describe [gva, gva+len) as host iovecs for direct I/O. prot is GP_READ or
 * GP_WRITE (the guest buffer will be written). Returns the number of iovecs
 * describing the accessible prefix, *covered bytes long (shorter than len
 * when a later page is inaccessible or max_iov ran out), or -EFAULT when
 * the first byte is inaccessible. */
int guest_iovec(struct mm *mm, uint64_t gva, size_t len, int prot, struct iovec *iov, int max_iov, size_t *covered);
/* Host pointer for [gva, gva+len) if it lies within one page (or a
 * physically contiguous run), else NULL. */
void *guest_span(struct mm *mm, uint64_t gva, size_t len, int prot);
/* Set while an accessor copies a host-backed page on this thread: a host
 * SIGBUS there (its file was truncated) jumps to it and the copy gives EFAULT. */
extern _Thread_local sigjmp_buf *mm_fault_recover;
