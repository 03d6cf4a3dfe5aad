/* loader/elf.c: ELF64 header and program-header validation with checked arithmetic. */
#include "loader/elf.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mm/mm.h"

static int read_at(int fd, void *buf, size_t len, uint64_t off)
{
	size_t done = 0;
	while (done < len) {
		ssize_t n = pread(fd, (char *)buf + done, len - done, (off_t)(off + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -EIO;
		if (n == 0)
			return -ENOEXEC;
		done += (size_t)n;
	}
	return 0;
}

static int bad(const char **why, const char *msg, int err)
{
	*why = msg;
	return err;
}

int elf_validate(struct elf_file *ef, int fd, const char **why)
{
	memset(ef, 0, sizeof *ef);
	ef->fd = fd;
	struct stat st;
	if (fstat(fd, &st) < 0)
		return bad(why, "cannot stat", -EIO);
	ef->size = (uint64_t)st.st_size;
	if (ef->size < sizeof(Elf64_Ehdr))
		return bad(why, "file too short to be an ELF", -ENOEXEC);
	if (read_at(fd, &ef->eh, sizeof ef->eh, 0) < 0)
		return bad(why, "cannot read the ELF header", -ENOEXEC);
	Elf64_Ehdr *eh = &ef->eh;
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0)
		return bad(why, "not an ELF file", -ENOEXEC);
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return bad(why, "not a 64-bit little-endian ELF", -ENOEXEC);
	if (eh->e_machine != EM_X86_64)
		return bad(why, "not an x86_64 ELF", -ENOEXEC);
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return bad(why, "ELF is neither an executable nor a shared object", -ENOEXEC);
	if (eh->e_phentsize != sizeof(Elf64_Phdr))
		return bad(why, "bad program header size", -ENOEXEC);
	if (eh->e_phnum < 1 || eh->e_phnum > ELF_MAX_PHNUM)
		return bad(why, "bad program header count", -ENOEXEC);
	uint64_t phsize = (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr);
	if (eh->e_phoff > ef->size || phsize > ef->size - eh->e_phoff)
		return bad(why, "program headers beyond the end of the file", -ENOEXEC);
	if (read_at(fd, ef->ph, phsize, eh->e_phoff) < 0)
		return bad(why, "cannot read program headers", -ENOEXEC);
	ef->phnum = eh->e_phnum;

	int nload = 0;
	uint64_t prev_end = 0;
	ef->min_vaddr = UINT64_MAX;
	for (int i = 0; i < ef->phnum; i++) {
		Elf64_Phdr *p = &ef->ph[i];
		if (p->p_type == PT_GNU_STACK)
			ef->exec_stack = (p->p_flags & PF_X) != 0;
		if (p->p_type == PT_INTERP) {
			if (ef->interp[0])
				return bad(why, "two PT_INTERP headers", -EINVAL);
			if (p->p_filesz < 2 || p->p_filesz > sizeof ef->interp || p->p_offset > ef->size ||
			    p->p_filesz > ef->size - p->p_offset)
				return bad(why, "bad PT_INTERP", -ENOEXEC);
			if (read_at(fd, ef->interp, p->p_filesz, p->p_offset) < 0)
				return bad(why, "cannot read PT_INTERP", -ENOEXEC);
			if (ef->interp[p->p_filesz - 1] != 0)
				return bad(why, "PT_INTERP is not a string", -ENOEXEC);
			continue;
		}
		if (p->p_type != PT_LOAD)
			continue;
		if (p->p_filesz > p->p_memsz)
			return bad(why, "segment file size exceeds memory size", -EINVAL);
		if (p->p_offset > ef->size || p->p_filesz > ef->size - p->p_offset)
			return bad(why, "segment beyond the end of the file", -EINVAL);
		if (p->p_vaddr + p->p_memsz < p->p_vaddr || p->p_vaddr + p->p_memsz > TASK_SIZE)
			return bad(why, "segment outside the user address space", -EINVAL);
		if ((p->p_vaddr & (PAGE_SIZE - 1)) != (p->p_offset & (PAGE_SIZE - 1)))
			return bad(why, "segment offset and address disagree modulo the page size", -EINVAL);
		if (p->p_vaddr < prev_end && nload)
			return bad(why, "PT_LOAD segments overlap or are out of order", -EINVAL);
		prev_end = p->p_vaddr + p->p_memsz;
		if (p->p_align > ef->max_align && p->p_align <= (1ULL << 30) && !(p->p_align & (p->p_align - 1)))
			ef->max_align = p->p_align;
		uint64_t s = p->p_vaddr & PAGE_MASK, e = PAGE_UP(p->p_vaddr + p->p_memsz);
		if (s < ef->min_vaddr)
			ef->min_vaddr = s;
		if (e > ef->max_vaddr)
			ef->max_vaddr = e;
		nload++;
	}
	if (!nload)
		return bad(why, "no loadable segments", -ENOEXEC);
	if (eh->e_type == ET_EXEC && ef->min_vaddr < 0x10000)
		return bad(why, "segment below the minimum mapping address", -EPERM);
	return 0;
}

void elf_close(struct elf_file *ef)
{
	if (ef->fd >= 0)
		close(ef->fd);
	ef->fd = -1;
}
