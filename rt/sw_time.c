// SPDX-License-Identifier: MIT
/*
 * sw_time.c — the C side of stdlib/time and stdlib/timer: clocks, Sleep and
 * "function timers".  A function timer (SwFnTimer) is a runtime SwTimer in
 * GC memory plus the Sw closure to run when it fires; firing starts the
 * closure in a NEW coroutine queued at the run queue's tail (sw_go_queued),
 * which is what time.AfterFunc and Swoole's timer callbacks need.  The Sw
 * side builds everything else (ids, tables, Duration) on top of these.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

/* ---- the local zone --------------------------------------------------------
 * The C library converts (localtime_r: TZ, else /etc/localtime); which zone
 * that is and the name of time.Local follow Go's rules (time/zoneinfo_unix.go
 * initLocal): TZ unset: /etc/localtime, named "Local"; TZ="" or "UTC": UTC;
 * TZ=":x" is TZ="x"; TZ="/file": that file, named by its path; TZ=name:
 * the zoneinfo file of that name, named name.  A zone Go could not load is
 * UTC, named "UTC".  Runs on the scheduler thread only. */

static int local_utc = -1;     /* -1 not decided yet; 1: UTC; 0: the C library's zone */
static const char *local_name = "UTC";

static bool readable(const char *dir, const char *name)
{
    char p[4096];
    if ((size_t)snprintf(p, sizeof p, "%s%s", dir, name) >= sizeof p) return false;
    return access(p, R_OK) == 0;
}

static void local_init(void)
{
    const char *tz = getenv("TZ");
    local_utc = 1;
    local_name = "UTC";
    if (!tz) {
        if (readable("", "/etc/localtime")) {
            local_utc = 0;
            local_name = "Local";
        }
    } else {
        if (tz[0] == ':') tz++;
        if (tz[0] == '/') {
            if (readable("", tz)) {
                local_utc = 0;
                local_name = strcmp(tz, "/etc/localtime") == 0 ? "Local" : tz;
            }
        } else if (tz[0] && strcmp(tz, "UTC") != 0 && !strstr(tz, "..") &&
                   (readable("/usr/share/zoneinfo/", tz) || readable("/usr/share/lib/zoneinfo/", tz) ||
                    readable("/usr/lib/locale/TZ/", tz))) {
            local_utc = 0;
            local_name = tz;
        }
    }
    tzset();
}

/* time.Local's name ("Local", "UTC", or TZ's zone name). */
SwString sw_time_local_name(void)
{
    if (local_utc < 0) local_init();
    return (SwString){(const uint8_t *)local_name, (int64_t)strlen(local_name)};
}

/* The local zone at Unix time sec: returns the offset east of UTC in
 * seconds and sets *abbr to the zone's abbreviation ("CET", "EST", "-03"). */
int64_t sw_time_local_zone(int64_t sec, SwString *abbr)
{
    if (local_utc < 0) local_init();
    if (local_utc) {
        *abbr = (SwString){(const uint8_t *)"UTC", 3};
        return 0;
    }
    time_t t = (time_t)sec;
    struct tm tm;
    if (!localtime_r(&t, &tm)) {
        *abbr = (SwString){(const uint8_t *)"UTC", 3};
        return 0;
    }
    const char *z = tm.tm_zone ? tm.tm_zone : "";
    size_t n = strlen(z);
    uint8_t *d = sw_alloc_noscan(n ? n : 1);
    memcpy(d, z, n);
    *abbr = (SwString){d, (int64_t)n};
    return (int64_t)tm.tm_gmtoff;
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
