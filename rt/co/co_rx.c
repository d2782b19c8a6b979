// SPDX-License-Identifier: MIT
/*
 * co_rx.c — the reactor: epoll for fds, an eventfd for wake-ups from the
 * thread pool, and the fd waits coroutines block in.
 *
 * Shaped like Redis ae.c, reduced to what a coroutine runtime needs: the
 * scheduler calls co_rx_poll only when no coroutine is runnable (or, with a
 * zero timeout, now and then when busy).  Each fd is registered once,
 * edge-triggered for both directions (EPOLLIN | EPOLLOUT | EPOLLRDHUP |
 * EPOLLET), until sw_rx_forget; an edge that arrives while nobody waits is
 * remembered in `ready`, so a later wait returns at once (the caller then
 * retries its read or write: early returns are allowed, lost ones are not).
 * One reader and one writer per fd at a time (Swoole's rule): a second
 * waiter in the same direction gets -EBUSY.
 *
 * A fd can instead be *watched* (sw_rx_watch): its events call a C function
 * right in the loop, with no coroutine involved; that is how the server
 * core serves thousands of connections without a coroutine each.  A watched
 * fd cannot be waited on, and the other way round.  Each registration gets
 * a generation number carried in the epoll data next to the fd, so an event
 * fetched in the same epoll_wait batch for a fd that a callback closed (and
 * whose number accept() handed out again) is dropped, not misdelivered.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "co_internal.h"

typedef struct CoRxWait {
    SwCo *co;
    int fd;
    int events;              /* SW_RX_* asked for */
    SwTimer tm;
} CoRxWait;

typedef struct FdEnt {
    bool registered;
    uint8_t ready;           /* edges seen while nobody waited (SW_RX_*) */
    uint8_t wflags;          /* watched: the SW_RX_* flags given to sw_rx_watch */
    uint32_t gen;            /* registration number (epoll data high half) */
    CoRxWait *rd, *wr;       /* the waiters, NULL when none */
    SwRxFn cb;               /* watched: the callback, else NULL */
    void *cbarg;
} FdEnt;

static const char reason_io[] = "IO wait";
static int epfd = -1;
static int evfd = -1;
static FdEnt *fds;
static int nfds_cap;
static int64_t nwaiting;          /* coroutines in sw_rx_wait */
static int64_t holds;
static uint32_t next_gen = 1;     /* 0 tags the eventfd */

static inline uint64_t ev_data(int fd, uint32_t gen)
{
    return (uint64_t)gen << 32 | (uint32_t)fd;
}

static void rx_init(void)
{
    if (epfd >= 0) return;
    epfd = epoll_create1(EPOLL_CLOEXEC);
    if (epfd < 0) co_fatal("epoll_create1: %s", strerror(errno));
}

int co_rx_eventfd(void)
{
    if (evfd >= 0) return evfd;
    rx_init();
    evfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (evfd < 0) co_fatal("eventfd: %s", strerror(errno));
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = ev_data(evfd, 0)};
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, evfd, &ev) != 0) co_fatal("epoll_ctl(eventfd): %s", strerror(errno));
    return evfd;
}

static FdEnt *ent(int fd)
{
    if (fd >= nfds_cap) {
        int n = nfds_cap ? nfds_cap : 256;
        while (n <= fd) n *= 2;
        FdEnt *f = realloc(fds, (size_t)n * sizeof *f);
        if (!f) co_fatal("runtime: out of memory (fd table)");
        memset(f + nfds_cap, 0, (size_t)(n - nfds_cap) * sizeof *f);
        fds = f;
        nfds_cap = n;
    }
    return &fds[fd];
}

/* The epoll mask of a watch with flags f (SW_RX_*). */
static uint32_t watch_mask(int f)
{
    uint32_t m = 0;
    if (f & SW_RX_READ) m |= EPOLLIN | ((f & SW_RX_EXCLUSIVE) ? 0 : EPOLLRDHUP);
    if (f & SW_RX_WRITE) m |= EPOLLOUT;
    if (!(f & SW_RX_LEVEL)) m |= EPOLLET;
    if (f & SW_RX_EXCLUSIVE) m |= EPOLLEXCLUSIVE;
    return m;
}

