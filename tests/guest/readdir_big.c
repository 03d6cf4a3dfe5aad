// readdir_big: a directory with 500 entries of varied name lengths read
// through readdir (several getdents64 calls), seekdir/telldir/rewinddir,
// and removal of every other entry while iterating a fresh stream.
#include "common.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int count(const char *dir, unsigned long *hash) {
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    static char *names[1000];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 1000)
        names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof *names, cmp);
    unsigned long h = 5381;
    for (int i = 0; i < n; i++) {
        for (char *p = names[i]; *p; p++)
            h = h * 33 + (unsigned char)*p;
        free(names[i]);
    }
    *hash = h;
    return n;
}

int main(void) {
    CHECK(mkdir("many", 0755) == 0);
    char name[300];
    for (int i = 0; i < 500; i++) {
        int len = 1 + (i * 7) % 200;
        int k = snprintf(name, sizeof name, "many/%03d_", i);
        for (int j = 0; j < len; j++)
            name[k + j] = 'a' + (i + j) % 26;
        name[k + len] = 0;
        int fd = open(name, O_CREAT | O_WRONLY, 0644);
        if (fd < 0) {
            printf("create %d: %s\n", i, errname(errno));
            break;
        }
        close(fd);
    }
    unsigned long h;
    printf("entries=%d", count("many", &h));
    printf(" hash=%lu\n", h);

    DIR *d = opendir("many");
    CHECK(d != NULL);
    for (int i = 0; i < 100; i++)
        readdir(d);
    long pos = telldir(d);
    struct dirent *e = readdir(d);
    char first[300];
    strcpy(first, e ? e->d_name : "");
    for (int i = 0; i < 50; i++)
        readdir(d);
    seekdir(d, pos);
    e = readdir(d);
    CHECK(e && strcmp(e->d_name, first) == 0);
    rewinddir(d);
    int again = 0;
    while (readdir(d))
        again++;
    printf("after rewind=%d\n", again);
    closedir(d);

    int removed = 0;
    d = opendir("many");
    int dfd = dirfd(d);
    int i = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (atoi(e->d_name) % 2 == 0 && unlinkat(dfd, e->d_name, 0) == 0)
            removed++;
        i++;
    }
    closedir(d);
    printf("removed=%d", removed);
    printf(" left=%d\n", count("many", &h));
    return finish();
}
