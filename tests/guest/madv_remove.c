// madv_remove: MADV_REMOVE frees a shared mapping's backing store (reads
// give zeros, in the file too); it is EINVAL where no file is behind the
// mapping (private anonymous) and EACCES on private file mappings or
// shared ones opened read-only. MADV_POPULATE_READ/WRITE (5.14) succeed
// on mappings with that access, EINVAL without it, ENOMEM over a hole.
#include "common.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#define POP_READ 22
#define POP_WRITE 23

static void one(const char *what, int prot, int flags, int fd) {
    int advs[] = {MADV_REMOVE, POP_READ, POP_WRITE};
    for (int i = 0; i < 3; i++) {
        char *p = mmap(NULL, 8192, prot, flags, fd, 0);
        if (p == MAP_FAILED) {
            printf("%s: mmap failed %s\n", what, errname(errno));
            return;
        }
        if (prot & PROT_WRITE)
            memset(p, 7, 8192);
        errno = 0;
        int r = madvise(p, 8192, advs[i]);
        printf("%s advice %d: %d %s", what, advs[i], r, r ? errname(errno) : "");
        if (prot & PROT_READ)
            printf(" first byte %d", p[0]);
        if (fd >= 0) {
            char c = 0;
            pread(fd, &c, 1, 0);
            printf(" file byte %d", c);
            char z[8192];
            memset(z, 'z', sizeof z);
            pwrite(fd, z, sizeof z, 0);
        }
        printf("\n");
        munmap(p, 8192);
    }
}

int main(void) {
    int fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
    char z[8192];
    memset(z, 'z', sizeof z);
    TEQ(write(fd, z, sizeof z), 8192);
    int rfd = open("f", O_RDONLY);
    int P = MAP_PRIVATE | MAP_ANONYMOUS, S = MAP_SHARED | MAP_ANONYMOUS;
    one("private rw", PROT_READ | PROT_WRITE, P, -1);
    one("private ro", PROT_READ, P, -1);
    one("private none", PROT_NONE, P, -1);
    one("shared rw", PROT_READ | PROT_WRITE, S, -1);
    one("shared ro", PROT_READ, S, -1);
    one("file shared rw", PROT_READ | PROT_WRITE, MAP_SHARED, fd);
    one("file shared ro", PROT_READ, MAP_SHARED, rfd);
    one("file private", PROT_READ | PROT_WRITE, MAP_PRIVATE, rfd);
    char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, P, -1, 0);
    TEQ(munmap(p + 4096, 4096), 0);
    TERR(madvise(p, 3 * 4096, MADV_REMOVE), EINVAL);
    TERR(madvise(p, 3 * 4096, POP_READ), ENOMEM);
    TERR(madvise(p, 3 * 4096, POP_WRITE), ENOMEM);
    char *s = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, S, -1, 0);
    memset(s, 1, 3 * 4096);
    TEQ(munmap(s + 4096, 4096), 0);
    TERR(madvise(s, 3 * 4096, MADV_REMOVE), ENOMEM);
    printf("after: %d %d\n", s[0], s[8192]);
    return finish();
}
