// SPDX-License-Identifier: MIT
/*
 * test_timer.c — the timer heap (random adds and stops keep the order; stop
 * is exact), time.Sleep order, periodic timers that skip missed slots, and
 * 100k timers added then cleared.
 */
#include <stdlib.h>

#include "t_co.h"

int64_t co_timer_run(int64_t now);
int64_t co_timer_count(void);

static int64_t fired[64];
static int nfired;

static void record(SwTimer *t)
{
    if (nfired < 64) fired[nfired++] = (int64_t)(intptr_t)t->arg;
}

static char sorder[16];
static int nsorder;
static void sleeper(void *arg)
{
    intptr_t ms = (intptr_t)arg;
    sw_co_sleep(ms * 1000000);
    sorder[nsorder++] = (char)('0' + ms);
}

static int ticks;
static void tick(SwTimer *t)
{
    (void)t;
    ticks++;
}

void test_timer(void)
{
    /* heap order under random insertion, with stops, driven by a fake clock */
    enum { N = 40 };
    SwTimer *ts = calloc(N, sizeof *ts);
    int64_t base = 1000000000000;
    srand(7);
    for (int i = 0; i < N; i++) sw_timer_start(&ts[i], base + (rand() % 1000) * 1000 + i, 0, record, (void *)(intptr_t)i);
    int stopped = 0;
    for (int i = 0; i < N; i += 3) stopped += sw_timer_stop(&ts[i]);
    CHECK(stopped == 14 && !sw_timer_stop(&ts[0]), "stop counts");
    nfired = 0;
    co_timer_run(base + 2000000);
    CHECK(nfired == N - 14, "fired %d", nfired);
    bool sorted = true;
    for (int i = 1; i < nfired; i++)
        if (ts[fired[i]].when < ts[fired[i - 1]].when) sorted = false;
    bool none_stopped = true;
    for (int i = 0; i < nfired; i++)
        if (fired[i] % 3 == 0) none_stopped = false;
    CHECK(sorted && none_stopped, "fired in order, stopped ones never");
    CHECK(co_timer_count() == 0, "heap empty");

    /* periodic: after a long stall, one fire, next slot in the future */
    SwTimer p = {0};
    ticks = 0;
    sw_timer_start(&p, base, 100, tick, NULL);
    co_timer_run(base + 1050);   /* 10 slots missed */
    CHECK(ticks == 1 && p.when == base + 1100, "tick skipped missed slots: %d, next %lld", ticks,
          (long long)(p.when - base));
    co_timer_run(base + 1100);
    CHECK(ticks == 2 && p.when == base + 1200, "tick keeps its phase");
    sw_timer_stop(&p);
    free(ts);

    /* sleep order */
    nsorder = 0;
    sw_go(sleeper, (void *)3);
    sw_go(sleeper, (void *)1);
    sw_go(sleeper, (void *)2);
    t_wait_all();
    CHECK(!strcmp(sorder, "123"), "sleep order %s", sorder);

    /* 100k added then cleared (no timing assertion: bench/co measures it) */
    enum { M = 100000 };
    SwTimer *many = calloc(M, sizeof *many);
    int64_t now = sw_now();
    for (int i = 0; i < M; i++) sw_timer_start(&many[i], now + 1000000000 + (int64_t)(rand() % 100000) * 1000, 0, record, NULL);
    CHECK(co_timer_count() == M, "100k pending");
    for (int i = M - 1; i >= 0; i -= 2) sw_timer_stop(&many[i]);
    for (int i = 0; i < M; i += 2) sw_timer_stop(&many[i]);
    CHECK(co_timer_count() == 0, "100k cleared");
    free(many);

    /* lazy stops of GC-allocated timers; a restart revives one */
    SwTimer **gt = sw_alloc(M * sizeof *gt);
    for (int i = 0; i < M; i++) {
        gt[i] = sw_alloc(sizeof(SwTimer));
        sw_timer_start(gt[i], now + 1000000000 + (int64_t)(rand() % 100000) * 1000, 0, record, NULL);
    }
    int lazy = 0;
    for (int i = 0; i < M; i++) lazy += sw_timer_stop_lazy(gt[i]);
    CHECK(lazy == M && co_timer_count() == 0 && !sw_timer_pending(gt[5]), "100k lazily cleared");
    sw_timer_start(gt[5], now - 1, 0, record, (void *)(intptr_t)77);
    nfired = 0;
    co_timer_run(sw_now());
    CHECK(nfired == 1 && fired[0] == 77 && co_timer_count() == 0, "restarted after a lazy stop: %d", nfired);
}
