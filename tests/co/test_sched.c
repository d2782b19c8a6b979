// SPDX-License-Identifier: MIT
/*
 * test_sched.c — the scheduler: Swoole's `go` order, ids, FIFO run queue,
 * Gosched, co.Yield/Resume, the exit rule when main returns, the deadlock
 * report, the coroutine limit, stack overflow reports, pooled stacks given
 * back to the OS, and 100k / 1M coroutines alive at once.
 */
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "t_co.h"

static char order[256];
static int norder;

static void mark(char c)
{
    if (norder < 255) order[norder++] = c;
    order[norder] = 0;
}

static void child_b(void *arg)
{
    (void)arg;
    mark('b');
    sw_co_gosched();
    mark('d');
}

static void child_a(void *arg)
{
    SwChan *c = arg;
    mark('a');
    sw_go(child_b, NULL);
    mark('c');
    int v;
    sw_chan_recv(c, &v);
    mark('0' + (char)v);
}

static int64_t ids[4];
static void record_id(void *arg)
{
    ids[(intptr_t)arg] = sw_co_id();
}

static int64_t yielder_id;
static void yielder(void *arg)
{
    (void)arg;
    yielder_id = sw_co_id();
    mark('y');
    sw_co_yield();
    mark('r');
}

static void fifo_worker(void *arg)
{
    char c = (char)(intptr_t)arg;
    for (int i = 0; i < 2; i++) {
        mark(c);
        sw_co_gosched();
    }
}

/* ---- children of t_child ---- */

static void sleeper_then_print(void *arg)
{
    (void)arg;
    sw_co_sleep(2000000);
    printf("late\n");
}

static void main_returns_early(void)
{
    sw_go(sleeper_then_print, NULL);
    printf("main done\n");
    sw_co_exit_main();
}

static void blocked_forever(void *arg)
{
    sw_chan_recv(arg, NULL);
}

static void deadlocks(void)
{
    SwChan *c = sw_chan_make(8, 0, true);
    sw_go(blocked_forever, c);
    int64_t v = 1;
    SwChan *d = sw_chan_make(8, 0, true);
    sw_chan_send(d, &v);
}

static void parked_at_exit(void)
{
    SwChan *c = sw_chan_make(8, 0, true);
    sw_go(blocked_forever, c);
    sw_co_exit_main();
}

static void empty(void *arg)
{
    (void)arg;
}

static void over_limit(void)
{
    sw_co_set_max(3);
    SwChan *c = sw_chan_make(8, 0, true);
    sw_go(blocked_forever, c);
    sw_go(blocked_forever, c);
    int64_t r = sw_go_try(empty, NULL);
    printf("try=%lld\n", (long long)r);
    fflush(stdout);
    sw_go(blocked_forever, c);
}

static int deep(int n)
{
    SW_CO_STACK_CHECK();
    volatile char pad[256];
    pad[0] = (char)n;
    return n == 0 ? 0 : deep(n - 1) + pad[0];
}

static void recurse(void *arg)
{
    (void)arg;
    deep(1 << 20);
}

static void overflow_checked(void)
{
    sw_go(recurse, NULL);
}

static __attribute__((noinline)) int deep_unchecked(int n)
{
    volatile char pad[512];
    pad[0] = (char)n;
    pad[511] = 1;
    return n == 0 ? 0 : deep_unchecked(n - 1) + pad[0] + pad[511];
}

static void recurse_unchecked(void *arg)
{
    (void)arg;
    deep_unchecked(1 << 20);
}

static void overflow_unchecked(void)
{
    sw_go(recurse_unchecked, NULL);
}

static void overflow_unchecked_lowest(void)
{
    /* the first stack of a chunk sits on the chunk's guard page */
    SwCoStats st;
    sw_co_stats(&st);
    sw_go(recurse_unchecked, NULL);
}

static SwChan *hold_chan;
static void hold(void *arg)
{
    (void)arg;
    sw_chan_recv(hold_chan, NULL);
}

