// SPDX-License-Identifier: MIT
/*
 * sw_time.c — the C side of stdlib/time and stdlib/timer: clocks, Sleep and
 * "function timers".  A function timer (SwFnTimer) is a runtime SwTimer in
 * GC memory plus the Sw closure to run when it fires; firing starts the
 * closure in a NEW coroutine queued at the run queue's tail (sw_go_queued),
 * which is what time.AfterFunc and Swoole's timer callbacks need.  The Sw
 * side builds everything else (ids, tables, Duration) on top of these.
 */
#include <time.h>

#include "co/co.h"
#include "sw_lib.h"

struct SwFnTimer {
    SwTimer t;          /* first: the runtime hands &t back on fire */
    SwFunc *f;          /* func() run in a new coroutine per firing */
};

int64_t sw_time_mono(void)
{
    return sw_now();
}

int64_t sw_time_wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void sw_time_sleep(int64_t ns)
{
    if (ns <= 0)
        return; /* Go: Sleep(d <= 0) returns immediately */
    sw_co_sleep(ns);
}

/* Body of the coroutine a firing starts: calls the func() value. */
static void fn_timer_call(void *arg)
{
    SwFunc *f = arg;
    ((void (*)(SwFunc *))f->fn)(f);
}

static void fn_timer_fire(SwTimer *t)
{
    SwFnTimer *ft = (SwFnTimer *)t;
    if (ft->f)
        sw_go_queued(fn_timer_call, ft->f);
}

SwFnTimer *sw_time_timer_new(void)
{
    return sw_alloc(sizeof(SwFnTimer));
}

bool sw_time_timer_arm(SwFnTimer *ft, int64_t delay, int64_t period, SwFunc *f)
{
    bool was = sw_timer_pending(&ft->t);
    if (delay < 0)
        delay = 0;
    ft->f = f;
    sw_timer_start(&ft->t, sw_now() + delay, period > 0 ? period : 0, fn_timer_fire, ft);
    return was;
}

bool sw_time_timer_stop(SwFnTimer *ft)
{
    return sw_timer_stop_lazy(&ft->t);
}

bool sw_time_timer_pending(SwFnTimer *ft)
{
    return sw_timer_pending(&ft->t);
}

/* Starts f() in a new coroutine queued at the run queue's tail (event.Defer,
 * event.Add watchers, co helpers); returns its id. */
int64_t sw_time_spawn(SwFunc *f)
{
    return sw_go_queued(fn_timer_call, f);
}
