// SPDX-License-Identifier: MIT
/*
 * co_timer.c — every timer and timeout of the process in one 4-ary
 * min-heap ordered by `when`: time.Sleep, timer.After/Tick, reactor
 * timeouts.  Each SwTimer knows its heap index, so stop is O(log n); a
 * pending timer's slot pointer keeps its memory (and the caller's arg)
 * reachable for the collector: the heap array is a GC root range.
 *
 * Two ways to stop.  sw_timer_stop removes at once (O(log n)): for timers
 * whose memory goes away right after (the stack timers of sleep and fd
 * timeouts).  sw_timer_stop_lazy, as in Go's runtime, only marks the timer
 * (O(1)); it is dropped when it reaches the top or when marked timers
 * exceed a quarter of the heap, which is then compacted and re-heapified in
 * O(n) — O(1) amortized per stop.  The heap keeps a lazily stopped timer
 * reachable, so it suits GC-allocated timers (time.Timer, timer.Clear).
 *
 * Periodic timers are re-armed from their previous deadline, not from now,
 * so ticks do not drift; when the loop was late by more than a period (a
 * callback or another coroutine overran), the missed slots are skipped, not
 * fired in a burst (seed §5.1's timer.Tick).
 */
#define _GNU_SOURCE 1             /* mremap */
#include <gc.h>
#include <sys/mman.h>
#include <time.h>

#include "co_internal.h"

/* A heap entry carries its deadline, so sifting never touches the timers
 * themselves (one cache line per level instead of two). */
typedef struct Slot {
    int64_t when;
    SwTimer *t;
} Slot;

/* The heap is 4-ary: half the levels of a binary heap, and a node's four
 * children share one cache line (64 bytes of Slots). */
#define ARY 4

static Slot *heap;                /* heap[0] is the earliest */
static int32_t heap_n, heap_cap;
static int32_t heap_dead;         /* stopped timers still in the heap */

int64_t sw_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t co_timer_count(void)
{
    return heap_n - heap_dead;
}

static inline void place(Slot s, int32_t i)
{
    heap[i] = s;
    s.t->idx = i + 1;
}

static void sift_up(int32_t i)
{
    Slot s = heap[i];
    while (i > 0) {
        int32_t p = (i - 1) / ARY;
        if (heap[p].when <= s.when) break;
        place(heap[p], i);
        i = p;
    }
    place(s, i);
}

static void sift_down(int32_t i)
{
    Slot s = heap[i];
    for (;;) {
        int32_t c = ARY * i + 1;
        if (c >= heap_n) break;
        int32_t end = c + ARY < heap_n ? c + ARY : heap_n;
        int32_t m = c;
        for (int32_t k = c + 1; k < end; k++)
            if (heap[k].when < heap[m].when) m = k;
        if (s.when <= heap[m].when) break;
        place(heap[m], i);
        i = m;
    }
    place(s, i);
}

/* The array lives in its own mapping, faulted in up front (MAP_POPULATE,
 * MADV_POPULATE_WRITE: one system call instead of a page fault per 4 KiB,
 * which costs tens of microseconds in a VM) and grown with mremap (no
 * copy).  It is a GC root range, so a pending timer in GC memory (and what
 * its arg points to) stays reachable; the unused tail is kept zeroed. */
static void grow(void)
{
    int32_t ncap = heap_cap ? heap_cap * 2 : 4096;
    if (ncap <= heap_cap) co_fatal("runtime: too many timers");
    size_t olen = (size_t)heap_cap * sizeof(Slot), nlen = (size_t)ncap * sizeof(Slot);
    Slot *h;
    if (!heap) {
        h = mmap(NULL, nlen, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    } else {
        h = mremap(heap, olen, nlen, MREMAP_MAYMOVE);
#ifdef MADV_POPULATE_WRITE
        if (h != MAP_FAILED) madvise((char *)h + olen, nlen - olen, MADV_POPULATE_WRITE);
#endif
    }
    if (h == MAP_FAILED) co_fatal("runtime: out of memory (timer heap of %d)", ncap);
    /* No collection can run between the two calls (one thread, no
     * allocation), so the timers are never unreachable. */
    if (heap) GC_remove_roots(heap, (char *)heap + olen);
    GC_add_roots(h, (char *)h + nlen);
    heap = h;
    heap_cap = ncap;
}

static void heap_remove(SwTimer *t)
{
    int32_t i = t->idx - 1;
    t->idx = 0;
    heap_n--;
    if (i != heap_n) {
        Slot last = heap[heap_n];
        heap[heap_n] = (Slot){0, NULL};
        place(last, i);
        if (i > 0 && heap[(i - 1) / ARY].when > last.when) sift_up(i);
        else sift_down(i);
    } else {
        heap[heap_n] = (Slot){0, NULL};
    }
}

/* Drops every stopped timer and rebuilds the heap bottom-up. */
static void compact(void)
{
    int32_t n = 0;
    for (int32_t i = 0; i < heap_n; i++) {
        SwTimer *t = heap[i].t;
        if (t->dead) {
            t->dead = 0;
            t->idx = 0;
        } else {
            place(heap[i], n++);
        }
    }
    for (int32_t i = n; i < heap_n; i++) heap[i] = (Slot){0, NULL};
    heap_n = n;
    heap_dead = 0;
    if (n > 1)
        for (int32_t i = (n - 2) / ARY; i >= 0; i--) sift_down(i);
}

void sw_timer_start(SwTimer *t, int64_t when, int64_t period, SwTimerFn fn, void *arg)
{
    if (t->idx) {
        if (t->dead) {
            t->dead = 0;
            heap_dead--;
        }
        heap_remove(t);
    }
    t->when = when;
    t->period = period > 0 ? period : 0;
    t->fn = fn;
    t->arg = arg;
    if (heap_n == heap_cap) grow();
    heap_n++;
    place((Slot){when, t}, heap_n - 1);
    sift_up(heap_n - 1);
}

bool sw_timer_stop(SwTimer *t)
{
    if (!t->idx) return false;
    bool was = !t->dead;
    if (t->dead) {
        t->dead = 0;
        heap_dead--;
    }
    heap_remove(t);
    return was;
}

bool sw_timer_stop_lazy(SwTimer *t)
{
    if (!t->idx || t->dead) return false;
    t->dead = 1;
    heap_dead++;
    if (heap_dead > 64 && heap_dead > heap_n / 4) compact();
    return true;
}

int64_t co_timer_run(int64_t now)
{
    while (heap_n > 0) {
        SwTimer *t = heap[0].t;
        if (t->dead) {
            t->dead = 0;
            heap_dead--;
            heap_remove(t);
            continue;
        }
        if (heap[0].when > now) return heap[0].when - now;
        if (t->period > 0) {
            int64_t next = t->when + t->period;
            if (next <= now) next += ((now - next) / t->period + 1) * t->period;
            t->when = next;
            heap[0].when = next;
            sift_down(0);
        } else {
            heap_remove(t);
        }
        t->fn(t);
    }
    return -1;
}

/* ---- time.Sleep ---------------------------------------------------------------- */

static void wake_sleeper(SwTimer *t)
{
    co_ready(t->arg, 0);
}

void sw_co_sleep(int64_t ns)
{
    if (ns <= 0) {
        sw_co_gosched();
        return;
    }
    SwTimer t = {0};                /* on this stack: scanned while we sleep */
    sw_timer_start(&t, sw_now() + ns, 0, wake_sleeper, sw_co_self());
    co_park("sleep", &t);
}