static int reg(int fd, FdEnt *e)
{
    uint32_t gen = next_gen++;
    if (!next_gen) next_gen = 1;
    uint32_t mask = e->cb ? watch_mask(e->wflags) : EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
    struct epoll_event ev = {.events = mask, .data.u64 = ev_data(fd, gen)};
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) != 0) {
        if (errno != EEXIST) return -errno;
        if (epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &ev) != 0) return -errno;
    }
    e->gen = gen;
    e->registered = true;
    return 0;
}

/* Removes w from its fd's slots and readies it with `result`. */
static void finish_wait(CoRxWait *w, int result)
{
    FdEnt *e = &fds[w->fd];
    if (e->rd == w) e->rd = NULL;
    if (e->wr == w) e->wr = NULL;
    sw_timer_stop(&w->tm);
    nwaiting--;
    co_ready(w->co, result);
}

static void on_timeout(SwTimer *t)
{
    CoRxWait *w = t->arg;
    finish_wait(w, 0);
}

int sw_rx_wait(int fd, int events, int64_t timeout_ns)
{
    if (fd < 0) return -EBADF;
    events &= SW_RX_READ | SW_RX_WRITE;
    if (!events) return -EINVAL;
    rx_init();
    FdEnt *e = ent(fd);
    if (e->cb) return -EBUSY;    /* watched: its events go to the callback */
    if (!e->registered) {
        int r = reg(fd, e);
        if (r < 0) return r;
    }
    if (e->ready & events) {
        int got = e->ready & events;
        e->ready &= (uint8_t)~got;
        return got;
    }
    if (((events & SW_RX_READ) && e->rd) || ((events & SW_RX_WRITE) && e->wr)) return -EBUSY;
    if (timeout_ns == 0) return 0;
    CoRxWait w = {.co = sw_co_self(), .fd = fd, .events = events};
    if (events & SW_RX_READ) e->rd = &w;
    if (events & SW_RX_WRITE) e->wr = &w;
    nwaiting++;
    if (timeout_ns > 0) sw_timer_start(&w.tm, sw_now() + timeout_ns, 0, on_timeout, &w);
    return (int)co_park(reason_io, &w);
}

void sw_rx_forget(int fd)
{
    if (fd < 0 || fd >= nfds_cap) return;
    FdEnt *e = &fds[fd];
    if (e->rd) finish_wait(e->rd, e->rd->events);
    if (e->wr) finish_wait(e->wr, e->wr->events);
    if (e->registered) epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL);
    memset(e, 0, sizeof *e);
}

int sw_rx_watch(int fd, int flags, SwRxFn cb, void *arg)
{
    if (fd < 0 || !cb) return -EINVAL;
    if (!(flags & (SW_RX_READ | SW_RX_WRITE))) return -EINVAL;
    rx_init();
    FdEnt *e = ent(fd);
    if (e->rd || e->wr) return -EBUSY;
    if (e->cb) {
        e->cb = cb;
        e->cbarg = arg;
        return sw_rx_watch_mod(fd, flags);
    }
    if (e->registered) {
        /* Registered by an earlier sw_rx_wait: start afresh. */
        epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL);
        e->registered = false;
    }
    e->cb = cb;
    e->cbarg = arg;
    e->wflags = (uint8_t)flags;
    e->ready = 0;
    int r = reg(fd, e);
    if (r < 0) {
        memset(e, 0, sizeof *e);
        return r;
    }
    return 0;
}

int sw_rx_watch_mod(int fd, int flags)
{
    if (fd < 0 || fd >= nfds_cap || !fds[fd].cb) return -ENOENT;
    FdEnt *e = &fds[fd];
    if (e->wflags == flags) return 0;
    struct epoll_event ev = {.events = watch_mask(flags), .data.u64 = ev_data(fd, e->gen)};
    if (epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &ev) != 0) return -errno;
    e->wflags = (uint8_t)flags;
    return 0;
}

void sw_rx_unwatch(int fd)
{
    if (fd < 0 || fd >= nfds_cap || !fds[fd].cb) return;
    FdEnt *e = &fds[fd];
    if (e->registered) epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL);
    memset(e, 0, sizeof *e);
}