static void many(int64_t n, const char *what)
{
    hold_chan = sw_chan_make(0, 0, true);
    for (int64_t i = 0; i < n; i++) sw_go(hold, NULL);
    SwCoStats st;
    sw_co_stats(&st);
    CHECK(st.alive == n + 1, "%s: alive %lld", what, (long long)st.alive);
    sw_chan_close(hold_chan);
    t_wait_all();
    sw_co_stats(&st);
    CHECK(st.alive == 1, "%s: alive after close %lld", what, (long long)st.alive);
    CHECK(st.stacks_pooled <= 1024 + 8192, "%s: pool capped (%lld)", what, (long long)st.stacks_pooled);
    /* The loop goes idle: pooled stacks go back to the OS.  Trims run at
     * most once a second and keep what the last second needed, so the pool
     * is down to 1024 after the first and to 64 after the second. */
    sw_co_sleep(1000);
    sw_co_stats(&st);
    CHECK(st.stacks_pooled <= 1024 + 8192, "%s: pool capped while idle (%lld)", what, (long long)st.stacks_pooled);
    sw_co_sleep(2100 * 1000000LL);
    sw_co_stats(&st);
    CHECK(st.stacks_pooled <= 64, "%s: pool trimmed when idle (%lld)", what, (long long)st.stacks_pooled);
}

static void million(void)
{
    many(1000000, "1M");
    printf("ok\n");
}

/* Each coroutine has its own zeroed SwPanicState (rt/sw.h), current while
 * it runs; main keeps the runtime's initial one. */
static SwPanicState *ps_seen[2];
static bool ps_zero[2];

static void panic_state_child(void *arg)
{
    intptr_t i = (intptr_t)arg;
    SwPanicState *ps = sw_panic_state();
    ps_seen[i] = ps;
    ps_zero[i] = !ps->frames && !ps->panic && !ps->armed;
    ps->armed = (const void *)ps;           /* dirty it: must not leak out */
    sw_co_gosched();
    CHECK(sw_panic_state() == ps, "panic state kept across a switch");
    ps->armed = NULL;
}

static void test_panic_state(void)
{
    SwPanicState *main_ps = sw_panic_state();
    sw_go(panic_state_child, (void *)0);
    CHECK(sw_panic_state() == main_ps, "main's panic state back after go");
    CHECK(main_ps->armed == NULL, "main's state untouched");
    sw_go(panic_state_child, (void *)1);
    t_wait_all();
    CHECK(sw_panic_state() == main_ps, "main's panic state after the others ended");
    CHECK(ps_seen[0] && ps_seen[1] && ps_seen[0] != main_ps && ps_seen[1] != main_ps && ps_seen[0] != ps_seen[1],
          "one panic state per coroutine");
    CHECK(ps_zero[0] && ps_zero[1], "panic state zeroed at creation");
}

/* co.Backtrace's capture (sw_co_backtrace): a parked coroutine's stack is
 * read from its park point, and it goes on undisturbed afterwards. */
static int bt_steps;

static __attribute__((noinline)) void bt_leaf(void)
{
    sw_co_yield();
    bt_steps++;
    __asm__ volatile("" ::: "memory");     /* not a tail call */
}

static void bt_child(void *arg)
{
    (void)arg;
    bt_leaf();
    bt_steps++;
}

static bool has_pc_in(void *const *pcs, int n, void (*fn)(void))
{
    for (int i = 0; i < n; i++)
        if ((char *)pcs[i] > (char *)fn && (char *)pcs[i] < (char *)fn + 64) return true;
    return false;
}

static void test_backtrace(void)
{
    void *pcs[64];
    const char *st = NULL;
    bt_steps = 0;
    int64_t id = sw_go(bt_child, NULL);
    int n = sw_co_backtrace(id, pcs, 64, &st);
    CHECK(n > 0 && has_pc_in(pcs, n, bt_leaf), "a yielded coroutine's stack holds bt_leaf (%d pcs)", n);
    CHECK(st && !strcmp(st, "yield"), "its status: %s", st ? st : "(null)");
    CHECK(sw_co_id() == 0 && !strcmp(sw_co_status(id), "yield"), "nothing changed by the capture");
    n = sw_co_backtrace(0, pcs, 64, &st);
    CHECK(n > 0 && !strcmp(st, "running"), "main's own stack: %d, %s", n, st);
    CHECK(sw_co_backtrace(id + 1000, pcs, 64, &st) == -1, "no such coroutine: -1");
    /* a coroutine queued but never run: captured at the top of its entry */
    int64_t q = sw_go_queued(bt_child, NULL);
    n = sw_co_backtrace(q, pcs, 64, &st);
    CHECK(n >= 0 && !has_pc_in(pcs, n, bt_leaf) && !strcmp(st, "runnable"), "a coroutine not started yet");
    /* timing (a note, not an assertion) */
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < 10000; i++) sw_co_backtrace(id, pcs, 64, &st);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("note: sw_co_backtrace of a parked coroutine: %.0f ns\n",
           ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / 10000);
    CHECK(sw_co_resume(id), "resume after the captures");
    sw_co_gosched();                       /* q starts, and yields in bt_leaf */
    CHECK(sw_co_resume(q), "the queued coroutine started and yielded");
    t_wait_all();
    CHECK(bt_steps == 4, "both coroutines ran to their end: %d", bt_steps);
}

