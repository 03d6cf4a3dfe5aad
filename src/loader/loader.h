/* loader/loader.h: turn a program path into a ready process image. */
#pragma once
#include <stdint.h>

struct process;

struct exec_image {
	uint64_t entry; /* first user instruction (the interpreter's entry for dynamic programs) */
	uint64_t sp;    /* initial stack pointer (points at argc) */
};

/* Everything needed to start a program; the strings are host copies. */
struct exec_request {
	const char *path; /* as the guest named it */
	char **argv;
	char **envp;
	/* Called once the new image is validated, right before the old one is
	 * torn down (exec's de-threading happens there). May be NULL. */
	void (*commit)(void *ctx);
	void *commit_ctx;
	/* execveat relative to a fd: path is Linux's "/dev/fd/N[/name]" (argv
	 * of a script, AT_EXECFN), open_path what elfuse opens. NULL otherwise. */
	const char *open_path;
	int flags; /* EXEC_* */
};

/* The fd behind a /dev/fd/N path is close-on-exec: an interpreter could not
 * open the script, so a script fails with ENOENT (binfmt_script). */
#define EXEC_PATH_INACCESSIBLE 1
/* execveat(fd, "", AT_EMPTY_PATH): comm is the executed file's own name. */
#define EXEC_COMM_FROM_FILE 2

/* Validate the program completely, then replace p's user address space with
 * it. On an error before the point of no return the old image is intact and
 * -errno is returned (*why explains it); after it, the process can only die:
 * that is reported as -EFAULT with *fatal set. */
int loader_exec(struct process *p, const struct exec_request *req, struct exec_image *img, const char **why,
		int *fatal);
