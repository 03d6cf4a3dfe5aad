/* Shared helpers for the elfuse benchmark programs: timing, argument parsing, result line. */
#pragma once
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static inline uint64_t now_ns(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
        perror("clock_gettime");
        exit(2);
    }
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Print a diagnostic and exit non-zero, so the harness shows FAIL instead of a number. */
static inline void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("bench: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

static inline long arg_count(int argc, char **argv, int i, long dflt)
{
    if (argc <= i)
        return dflt;
    char *end;
    errno = 0;
    long v = strtol(argv[i], &end, 10);
    if (errno || *end || v <= 0)
        die("bad count '%s'", argv[i]);
    return v;
}

/*
 * The one line the harness parses: how many iterations (or MiB, or ops) the
 * timed region covered and how long it took.  Checked with fflush so that a
 * write the runtime could not perform turns into a failure.
 */
static inline void report(long iters, uint64_t ns)
{
    printf("BENCH iters=%ld ns=%llu\n", iters, (unsigned long long)ns);
    if (fflush(stdout) != 0 || ferror(stdout))
        die("writing the result failed");
}
