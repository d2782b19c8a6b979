// SPDX-License-Identifier: MIT
/*
 * sw_event.c — the C side of stdlib/event (Swoole's Event class): waits on
 * file descriptors through the runtime's reactor.  The watchers themselves
 * are coroutines written in Sw (stdlib/event/event.sw) that loop on
 * sw_event_wait and call the user's callbacks; Del wakes them with
 * sw_rx_forget.  While any fd is registered the loop is held alive.
 * Cycle's function is started in a new coroutine from the scheduler's
 * round hook (sw_co_set_round_hook) at the end, or the start, of each
 * round of the loop.
 */
#include <fcntl.h>
#include <poll.h>

#include "co/co.h"
#include "sw_lib.h"

/* Waits for SW_RX_READ (1) or SW_RX_WRITE (2) on fd.  Swoole's callbacks
 * are level-triggered (they fire again while fd stays ready) but the
 * reactor reports edges, so a zero-timeout poll(2) comes first; a ready fd
 * still lets the other coroutines run once (sw_co_gosched) before the
 * callback repeats.  Returns > 0 when ready, < 0 as sw_rx_wait. */
int64_t sw_event_wait(int64_t fd, int64_t events)
{
    struct pollfd p = {.fd = (int)fd, .events = (short)((events & SW_RX_READ ? POLLIN : 0) |
                                                        (events & SW_RX_WRITE ? POLLOUT : 0))};
    if (poll(&p, 1, 0) == 1 && p.revents) {
        sw_co_gosched();
        return events;
    }
    return sw_rx_wait((int)fd, (int)events, -1);
}

void sw_event_forget(int64_t fd)
{
    sw_rx_forget((int)fd);
}

void sw_event_hold(void) { sw_rx_hold(); }
void sw_event_release(void) { sw_rx_release(); }

/* The reactor needs non-blocking fds; returns false when fd is not open. */
bool sw_event_nonblock(int64_t fd)
{
    int fl = fcntl((int)fd, F_GETFL);
    if (fl < 0)
        return false;
    if (!(fl & O_NONBLOCK))
        fcntl((int)fd, F_SETFL, fl | O_NONBLOCK);
    return true;
}

/* ---- event.Cycle ---------------------------------------------------------- */

static SwFunc *cycle_fn;      /* in the library's data: a GC root */
static bool cycle_before;

static void cycle_call(void *arg)
{
    SwFunc *f = arg;
    ((void (*)(SwFunc *))f->fn)(f);
}

static void cycle_round(bool before)
{
    if (cycle_fn && before == cycle_before)
        sw_go_queued(cycle_call, cycle_fn);
}

/* One function at a time, as Swoole's Event::cycle: a new one replaces the
 * old, nil removes it. */
void sw_event_cycle(SwFunc *f, bool before)
{
    cycle_fn = f;
    cycle_before = before;
    sw_co_set_round_hook(f ? cycle_round : NULL);
}
