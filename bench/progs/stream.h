/* Shared by the pipe and socketpair throughput programs: push MiB through a byte stream to a forked child. */
#pragma once
#include "common.h"
#include <sys/wait.h>

#define CHUNK (64 * 1024)

static int write_full(int fd, const char *p, size_t len)
{
    while (len) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

/* Returns bytes read (< len only at end of stream), or -1. */
static ssize_t read_full(int fd, char *p, size_t len)
{
    size_t got = 0;
    while (got < len) {
        ssize_t r = read(fd, p + got, len - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

/*
 * The child writes mib MiB in 64 KiB chunks, each stamped with its sequence
 * number at both ends; the parent reads whole chunks and checks the stamps,
 * then waits for the child.  Times the whole transfer including the fork.
 */
static void stream_run(long mib, int rfd, int wfd)
{
    static char buf[CHUNK];
    long chunks = mib * (1024 * 1024 / CHUNK);
    uint64_t t0 = now_ns();
    pid_t pid = fork();
    if (pid < 0)
        die("fork: %s", strerror(errno));
    if (pid == 0) {
        close(rfd);
        memset(buf, 0x5a, sizeof buf);
        for (long i = 0; i < chunks; i++) {
            memcpy(buf, &i, sizeof i);
            memcpy(buf + CHUNK - sizeof i, &i, sizeof i);
            if (write_full(wfd, buf, CHUNK) != 0)
                _exit(3);
        }
        _exit(0);
    }
    close(wfd);
    for (long i = 0; i < chunks; i++) {
        ssize_t r = read_full(rfd, buf, CHUNK);
        if (r != CHUNK)
            die("chunk %ld: read %zd bytes: %s", i, r, r < 0 ? strerror(errno) : "short");
        long a, b;
        memcpy(&a, buf, sizeof a);
        memcpy(&b, buf + CHUNK - sizeof b, sizeof b);
        if (a != i || b != i || buf[CHUNK / 2] != 0x5a)
            die("chunk %ld: bad content (%ld, %ld)", i, a, b);
    }
    int st;
    if (waitpid(pid, &st, 0) != pid)
        die("waitpid: %s", strerror(errno));
    uint64_t t1 = now_ns();
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
        die("writer child status 0x%x", st);
    report(mib, t1 - t0);
}
