/* loader/elf.h: ELF64 validation and the program image description. */
#pragma once
#include <elf.h>
#include <stddef.h>
#include <stdint.h>

#define ELF_MAX_PHNUM 128

/* A validated ELF file, ready to be mapped. */
struct elf_file {
	int fd; /* host fd, private range */
	uint64_t size;
	Elf64_Ehdr eh;
	Elf64_Phdr ph[ELF_MAX_PHNUM];
	int phnum;
	uint64_t min_vaddr, max_vaddr; /* page-aligned span of PT_LOAD segments */
	uint64_t max_align;
	char interp[4096]; /* PT_INTERP, empty if none */
	int exec_stack;
};

/* Validate the ELF behind fd (which it takes over). 0 or -ENOEXEC/-EINVAL/-EIO;
 * *why gets a short reason for the user. */
int elf_validate(struct elf_file *ef, int fd, const char **why);
void elf_close(struct elf_file *ef);