void test_sched(void)
{
    test_panic_state();
    test_backtrace();

    SwChan *c = sw_chan_make(sizeof(int), 0, true);
    norder = 0;
    mark('<');
    sw_go(child_a, c);
    mark('>');
    int v = 7;
    sw_chan_send(c, &v);   /* child_a is parked in recv: hand-off, it runs later */
    mark('s');
    t_wait_all();
    /* go a -> a runs: 'a', go b -> b runs 'b', yields -> back to a (creator
     * first) 'c', a blocks -> main '>', main sends 's', then b 'd', a '7'. */
    CHECK(!strcmp(order, "<abc>sd7"), "go order: %s", order);

    int64_t base = sw_go(record_id, (void *)0);
    sw_go(record_id, (void *)1);
    sw_go(record_id, (void *)2);
    CHECK(ids[0] == base && ids[1] == base + 1 && ids[2] == base + 2, "ids %lld %lld %lld",
          (long long)ids[0], (long long)ids[1], (long long)ids[2]);
    CHECK(sw_co_id() == 0, "main is coroutine 0");

    norder = 0;
    sw_go_queued(fifo_worker, (void *)'x');
    sw_go_queued(fifo_worker, (void *)'y');
    sw_go_queued(fifo_worker, (void *)'z');
    t_wait_all();
    CHECK(!strcmp(order, "xyzxyz"), "FIFO: %s", order);

    norder = 0;
    sw_go(yielder, NULL);
    CHECK(!strcmp(sw_co_status(yielder_id), "yield"), "status of a yielded coroutine: %s",
          sw_co_status(yielder_id));
    CHECK(!sw_co_resume(yielder_id + 1000), "resume of an unknown id");
    CHECK(sw_co_resume(yielder_id), "resume");
    CHECK(!sw_co_resume(yielder_id), "resume twice");
    t_wait_all();
    CHECK(!strcmp(order, "yr"), "yield/resume: %s", order);

    int64_t list[8];
    CHECK(sw_co_list(list, 8) == 1 && list[0] == 0, "co.List with main only");

    char err[4096];
    int st = t_child(main_returns_early, err, sizeof err);
    CHECK(st == 0 && !strcmp(err, "main done\nlate\n"), "main returns, loop runs: %d %s", st, err);

    st = t_child(deadlocks, err, sizeof err);
    CHECK(st == 2 && !strncmp(err, "fatal error: all coroutines are asleep - deadlock!\n", 51) &&
              strstr(err, "coroutine 0 [chan send]: chan") && strstr(err, "[chan receive]: chan"),
          "deadlock: %d %s", st, err);

    st = t_child(parked_at_exit, err, sizeof err);
    CHECK(st == 0 && err[0] == 0, "main returned with a parked coroutine: exit 0: %d %s", st, err);

    st = t_child(over_limit, err, sizeof err);
    CHECK(st == 2 && strstr(err, "try=-1\n") && strstr(err, "fatal error: coroutine limit reached: 3"),
          "limit: %d %s", st, err);

    st = t_child(overflow_checked, err, sizeof err);
    CHECK(st == 2 && strstr(err, "fatal error: stack overflow") && strstr(err, "coroutine ") &&
              strstr(err, "stack limit check"),
          "overflow (prologue check): %d %s", st, err);
    st = t_child(overflow_unchecked, err, sizeof err);
    CHECK(st == 2 && strstr(err, "fatal error: stack overflow") && strstr(err, "runtime: coroutine "),
          "overflow (C code): %d %s", st, err);
    (void)overflow_unchecked_lowest;

    many(40000, "40k (past the 32,753 a guard page per stack allows)");
    SwCoStats s;
    sw_co_stats(&s);
    CHECK(s.chunks >= 1 && s.chunks < 400, "chunks %lld", (long long)s.chunks);
    if (getenv("T_CO_MILLION")) {
        st = t_child(million, err, sizeof err);
        CHECK(st == 0 && !strcmp(err, "ok\n"), "1M coroutines: %d %s", st, err);
    }
}
