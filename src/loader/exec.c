/* loader/exec.c: #! scripts, mapping ELF images and the interpreter, the initial stack and auxv. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs/exec_open.h"
#include "kernel/children.h"
#include "fs/procfs.h"
#include "kernel/proc.h"
#include "loader/elf.h"
#include "loader/loader.h"
#include "loader/vdso.h"
#include "mm/mm.h"
#include "platform/private_fd.h"

/* Linux's exec_binprm gives up past depth 5: five #! scripts may lead to the
 * program, a sixth is ELOOP. */
#define MAX_SCRIPT_DEPTH 5
#define BINPRM_BUF 256
#define STACK_EAGER (128 * 1024ULL)

static int spacetab(char c) { return c == ' ' || c == '\t'; }

/* The first byte in [first, last] that is not a space or tab, or NULL. */
static const char *next_non_spacetab(const char *first, const char *last)
{
	for (; first <= last; first++)
		if (!spacetab(*first))
			return first;
	return NULL;
}

/* The first space, tab or NUL in [first, last], or NULL. */
static const char *next_terminator(const char *first, const char *last)
{
	for (; first <= last; first++)
		if (spacetab(*first) || !*first)
			return first;
	return NULL;
}

/* Parse a "#!" line into the interpreter and its optional single argument
 * the way Linux's load_script does: the first BINPRM_BUF bytes of the file,
 * NUL-padded when the file is shorter; a line without a newline there ends
 * at the buffer's last byte, unless the interpreter name would be cut off
 * (ENOEXEC); only spaces and tabs are trimmed (a CR stays in the argument,
 * or in the name). */
static int parse_shebang(const char *head, size_t n, char *interp, size_t isz, char *arg, size_t asz)
{
	char buf[BINPRM_BUF];
	memset(buf, 0, sizeof buf);
	memcpy(buf, head, n < sizeof buf ? n : sizeof buf);
	const char *buf_end = buf + sizeof buf - 1;
	const char *i_end = NULL;
	for (const char *c = buf; c <= buf_end && *c; c++) /* strnchr: stops at a NUL */
		if (*c == '\n') {
			i_end = c;
			break;
		}
	if (!i_end) {
		i_end = next_non_spacetab(buf + 2, buf_end);
		if (!i_end)
			return -ENOEXEC; /* all spaces and tabs */
		if (!next_terminator(i_end, buf_end))
			return -ENOEXEC; /* the interpreter name may be cut off */
		i_end = buf_end;
	}
	while (spacetab(i_end[-1]))
		i_end--;
	const char *i_name = next_non_spacetab(buf + 2, i_end);
	if (!i_name || i_name == i_end)
		return -ENOEXEC;
	const char *i_arg = NULL;
	const char *i_sep = next_terminator(i_name, i_end);
	if (i_sep && *i_sep)
		i_arg = next_non_spacetab(i_sep, i_end);
	/* Linux ends the line at i_end, and the name at i_sep when there is an
	 * argument; each string also ends at a NUL inside it. */
	size_t nlen = strnlen(i_name, (size_t)((i_arg ? i_sep : i_end) - i_name));
	if (nlen >= isz)
		return -ENAMETOOLONG;
	memcpy(interp, i_name, nlen);
	interp[nlen] = 0;
	arg[0] = 0;
	if (i_arg) {
		size_t alen = strnlen(i_arg, (size_t)(i_end - i_arg));
		if (alen >= asz)
			return -ENAMETOOLONG;
		memcpy(arg, i_arg, alen);
		arg[alen] = 0;
	}
	return 0;
}

/* The host kernel's own auxv entry of this type (0 if absent). glibc's
 * getauxval answers AT_HWCAP and AT_HWCAP2 from its own idea of the CPU
 * (on x86_64 AT_HWCAP becomes HWCAP_X86_64), not the kernel's words, so
 * the guest gets those from /proc/self/auxv, read once (at the first
 * exec, before the guest has fds of its own). */
