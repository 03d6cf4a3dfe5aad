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

/*
 * An invertible integer mix step, used by the compute workloads.  Running it
 * n times forward and n times backward must give back the seed, which checks
 * the result without a table of expected values.
 */
#define MIX_MUL 0x9e3779b97f4a7c15ull
#define MIX_ADD 0x632be59bd9b4e019ull

static inline uint64_t mix_fwd(uint64_t x)
{
    x ^= x >> 33;
    return x * MIX_MUL + MIX_ADD;
}

static inline uint64_t mix_inverse_mul(void)
{
    /* Newton iteration for the inverse of an odd number modulo 2^64. */
    uint64_t inv = MIX_MUL;
    for (int i = 0; i < 6; i++)
        inv *= 2 - MIX_MUL * inv;
    return inv;
}

static inline uint64_t mix_back(uint64_t x, uint64_t inv)
{
    x = (x - MIX_ADD) * inv;
    return x ^ (x >> 33); /* a shift of 33 of 64 bits undoes itself */
}

/* 2*n dependent mix steps; returns 0 when the round trip came back to seed. */
static inline int mix_roundtrip(uint64_t seed, long n, uint64_t *out)
{
    uint64_t inv = mix_inverse_mul();
    uint64_t x = seed;
    for (long i = 0; i < n; i++)
        x = mix_fwd(x);
    uint64_t mid = x;
    for (long i = 0; i < n; i++)
        x = mix_back(x, inv);
    if (out)
        *out = mid;
    return x == seed ? 0 : -1;
}
