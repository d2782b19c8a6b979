// SPDX-License-Identifier: MIT
/*
 * sw_timerpkg.c — C symbols for stdlib/timer and stdlib/event that share
 * their work with rt/sw_time.c and rt/sw_sync.c.  Each package binds its
 * own symbols because swc declares every `//sw:extern` in the one
 * generated C file with that package's own opaque pointer types: two
 * packages binding the same symbol with different Sw types would clash.
 */
#include "co/co.h"
#include "sw_lib.h"

SwFnTimer *sw_timerpkg_new(void) { return sw_time_timer_new(); }

bool sw_timerpkg_arm(SwFnTimer *ft, int64_t delay, int64_t period, SwFunc *f)
{
    return sw_time_timer_arm(ft, delay, period, f);
}

bool sw_timerpkg_stop(SwFnTimer *ft) { return sw_time_timer_stop(ft); }

SwCo *sw_event_self(void) { return sw_co_self(); }
void sw_event_park(const void *obj) { sw_co_park("event wait", obj); }
void sw_event_ready(SwCo *co) { sw_co_ready(co); }