static uint64_t host_auxval(uint64_t type)
{
	static uint64_t cache[64][2];
	static int loaded;
	if (!__atomic_load_n(&loaded, __ATOMIC_ACQUIRE)) {
		int fd = open("/proc/self/auxv", O_RDONLY | O_CLOEXEC);
		uint64_t v[64][2];
		memset(v, 0, sizeof v);
		if (fd >= 0) {
			ssize_t n = read(fd, v, sizeof v - sizeof v[0]); /* (keeps an AT_NULL at the end) */
			(void)n;
			close(fd);
		}
		memcpy(cache, v, sizeof cache);
		__atomic_store_n(&loaded, 1, __ATOMIC_RELEASE);
	}
	for (int i = 0; i < 64 && cache[i][0] != AT_NULL; i++)
		if (cache[i][0] == type)
			return cache[i][1];
	return 0;
}

static int count_strings(char **v) {
	int n = 0;
	while (v && v[n])
		n++;
	return n;
}

/* Map one validated ELF at load bias `bias`; returns 0 or -errno. */
static int map_elf(struct mm *mm, struct elf_file *ef, uint64_t bias, const char *name)
{
	for (int i = 0; i < ef->phnum; i++) {
		Elf64_Phdr *ph = &ef->ph[i];
		if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
			continue;
		int prot = ((ph->p_flags & PF_R) ? GP_READ : 0) | ((ph->p_flags & PF_W) ? GP_WRITE : 0) |
			   ((ph->p_flags & PF_X) ? GP_EXEC : 0);
		uint64_t va = bias + ph->p_vaddr;
		uint64_t start = va & PAGE_MASK;
		uint64_t file_end = va + ph->p_filesz, mem_end = va + ph->p_memsz;
		int64_t r;
		/* Mapped with their final protection right away: taking write
		 * access away later would cost a TLB shootdown per segment. */
		if (ph->p_filesz) {
			r = mm_mmap(mm, start, PAGE_UP(file_end) - start, prot, MAP_PRIVATE | MAP_FIXED, ef->fd,
				    ph->p_offset & PAGE_MASK, name);
			if (r < 0)
				return (int)r;
		}
		uint64_t anon = ph->p_filesz ? PAGE_UP(file_end) : start;
		if (PAGE_UP(mem_end) > anon) {
			r = mm_mmap(mm, anon, PAGE_UP(mem_end) - anon, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
				    0, NULL);
			if (r < 0)
				return (int)r;
		}
		/* The rest of the last file page belongs to .bss: zero it. */
		if (ph->p_filesz && ph->p_memsz > ph->p_filesz && (file_end & (PAGE_SIZE - 1)))
			mm_zero_host(mm, file_end, PAGE_UP(file_end) - file_end);
	}
	return 0;
}

static uint64_t load_bias_for(struct mm *mm, struct elf_file *ef, int is_interp_or_pie)
{
	if (ef->eh.e_type != ET_DYN)
		return 0;
	uint64_t span = ef->max_vaddr - ef->min_vaddr;
	if (!is_interp_or_pie)
		return (ELF_ET_DYN_BASE - ef->min_vaddr) & PAGE_MASK;
	/* Like an mmap hint-less placement: top-down below the mmap base. */
	int64_t a = mm_mmap(mm, 0, span, 0, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, NULL);
	if (a < 0)
		return (uint64_t)a;
	mm_munmap(mm, (uint64_t)a, span);
	uint64_t align = ef->max_align > PAGE_SIZE ? ef->max_align : PAGE_SIZE;
	uint64_t base = (uint64_t)a & ~(align - 1);
	return base - ef->min_vaddr;
}

static uint64_t phdr_addr(struct elf_file *ef, uint64_t bias)
{
	for (int i = 0; i < ef->phnum; i++)
		if (ef->ph[i].p_type == PT_PHDR)
			return bias + ef->ph[i].p_vaddr;
	for (int i = 0; i < ef->phnum; i++) {
		Elf64_Phdr *ph = &ef->ph[i];
		if (ph->p_type == PT_LOAD && ph->p_offset <= ef->eh.e_phoff &&
		    ef->eh.e_phoff < ph->p_offset + ph->p_filesz)
			return bias + ph->p_vaddr + (ef->eh.e_phoff - ph->p_offset);
	}
	return 0;
}

