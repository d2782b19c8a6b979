// SPDX-License-Identifier: MIT
/*
 * co_timer.c — every timer and timeout of the process in one binary
 * min-heap ordered by `when`: time.Sleep, timer.After/Tick, reactor
 * timeouts.  Each SwTimer knows its heap index, so stop is O(log n); a
 * pending timer's slot pointer keeps its memory (and the caller's arg)
 * reachable for the collector: the heap array is uncollectable GC memory.
 *
 * Periodic timers are re-armed from their previous deadline, not from now,
 * so ticks do not drift; when the loop was late by more than a period (a
 * callback or another coroutine overran), the missed slots are skipped, not
 * fired in a burst (seed §5.1's timer.Tick).
 */
#include <gc.h>
#include <time.h>

#include "co_internal.h"

static SwTimer **heap;            /* heap[0] is the earliest */
static int32_t heap_n, heap_cap;

int64_t sw_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t co_timer_count(void)
{
    return heap_n;
}

static inline void place(SwTimer *t, int32_t i)
{
    heap[i] = t;
    t->idx = i + 1;
}

static void sift_up(int32_t i)
{
    SwTimer *t = heap[i];
    while (i > 0) {
        int32_t p = (i - 1) / 2;
        if (heap[p]->when <= t->when) break;
        place(heap[p], i);
        i = p;
    }
    place(t, i);
}

static void sift_down(int32_t i)
{
    SwTimer *t = heap[i];
    for (;;) {
        int32_t c = 2 * i + 1;
        if (c >= heap_n) break;
        if (c + 1 < heap_n && heap[c + 1]->when < heap[c]->when) c++;
        if (t->when <= heap[c]->when) break;
        place(heap[c], i);
        i = c;
    }
    place(t, i);
}

static void grow(void)
{
    int32_t ncap = heap_cap ? heap_cap * 2 : 256;
    SwTimer **h = GC_MALLOC_UNCOLLECTABLE((size_t)ncap * sizeof *h);
    if (!h) co_fatal("runtime: out of memory (timer heap)");
    if (heap_n) memcpy(h, heap, (size_t)heap_n * sizeof *h);
    if (heap) GC_FREE(heap);
    heap = h;
    heap_cap = ncap;
}

static void heap_remove(SwTimer *t)
{
    int32_t i = t->idx - 1;
    t->idx = 0;
    heap_n--;
    if (i != heap_n) {
        SwTimer *last = heap[heap_n];
        heap[heap_n] = NULL;
        place(last, i);
        if (i > 0 && heap[(i - 1) / 2]->when > last->when) sift_up(i);
        else sift_down(i);
    } else {
        heap[heap_n] = NULL;
    }
}

void sw_timer_start(SwTimer *t, int64_t when, int64_t period, SwTimerFn fn, void *arg)
{
    if (t->idx) heap_remove(t);
    t->when = when;
    t->period = period > 0 ? period : 0;
    t->fn = fn;
    t->arg = arg;
    if (heap_n == heap_cap) grow();
    heap_n++;
    place(t, heap_n - 1);
    sift_up(heap_n - 1);
}

bool sw_timer_stop(SwTimer *t)
{
    if (!t->idx) return false;
    heap_remove(t);
    return true;
}

int64_t co_timer_run(int64_t now)
{
    while (heap_n > 0) {
        SwTimer *t = heap[0];
        if (t->when > now) return t->when - now;
        if (t->period > 0) {
            int64_t next = t->when + t->period;
            if (next <= now) next += ((now - next) / t->period + 1) * t->period;
            t->when = next;
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
