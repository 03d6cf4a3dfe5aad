// mmap: anonymous and file mappings, MAP_FIXED over an existing mapping,
// MAP_FIXED_NOREPLACE, munmap of a middle part, mprotect, mremap (grow in
// place, move, MREMAP_FIXED), madvise(MADV_DONTNEED) zeroing, mincore,
// MAP_SHARED writes reaching the file, and the EINVAL/EBADF/EACCES paths.
#include "common.h"
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif
#ifndef MAP_SHARED_VALIDATE
#define MAP_SHARED_VALIDATE 0x03
#endif
#define PG 4096L
#define MMAP_ERR(...) (mmap(__VA_ARGS__) == MAP_FAILED ? errname(errno) : "ok")

static unsigned sum(const unsigned char *p, long n) {
    unsigned s = 0;
    for (long i = 0; i < n; i++)
        s = s * 33 + p[i];
    return s;
}

static void residency(const char *what, void *p, long pages) {
    unsigned char vec[64];
    if (mincore(p, pages * PG, vec) != 0) {
        printf("mincore %s: %s\n", what, errname(errno));
        return;
    }
    printf("mincore %s:", what);
    for (long i = 0; i < pages; i++)
        printf(" %d", vec[i] & 1);
    printf("\n");
}

int main(void) {
    TEQ(sysconf(_SC_PAGESIZE), PG);
    unsigned char *a = mmap(NULL, 8 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(a != MAP_FAILED);
    CHECK(((uintptr_t)a & (PG - 1)) == 0);
    residency("fresh", a, 8);
    a[3 * PG] = 0;
    (void)*(volatile unsigned char *)(a + 5 * PG);
    residency("one written, one read", a, 8);
    int zero = 1;
    for (long i = 0; i < 8 * PG; i++)
        zero &= a[i] == 0;
    CHECK(zero);
    for (long i = 0; i < 8 * PG; i++)
        a[i] = (unsigned char)(i * 7);
    residency("touched", a, 8);
    printf("sum=%u\n", sum(a, 8 * PG));

    /* MAP_FIXED replaces pages 2..3 with zero pages. */
    void *r = mmap(a + 2 * PG, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK(r == a + 2 * PG);
    printf("after MAP_FIXED: a[2pg]=%d a[4pg-1]=%d a[4pg]=%d sum=%u\n", a[2 * PG], a[4 * PG - 1], a[4 * PG],
           sum(a, 8 * PG));
    r = mmap(a + PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    printf("MAP_FIXED_NOREPLACE over existing: %s\n", r == MAP_FAILED ? errname(errno) : "mapped");

    /* munmap the middle; mincore reports ENOMEM for the hole. */
    TEQ(munmap(a + 4 * PG, 2 * PG), 0);
    unsigned char vec[8];
    TERR(mincore(a, 8 * PG, vec), ENOMEM);
    TEQ(mincore(a, 4 * PG, vec), 0);
    TERR(mincore(a + 1, PG, vec), EINVAL);
    TEQ(munmap(a + 4 * PG, 2 * PG), 0); /* unmapping a hole is fine */
    r = mmap(a + 4 * PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    CHECK(r == a + 4 * PG);
    printf("noreplace page zero: %d\n", a[4 * PG]);

    /* mprotect */
    TEQ(mprotect(a, PG, PROT_READ), 0);
    printf("read after mprotect: %d\n", a[5]);
    TEQ(mprotect(a, PG, PROT_READ | PROT_WRITE), 0);
    a[5] = 99;
    TERR(syscall(SYS_mprotect, a + 1, PG, PROT_READ), EINVAL); /* raw: musl rounds */
    TERR(mprotect(a, PG, 0x1000), EINVAL);
    TERR(mprotect(a + 5 * PG, PG, PROT_READ), ENOMEM);
    TEQ(mprotect(a, 0, PROT_NONE), 0);

    /* madvise DONTNEED gives zero pages back. */
    TEQ(madvise(a, 2 * PG, MADV_DONTNEED), 0);
    residency("dontneed", a, 2);
    printf("after DONTNEED: a[5]=%d a[PG+1]=%d a[7pg]=%d\n", a[5], a[PG + 1], a[7 * PG]);
    TERR(madvise(a + 1, PG, MADV_DONTNEED), EINVAL);
    TEQ(madvise(a, PG, MADV_NORMAL), 0);
    TERR(madvise(a, PG, 12345), EINVAL);

    /* mremap */
    unsigned char *m = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(m, 0x5a, 2 * PG);
    unsigned char *m2 = mremap(m, 2 * PG, 64 * PG, MREMAP_MAYMOVE);
    CHECK(m2 != MAP_FAILED);
    printf("mremap grow: old=%d new=%d\n", m2[2 * PG - 1], m2[2 * PG]);
    m2[64 * PG - 1] = 1;
    unsigned char *m3 = mremap(m2, 64 * PG, PG, 0);
    CHECK(m3 == m2);
    printf("mremap shrink: %d\n", m3[0]);
    unsigned char *t = mmap(NULL, 4 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    unsigned char *m4 = mremap(m3, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, t + PG);
    CHECK(m4 == t + PG);
    printf("mremap fixed: %d\n", m4[10]);
    void *bad = mremap(m4, PG, 2 * PG, 0);
    printf("mremap no-move grow into neighbour: %s\n", bad == MAP_FAILED ? errname(errno) : "ok");
    bad = mremap(m4 + 1, PG, PG, 0);
    printf("mremap unaligned: %s\n", bad == MAP_FAILED ? errname(errno) : "ok");
    bad = mremap(m4, PG, PG, 0x80);
    printf("mremap bad flags: %s\n", bad == MAP_FAILED ? errname(errno) : "ok");
    TEQ(munmap(t, 4 * PG), 0);

    /* error paths */
    errno = 0;
    printf("len 0: %s\n", mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? errname(errno) : "ok");
    printf("no type: %s\n", mmap(NULL, PG, PROT_READ, MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? errname(errno) : "ok");
    printf("bad fd: %s\n", mmap(NULL, PG, PROT_READ, MAP_PRIVATE, 99, 0) == MAP_FAILED ? errname(errno) : "ok");
    printf("fixed unaligned: %s\n",
           mmap((void *)0x10000001, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED
               ? errname(errno) : "ok");
    TERR(munmap(a + 1, PG), EINVAL);
    TERR(munmap(a, 0), EINVAL);

    /* file mappings */
    int fd = T(open("mapped", O_RDWR | O_CREAT | O_TRUNC, 0600));
    char data[3 * PG];
    for (int i = 0; i < 3 * PG; i++)
        data[i] = 'a' + i % 26;
    TEQ(write(fd, data, 3 * PG - 100), 3 * PG - 100);
    printf("unaligned offset: %s\n", mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 100) == MAP_FAILED ? errname(errno) : "ok");
    char *fp = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    CHECK(fp != MAP_FAILED);
    printf("private: %.5s tail-after-eof=%d\n", fp + PG, fp[3 * PG - 50]);
    fp[0] = 'Z';
    char c;
    TEQ(pread(fd, &c, 1, 0), 1);
    printf("file after private write: %c\n", c);
    char *sp = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, PG);
    CHECK(sp != MAP_FAILED);
    memcpy(sp, "SHARED", 6);
    TEQ(msync(sp, PG, MS_SYNC), 0);
    char back[7] = {0};
    TEQ(pread(fd, back, 6, PG), 6);
    printf("file after shared write: %s\n", back);
    TEQ(pwrite(fd, "via-write", 9, PG + 100), 9);
    printf("mapping sees write: %.9s\n", sp + 100);
    TEQ(munmap(sp, 2 * PG), 0);
    TEQ(munmap(fp, 3 * PG), 0);
    int ro = T(open("mapped", O_RDONLY));
    printf("shared write on O_RDONLY: %s\n",
           mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0) == MAP_FAILED ? errname(errno) : "ok");
    char *rp = mmap(NULL, PG, PROT_READ, MAP_SHARED, ro, 0);
    CHECK(rp != MAP_FAILED);
    printf("shared read: %.6s\n", rp + 0);
    int dfd = T(open(".", O_RDONLY | O_DIRECTORY));
    printf("map a directory: %s\n", mmap(NULL, PG, PROT_READ, MAP_PRIVATE, dfd, 0) == MAP_FAILED ? errname(errno) : "ok");
    /* MAP_SHARED_VALIDATE: files only; unknown flags refused after the fd
     * and length checks; a type outside the four bits is refused. */
    printf("validate anon: %s\n", MMAP_ERR(NULL, PG, PROT_READ, MAP_SHARED_VALIDATE | MAP_ANONYMOUS, -1, 0));
    printf("validate anon unknown flag: %s\n",
           MMAP_ERR(NULL, PG, PROT_READ, MAP_SHARED_VALIDATE | MAP_ANONYMOUS | 0x800000, -1, 0));
    printf("validate file unknown flag: %s\n", MMAP_ERR(NULL, PG, PROT_READ, MAP_SHARED_VALIDATE | 0x800000, ro, 0));
    printf("validate bad fd unknown flag: %s\n", MMAP_ERR(NULL, PG, PROT_READ, MAP_SHARED_VALIDATE | 0x800000, 99, 0));
    printf("validate len 0 unknown flag: %s\n", MMAP_ERR(NULL, 0, PROT_READ, MAP_SHARED_VALIDATE | 0x800000, ro, 0));
    printf("type 0xf: %s\n", MMAP_ERR(NULL, PG, PROT_READ, 0xf, ro, 0));
    char *vp = mmap(NULL, PG, PROT_READ, MAP_SHARED_VALIDATE, ro, 0);
    CHECK(vp != MAP_FAILED && memcmp(vp, rp, 6) == 0);
    TEQ(munmap(vp, PG), 0);
    /* A mapping outlives its fd. */
    TEQ(close(ro), 0);
    printf("after close: %.6s\n", rp);
    TEQ(close(fd), 0);

    /* Many small mappings and unmappings. */
    void *ps[200];
    for (int i = 0; i < 200; i++) {
        ps[i] = mmap(NULL, (i % 5 + 1) * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (ps[i] == MAP_FAILED)
            break;
        ((char *)ps[i])[0] = (char)i;
    }
    int okc = 0;
    for (int i = 0; i < 200; i++)
        okc += ((char *)ps[i])[0] == (char)i;
    for (int i = 0; i < 200; i += 2)
        munmap(ps[i], (i % 5 + 1) * PG);
    printf("small mappings ok=%d\n", okc);
    return finish();
}
