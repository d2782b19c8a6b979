// SPDX-License-Identifier: MIT
/*
 * co_bench.c — the coroutine runtime's micro benchmarks (issue 3's Measure
 * table).  One figure per run: `co_bench MODE` prints `MODE VALUE [VALUE2]`.
 *   yield     ns per yield+resume pair (two coroutines, 2x Gosched)
 *   pingpong  ns per round trip over two unbuffered channels
 *   spawn     ns per spawn + finish of an empty coroutine (1M)
 *   rss       bytes of RSS per coroutine, 100k blocked on a channel
 *   timers    ms to add 100k timers, ms to clear them: timer.After and
 *             timer.Clear's C side (id, record, heap entry; Go's peer:
 *             time.AfterFunc + Stop; Swoole's figure: Timer::after + clear)
 *   rawtimers the same with bare runtime SwTimers, each GC-allocated
 *   million   MiB of RSS with 1,000,000 coroutines blocked, seconds to spawn
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "co/co.h"
#include "sw_lib.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static long rss_bytes(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = 0;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "VmRSS:", 6)) kb = atol(line + 6);
    if (f) fclose(f);
    return kb * 1024;
}

enum { YIELDS = 2000000, ROUNDS = 2000000, SPAWNS = 1000000 };

static void yielder(void *arg)
{
    (void)arg;
    for (int i = 0; i < YIELDS; i++) sw_co_gosched();
}

static SwChan *ping, *pong;
static void ponger(void *arg)
{
    (void)arg;
    int64_t v;
    while (sw_chan_recv(ping, &v)) sw_chan_send(pong, &v);
}

static void empty(void *arg)
{
    (void)arg;
}

static SwChan *block;
static void blocked(void *arg)
{
    (void)arg;
    sw_chan_recv(block, NULL);
}

static void stop_timer(SwTimer *t)
{
    (void)t;
}

static void noop(void)
{
}
static SwFunc noop_fn = {noop};

static void bench_main(const char *mode)
{
    if (!strcmp(mode, "yield")) {
        sw_go(yielder, NULL);
        double t = now();
        for (int i = 0; i < YIELDS; i++) sw_co_gosched();
        printf("yield %.1f\n", (now() - t) * 1e9 / YIELDS);
    } else if (!strcmp(mode, "pingpong")) {
        ping = sw_chan_make(8, 0, true);
        pong = sw_chan_make(8, 0, true);
        sw_go(ponger, NULL);
        double t = now();
        for (int64_t i = 0; i < ROUNDS; i++) {
            sw_chan_send(ping, &i);
            int64_t v;
            sw_chan_recv(pong, &v);
        }
        printf("pingpong %.1f\n", (now() - t) * 1e9 / ROUNDS);
        sw_chan_close(ping);
    } else if (!strcmp(mode, "spawn")) {
        double t = now();
        for (int i = 0; i < SPAWNS; i++) sw_go(empty, NULL);
        printf("spawn %.1f\n", (now() - t) * 1e9 / SPAWNS);
    } else if (!strcmp(mode, "rss") || !strcmp(mode, "million")) {
        int n = !strcmp(mode, "rss") ? 100000 : 1000000;
        block = sw_chan_make(0, 0, true);
        long before = rss_bytes();
        double t = now();
        for (int i = 0; i < n; i++) sw_go(blocked, NULL);
        double secs = now() - t;
        long after = rss_bytes();
        if (n == 100000) printf("rss %.0f\n", (double)(after - before) / n);
        else printf("million %.0f %.2f\n", (double)after / 1048576.0, secs);
        fflush(stdout);
        _exit(0);   /* no need to unwind a million coroutines */
    } else if (!strcmp(mode, "timers")) {
        enum { N = 100000 };
        int64_t *ids = sw_alloc_noscan(N * sizeof *ids);
        double t0 = now();
        for (int i = 0; i < N; i++)
            ids[i] = sw_timerpkg_add(3600 * (int64_t)1000000000 + (int64_t)i * 1000, false, &noop_fn);
        double t1 = now();
        for (int i = 0; i < N; i++) sw_timerpkg_clear(ids[i]);
        double t2 = now();
        printf("timers %.2f %.2f\n", (t1 - t0) * 1e3, (t2 - t1) * 1e3);
    } else if (!strcmp(mode, "rawtimers")) {
        enum { N = 100000 };
        SwTimer **ts = sw_alloc(N * sizeof *ts);
        int64_t base = sw_now() + 3600 * (int64_t)1000000000;
        double t0 = now();
        for (int i = 0; i < N; i++) {
            ts[i] = sw_alloc(sizeof(SwTimer));
            sw_timer_start(ts[i], base + (int64_t)i * 1000, 0, stop_timer, NULL);
        }
        double t1 = now();
        for (int i = 0; i < N; i++) sw_timer_stop_lazy(ts[i]);
        double t2 = now();
        printf("rawtimers %.2f %.2f\n", (t1 - t0) * 1e3, (t2 - t1) * 1e3);
    } else {
        fprintf(stderr, "usage: co_bench yield|pingpong|spawn|rss|timers|rawtimers|million\n");
        exit(2);
    }
}

static const char *bench_mode;
static void main_main(void)
{
    bench_main(bench_mode);
}

int main(int argc, char **argv)
{
    sw_rt_init(argc, argv);
    bench_mode = argc > 1 ? argv[1] : "";
    sw_co_run_main(main_main);
}