struct stack_builder {
	struct mm *mm;
	uint64_t sp;
	int err;
};

static uint64_t push_bytes(struct stack_builder *b, const void *data, size_t len)
{
	b->sp -= len;
	if (guest_write(b->mm, b->sp, data, len) < 0)
		b->err = -EFAULT;
	return b->sp;
}

static int build_stack(struct process *p, struct exec_image *img, char **argv, char **envp, const char *execfn,
		       struct elf_file *main_ef, uint64_t main_bias, uint64_t interp_base, uint64_t entry,
		       uint64_t vdso_base)
{
	struct mm *mm = p->mm;
	struct stack_builder b = {mm, STACK_TOP, 0};
	int argc = count_strings(argv), envc = count_strings(envp);
	uint64_t *argp = calloc((size_t)argc + 1, sizeof *argp), *envpp = calloc((size_t)envc + 1, sizeof *envpp);
	if (!argp || !envpp) {
		free(argp);
		free(envpp);
		return -ENOMEM;
	}
	b.sp -= 8;
	uint64_t execfn_addr = push_bytes(&b, execfn, strlen(execfn) + 1);
	p->env_end = b.sp;
	for (int i = envc - 1; i >= 0; i--)
		envpp[i] = push_bytes(&b, envp[i], strlen(envp[i]) + 1);
	p->env_start = b.sp;
	p->arg_end = b.sp;
	for (int i = argc - 1; i >= 0; i--)
		argp[i] = push_bytes(&b, argv[i], strlen(argv[i]) + 1);
	p->arg_start = b.sp;
	const char *platform = "x86_64";
	uint64_t plat_addr = push_bytes(&b, platform, strlen(platform) + 1);
	uint8_t rnd[16];
	if (getentropy(rnd, sizeof rnd) < 0)
		memset(rnd, 0x5a, sizeof rnd);
	b.sp &= ~15ULL;
	uint64_t rnd_addr = push_bytes(&b, rnd, sizeof rnd);

	uint64_t minsig = getauxval(AT_MINSIGSTKSZ);
	uint64_t aux[][2] = {
		{vdso_base ? AT_SYSINFO_EHDR : AT_IGNORE, vdso_base},
		{AT_MINSIGSTKSZ, minsig ? minsig : 2048},
		{AT_HWCAP, host_auxval(AT_HWCAP)},
		{AT_PAGESZ, PAGE_SIZE},
		{AT_CLKTCK, (uint64_t)sysconf(_SC_CLK_TCK)},
		{AT_PHDR, phdr_addr(main_ef, main_bias)},
		{AT_PHENT, sizeof(Elf64_Phdr)},
		{AT_PHNUM, (uint64_t)main_ef->phnum},
		{AT_BASE, interp_base},
		{AT_FLAGS, 0},
		{AT_ENTRY, main_bias + main_ef->eh.e_entry},
		{AT_UID, getuid()},
		{AT_EUID, geteuid()},
		{AT_GID, getgid()},
		{AT_EGID, getegid()},
		{AT_SECURE, 0},
		{AT_RANDOM, rnd_addr},
		{AT_HWCAP2, host_auxval(AT_HWCAP2)},
		{AT_EXECFN, execfn_addr},
		{AT_PLATFORM, plat_addr},
		{AT_NULL, 0},
	};
	size_t nwords = 1 + (size_t)argc + 1 + (size_t)envc + 1 + 2 * (sizeof aux / sizeof aux[0]);
	b.sp -= nwords * 8;
	b.sp &= ~15ULL;
	uint64_t at = b.sp;
	uint64_t w = (uint64_t)argc;
	int r = guest_write(mm, at, &w, 8);
	at += 8;
	if (r == 0)
		r = guest_write(mm, at, argp, ((size_t)argc + 1) * 8);
	at += ((uint64_t)argc + 1) * 8;
	if (r == 0)
		r = guest_write(mm, at, envpp, ((size_t)envc + 1) * 8);
	at += ((uint64_t)envc + 1) * 8;
	p->auxv_start = at;
	if (r == 0)
		r = guest_write(mm, at, aux, sizeof aux);
	p->auxv_end = at + sizeof aux;
	free(argp);
	free(envpp);
	if (r < 0 || b.err < 0)
		return -EFAULT;
	img->sp = b.sp;
	img->entry = entry;
	return 0;
}

