// SPDX-License-Identifier: MIT
/*
 * sw_atomic.c — the C side of stdlib/atomic (Swoole's Atomic and
 * Atomic\Long): integer counters in shared memory, updated with the CPU's
 * atomic instructions, so that every process forked after the counter was
 * made (server workers, task workers, Process children) sees one value.
 *
 * Counters are 8-byte cells carved from anonymous MAP_SHARED chunks of
 * 64 KiB; a cell is never freed (Swoole's rule: make counters before
 * Start, never per request).  A chunk mapped after a fork is shared only
 * with that process's own later children.  The cells live outside the GC
 * heap: Sw objects hold a plain pointer to them.
 *
 * Wait/Wakeup use a futex on the 32-bit cell (shared, not
 * FUTEX_PRIVATE_FLAG, so it works across processes).  They block the whole
 * process, as in Swoole: not for use inside a server callback.
 */
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "sw_ipc.h"

#define CHUNK (64 * 1024)

static pthread_mutex_t chunk_mu = PTHREAD_MUTEX_INITIALIZER;
static char *chunk;
static size_t chunk_used = CHUNK;

/* A zeroed 8-byte cell in shared memory; dies when memory is exhausted
 * (like every other allocation failure in the runtime). */
static void *cell_new(void)
{
    pthread_mutex_lock(&chunk_mu);
    if (chunk_used + 8 > CHUNK) {
        void *p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) {
            perror("fatal error: atomic: mmap");
            _exit(2);
        }
        chunk = p;
        chunk_used = 0;
    }
    void *c = chunk + chunk_used;
    chunk_used += 8;
    pthread_mutex_unlock(&chunk_mu);
    return c;
}

/* ---- Atomic: uint32 ---------------------------------------------------- */

uint32_t *sw_atomic_new(uint32_t v)
{
    uint32_t *c = cell_new();
    __atomic_store_n(c, v, __ATOMIC_SEQ_CST);
    return c;
}

uint32_t sw_atomic_add(uint32_t *c, uint32_t n) { return __atomic_add_fetch(c, n, __ATOMIC_SEQ_CST); }
uint32_t sw_atomic_sub(uint32_t *c, uint32_t n) { return __atomic_sub_fetch(c, n, __ATOMIC_SEQ_CST); }
uint32_t sw_atomic_get(uint32_t *c) { return __atomic_load_n(c, __ATOMIC_SEQ_CST); }
void sw_atomic_set(uint32_t *c, uint32_t v) { __atomic_store_n(c, v, __ATOMIC_SEQ_CST); }

bool sw_atomic_cmpset(uint32_t *c, uint32_t cmp, uint32_t set)
{
    return __atomic_compare_exchange_n(c, &cmp, set, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

static long futex(uint32_t *addr, int op, uint32_t val, const struct timespec *ts)
{
    return syscall(SYS_futex, addr, op, val, ts, NULL, 0);
}

/* Swoole's wait: a value of 1 is a pending wakeup, consumed at once (the
 * value becomes 0, true).  Otherwise sleeps until Wakeup makes it 1 or the
 * timeout (seconds; < 0 forever) passes: false on timeout. */
bool sw_atomic_wait(uint32_t *c, double timeout)
{
    struct timespec end;
    clock_gettime(CLOCK_MONOTONIC, &end);
    if (timeout >= 0) {
        long long ns = (long long)(timeout * 1e9);
        end.tv_sec += ns / 1000000000LL;
        end.tv_nsec += ns % 1000000000LL;
        if (end.tv_nsec >= 1000000000L) {
            end.tv_sec++;
            end.tv_nsec -= 1000000000L;
        }
    }
    for (;;) {
        if (sw_atomic_cmpset(c, 1, 0))
            return true;
        struct timespec rel, *tp = NULL;
        if (timeout >= 0) {
            struct timespec now;
            clock_gettime(CLOCK_MONOTONIC, &now);
            long long left = (long long)(end.tv_sec - now.tv_sec) * 1000000000LL + (end.tv_nsec - now.tv_nsec);
            if (left <= 0)
                return false;
            rel.tv_sec = left / 1000000000LL;
            rel.tv_nsec = left % 1000000000LL;
            tp = &rel;
        }
        /* sleeps only while the value is still 0 */
        if (futex(c, FUTEX_WAIT, 0, tp) < 0 && errno != EAGAIN && errno != EINTR && errno != ETIMEDOUT)
            return false;
    }
}

/* Swoole's wakeup: 0 -> 1 and wakes up to n waiters (n <= 0: all). */
bool sw_atomic_wakeup(uint32_t *c, int64_t n)
{
    if (sw_atomic_cmpset(c, 0, 1))
        futex(c, FUTEX_WAKE, n <= 0 || n > 0x7fffffff ? 0x7fffffff : (uint32_t)n, NULL);
    return true;
}

/* ---- Long: int64 ----------------------------------------------------------- */

int64_t *sw_atomic_long_new(int64_t v)
{
    int64_t *c = cell_new();
    __atomic_store_n(c, v, __ATOMIC_SEQ_CST);
    return c;
}

int64_t sw_atomic_long_add(int64_t *c, int64_t n)
{
    return (int64_t)__atomic_add_fetch((uint64_t *)c, (uint64_t)n, __ATOMIC_SEQ_CST);
}
int64_t sw_atomic_long_sub(int64_t *c, int64_t n)
{
    return (int64_t)__atomic_sub_fetch((uint64_t *)c, (uint64_t)n, __ATOMIC_SEQ_CST);
}
int64_t sw_atomic_long_get(int64_t *c) { return __atomic_load_n(c, __ATOMIC_SEQ_CST); }
void sw_atomic_long_set(int64_t *c, int64_t v) { __atomic_store_n(c, v, __ATOMIC_SEQ_CST); }

bool sw_atomic_long_cmpset(int64_t *c, int64_t cmp, int64_t set)
{
    return __atomic_compare_exchange_n(c, &cmp, set, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}
