// exec_text_busy: the running program cannot be opened for writing or
// truncated (ETXTBSY), through its path or /proc/self/exe; reading it is
// fine, and so is writing a copy of it.
#include "common.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv) {
    (void)argc;
    struct stat st;
    CHECK(stat("/proc/self/exe", &st) == 0);
    TERR(open("/proc/self/exe", O_WRONLY), ETXTBSY);
    TERR(open(argv[0], O_RDWR), ETXTBSY);
    TERR(open(argv[0], O_RDONLY | O_TRUNC), ETXTBSY);
    TERR(truncate(argv[0], st.st_size), ETXTBSY); // (same size: harmless if allowed)
    int fd = open(argv[0], O_RDONLY);
    CHECK(fd >= 0);
    char copy[] = "/tmp/elfuse-txt-XXXXXX";
    int c = mkstemp(copy);
    CHECK(c >= 0);
    char buf[4096];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        CHECK(write(c, buf, (size_t)n) == n);
    close(c);
    TEQ(truncate(copy, 10), 0);
    c = open(copy, O_WRONLY);
    CHECK(c >= 0);
    close(c);
    unlink(copy);
    close(fd);
    return finish();
}