static size_t strings_size(char **v)
{
	size_t n = 0;
	for (int i = 0; v && v[i]; i++)
		n += strlen(v[i]) + 1 + 8;
	return n;
}

int loader_exec(struct process *p, const struct exec_request *req, struct exec_image *img, const char **why,
		int *fatal)
{
	*fatal = 0;
	*why = NULL;
	char **argv = req->argv;
	char *script_paths[MAX_SCRIPT_DEPTH] = {0};
	char interp_buf[MAX_SCRIPT_DEPTH][BINPRM_BUF], arg_buf[MAX_SCRIPT_DEPTH][BINPRM_BUF];
	char *path = strdup(req->open_path ? req->open_path : req->path);
	char **cur_argv = NULL;
	char exe_host[PATH_MAX];
	int fd = -1, r;
	struct elf_file ef, interp;
	ef.fd = interp.fd = -1;
	if (!path)
		return -ENOMEM;

	for (int depth = 0;; depth++) {
		fd = exec_open(p, path, exe_host, sizeof exe_host);
		if (fd < 0) {
			r = fd;
			goto out;
		}
		char head[BINPRM_BUF];
		ssize_t n = pread(fd, head, sizeof head, 0);
		if (n >= 2 && head[0] == '#' && head[1] == '!') {
			if (depth >= MAX_SCRIPT_DEPTH) {
				r = -ELOOP;
				goto out;
			}
			r = parse_shebang(head, (size_t)n, interp_buf[depth], BINPRM_BUF, arg_buf[depth], BINPRM_BUF);
			if (r < 0)
				goto out;
			if (depth == 0 && (req->flags & EXEC_PATH_INACCESSIBLE)) {
				r = -ENOENT;
				goto out;
			}
			if (depth == 0 && req->open_path) {
				/* The script's name as Linux passes it: /dev/fd/N[/name]. */
				free(path);
				path = strdup(req->path);
				if (!path) {
					r = -ENOMEM;
					goto out;
				}
			}
			/* argv becomes: interpreter [arg] script-path original-argv[1..] */
			int argc = count_strings(cur_argv ? cur_argv : argv);
			char **src = cur_argv ? cur_argv : argv;
			char **nv = calloc((size_t)argc + 4, sizeof *nv);
			if (!nv) {
				r = -ENOMEM;
				goto out;
			}
			int k = 0;
			nv[k++] = interp_buf[depth];
			if (arg_buf[depth][0])
				nv[k++] = arg_buf[depth];
			nv[k++] = path;
			for (int i = 1; i < argc; i++)
				nv[k++] = src[i];
			free(cur_argv);
			cur_argv = nv;
			script_paths[depth] = path; /* referenced by the new argv */
			close(fd);
			fd = -1;
			path = strdup(interp_buf[depth]);
			if (!path) {
				r = -ENOMEM;
				goto out;
			}
			continue;
		}
		break;
	}
	r = elf_validate(&ef, fd, why);
	fd = -1;
	if (r < 0)
		goto out;
	char ihost[PATH_MAX] = "";
	if (ef.interp[0]) {
		int ifd = exec_open_interp(p, ef.interp, ihost, sizeof ihost);
		if (ifd < 0) {
			r = ifd;
			*why = "cannot open the program interpreter";
			goto out;
		}
		r = elf_validate(&interp, ifd, why);
		if (r < 0) {
			*why = "bad program interpreter";
			r = -ELIBBAD;
			goto out;
		}
	}
	char **final_argv = cur_argv ? cur_argv : argv;
	if (strings_size(final_argv) + strings_size(req->envp) > p->stack_rlim.rlim_cur / 4) {
		r = -E2BIG;
		goto out;
	}

	/* Point of no return: the old image goes away. */
	*fatal = 1;
	if (req->commit)
		req->commit(req->commit_ctx);
	struct mm *mm = p->mm;
	pthread_mutex_lock(&mm->lock);
	mm_reset_user(mm);
	uint64_t stack_size = p->stack_rlim.rlim_cur;
	if (stack_size == RLIM_INFINITY || stack_size > (1ULL << 32))
		stack_size = 1ULL << 32;
	if (stack_size < (128 << 10))
		stack_size = 128 << 10;
	uint64_t gap = stack_size + (1 << 20);
	if (gap < (128ULL << 20))
		gap = 128ULL << 20;
	mm->mmap_base = (STACK_TOP - gap) & PAGE_MASK;
	mm->stack_limit = stack_size;
	/* Like Linux, the stack VMA starts small and grows down on faults. */
	uint64_t initial = STACK_EAGER + PAGE_UP(strings_size(final_argv) + strings_size(req->envp) + 4096);
	if (initial > stack_size)
		initial = PAGE_UP(stack_size);
	int64_t sr = mm_mmap(mm, STACK_TOP - initial, initial, GP_READ | GP_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN, -1, 0, "[stack]");
	if (sr < 0) {
		r = (int)sr;
		goto unlock;
	}
	struct vma *sv = mm_find_vma(mm, STACK_TOP - 1);
	if (sv)
		sv->kind = VMA_STACK;
	mm_populate(mm, STACK_TOP - STACK_EAGER, STACK_TOP);

	int main_is_pie = ef.eh.e_type == ET_DYN && !ef.interp[0];
	uint64_t bias = load_bias_for(mm, &ef, main_is_pie);
	r = map_elf(mm, &ef, bias, exe_host);
	if (r < 0)
		goto unlock;
	uint64_t end = 0;
	for (int i = 0; i < ef.phnum; i++)
		if (ef.ph[i].p_type == PT_LOAD && bias + ef.ph[i].p_vaddr + ef.ph[i].p_memsz > end)
			end = bias + ef.ph[i].p_vaddr + ef.ph[i].p_memsz;
	mm->brk_start = mm->brk_cur = main_is_pie ? ELF_ET_DYN_BASE : PAGE_UP(end);
	uint64_t entry = bias + ef.eh.e_entry, interp_base = 0;
	if (ef.interp[0]) {
		uint64_t ibias = load_bias_for(mm, &interp, 1);
		r = map_elf(mm, &interp, ibias, ihost[0] ? ihost : ef.interp);
		if (r < 0)
			goto unlock;
		interp_base = ibias + interp.min_vaddr;
		entry = ibias + interp.eh.e_entry;
	}
	uint64_t vdso_base = 0;
	if (vdso_map(mm, &vdso_base) < 0)
		vdso_base = 0; /* programs run without a vDSO too */
	pthread_mutex_unlock(&mm->lock);
	r = build_stack(p, img, final_argv, req->envp, req->path, &ef, bias, interp_base, entry, vdso_base);
	if (r == 0) {
		snprintf(p->exe, sizeof p->exe, "%s", exe_host);
		struct elf_file *text[2] = {&ef, &interp};
		for (int i = 0; i < 2; i++) {
			struct stat st;
			int known = text[i]->fd >= 0 && fstat(text[i]->fd, &st) == 0;
			p->text_dev[i] = known ? st.st_dev : 0;
			p->text_ino[i] = known ? st.st_ino : 0;
		}
		const char *name = (req->flags & EXEC_COMM_FROM_FILE) ? exe_host : req->path;
		const char *base = strrchr(name, '/');
		base = base ? base + 1 : name;
		size_t len = strnlen(base, sizeof p->comm - 1);
		memcpy(p->comm, base, len); /* truncated to TASK_COMM_LEN - 1, as Linux */
		p->comm[len] = 0;
		prctl(PR_SET_NAME, p->comm); /* host tools (ps, top) show the guest's name too */
		procfs_publish_exec(ef.fd, final_argv, req->envp);
		children_note_exec();
	}
	goto out;
unlock:
	pthread_mutex_unlock(&mm->lock);
out:
	if (fd >= 0)
		close(fd);
	elf_close(&ef);
	elf_close(&interp);
	free(cur_argv);
	free(path);
	for (int i = 0; i < MAX_SCRIPT_DEPTH; i++)
		free(script_paths[i]);
	return r;
}