void sw_rx_hold(void)
{
    holds++;
}

void sw_rx_release(void)
{
    if (holds > 0) holds--;
}

bool co_rx_pending(void)
{
    return nwaiting > 0 || holds > 0 || co_pool_inflight() > 0;
}

static void dispatch(int fd, uint32_t gen, uint32_t ev)
{
    if (fd >= nfds_cap) return;
    FdEnt *e = &fds[fd];
    if (e->gen != gen || !e->registered) return;   /* stale: fd closed in this batch */
    int got = 0;
    if (ev & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) got |= SW_RX_READ;
    if (ev & (EPOLLOUT | EPOLLHUP | EPOLLERR)) got |= SW_RX_WRITE;
    if (e->cb) {
        if (ev & (EPOLLHUP | EPOLLERR)) got |= SW_RX_ERROR;
        if (ev & (EPOLLRDHUP | EPOLLHUP)) got |= SW_RX_HUP;
        e->cb(fd, got, e->cbarg);
        return;
    }
    CoRxWait *r = e->rd, *w = e->wr;
    if (r && (got & r->events)) {
        int res = got & r->events;
        got &= ~res;
        finish_wait(r, res);
    }
    if (w && w != r && (got & w->events)) {
        int res = got & w->events;
        got &= ~res;
        finish_wait(w, res);
    }
    e->ready |= (uint8_t)got;
}

void co_rx_poll(int64_t timeout_ns)
{
    if (epfd < 0) {
        /* Only timers: sleep until the next one. */
        if (timeout_ns > 0) {
            struct timespec ts = {timeout_ns / 1000000000, timeout_ns % 1000000000};
            while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {}
        }
        return;
    }
    int ms = -1;
    if (timeout_ns >= 0) {
        int64_t m = (timeout_ns + 999999) / 1000000;
        ms = m > 0x7fffffff ? 0x7fffffff : (int)m;
    }
    struct epoll_event evs[256];
    int n = epoll_wait(epfd, evs, 256, ms);
    if (n < 0) {
        if (errno == EINTR) return;
        co_fatal("epoll_wait: %s", strerror(errno));
    }
    for (int i = 0; i < n; i++) {
        int fd = (int)(uint32_t)evs[i].data.u64;
        uint32_t gen = (uint32_t)(evs[i].data.u64 >> 32);
        if (gen == 0 && fd == evfd) {
            uint64_t v;
            ssize_t r = read(evfd, &v, sizeof v);
            (void)r;
            co_pool_complete();
        } else {
            dispatch(fd, gen, evs[i].events);
        }
    }
}

void co_rx_after_fork(void)
{
    /* The epoll instance is shared with the parent: make our own. */
    if (epfd < 0) return;
    close(epfd);
    epfd = -1;
    bool had_evfd = evfd >= 0;
    if (had_evfd) close(evfd);
    evfd = -1;
    rx_init();
    if (had_evfd) co_rx_eventfd();
    for (int fd = 0; fd < nfds_cap; fd++) {
        FdEnt *e = &fds[fd];
        if (!e->registered) continue;
        e->registered = false;
        if (reg(fd, e) < 0 && e->cb) {
            memset(e, 0, sizeof *e);
        } else if (!e->registered && (e->rd || e->wr)) {
            if (e->rd) finish_wait(e->rd, e->rd->events);
            if (e->wr) finish_wait(e->wr, e->wr->events);
        }
    }
}

void co_rx_describe(const SwCo *co, char *buf, size_t n)
{
    buf[0] = 0;
    if (co->state != CO_WAITING || !co->obj) return;
    if (co->reason == reason_io) {
        const CoRxWait *w = co->obj;
        snprintf(buf, n, "fd %d (%s%s)", w->fd, (w->events & SW_RX_READ) ? "read" : "",
                 w->events == (SW_RX_READ | SW_RX_WRITE) ? "/write" : (w->events & SW_RX_WRITE) ? "write" : "");
    } else if (!strncmp(co->reason, "chan ", 5)) {
        co_chan_describe(co->obj, buf, n);
    } else if (!strcmp(co->reason, "select")) {
        snprintf(buf, n, "select on channels");
    }
}
