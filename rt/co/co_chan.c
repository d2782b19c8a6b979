// SPDX-License-Identifier: MIT
/*
 * co_chan.c — channels and select, with Go's semantics (runtime/chan.go,
 * runtime/select.go), for one thread: no locks, a waiter is a record on the
 * waiting coroutine's own stack.
 *
 * Invariants (c is a channel):
 *   - At least one of c->sendq and c->recvq is empty, except for an
 *     unbuffered channel with a single coroutine blocked in a select that
 *     both sends and receives on it (it cannot match itself).
 *   - For a buffered channel: c->len > 0 implies c->recvq is empty, and
 *     c->len < c->cap implies c->sendq is empty.
 *   - A waiter (CoWaiter) is in at most one queue; a coroutine blocked in a
 *     select has one waiter per channel case, and when one of them is
 *     matched, the matcher removes all of them before readying it (there
 *     are no stale waiters to skip, unlike Go's selectDone).
 *   - A closed channel has empty queues: close readies every waiter.
 *
 * Hand-off is direct: a sender that finds a parked receiver copies the
 * element straight into the receiver's destination and readies it (the
 * receiver then runs later, FIFO); a receiver that finds a parked sender
 * on an unbuffered channel copies from the sender's value, and on a full
 * buffered channel takes the head of the buffer and moves the sender's
 * value to its tail.
 *
 * struct SwChan is private to this file; generated code only holds
 * SwChan * (rt/sw.h).
 */
#include <gc.h>
#include <stdio.h>

#include "co_internal.h"

typedef struct CoWaiter CoWaiter;
struct CoWaiter {
    SwCo *co;
    SwChan *c;
    void *elem;            /* send: the value; receive: destination (may be NULL) */
    CoWaiter *next, *prev;
    CoWaiter *sel;         /* first waiter of its select (array), NULL otherwise */
    int32_t nsel;          /* number of waiters in that array */
    int32_t casei;         /* the select case it stands for */
    bool send;
    bool ok;               /* receive: a value was delivered (not closed) */
    bool done;             /* matched (or woken by close) */
};

typedef struct CoWaitQ {
    CoWaiter *first, *last;
} CoWaitQ;

struct SwChan {
    int64_t cap;
    int64_t len;           /* elements in buf */
    int64_t recvx;         /* index of the oldest element */
    int64_t elemsize;
    uint8_t *buf;          /* cap * elemsize bytes */
    CoWaitQ recvq, sendq;
    bool closed;
};

static void enqueue(CoWaitQ *q, CoWaiter *w)
{
    w->next = NULL;
    w->prev = q->last;
    if (q->last) q->last->next = w;
    else q->first = w;
    q->last = w;
}

static void unlink_waiter(CoWaitQ *q, CoWaiter *w)
{
    if (w->prev) w->prev->next = w->next;
    else q->first = w->next;
    if (w->next) w->next->prev = w->prev;
    else q->last = w->prev;
    w->next = w->prev = NULL;
}

static CoWaitQ *queue_of(CoWaiter *w)
{
    return w->send ? &w->c->sendq : &w->c->recvq;
}

/* Takes the first waiter of q out, with all its select siblings. */
static CoWaiter *dequeue(CoWaitQ *q)
{
    CoWaiter *w = q->first;
    if (!w) return NULL;
    unlink_waiter(q, w);
    if (w->sel) {
        for (int32_t i = 0; i < w->nsel; i++) {
            CoWaiter *s = &w->sel[i];
            if (s != w && s->c) unlink_waiter(queue_of(s), s);
        }
    }
    return w;
}

/* Readies w's coroutine; a select learns which case fired through result. */
static void wake(CoWaiter *w)
{
    w->done = true;
    co_ready(w->co, w->casei);
}

static inline void *slot(SwChan *c, int64_t i)
{
    return c->buf + (size_t)(i % c->cap) * (size_t)c->elemsize;
}

SwChan *sw_chan_make(int64_t elemsize, int64_t cap, bool noscan)
{
    if (cap < 0 || elemsize < 0 || (elemsize > 0 && cap > ((int64_t)1 << 40) / elemsize))
        co_panic("makechan: size out of range");
    SwChan *c = sw_alloc(sizeof *c);
    c->cap = cap;
    c->elemsize = elemsize;
    if (cap > 0 && elemsize > 0) {
        size_t n = (size_t)cap * (size_t)elemsize;
        c->buf = noscan ? sw_alloc_noscan(n) : sw_alloc(n);
    }
    return c;
}

int64_t sw_chan_len(const SwChan *c)
{
    return c ? c->len : 0;
}

int64_t sw_chan_cap(const SwChan *c)
{
    return c ? c->cap : 0;
}

static inline void copy(void *dst, const void *src, int64_t n)
{
    if (!dst) return;
    if (n == 8) memcpy(dst, src, 8);      /* the common word-sized element, inline */
    else if (n) memcpy(dst, src, (size_t)n);
}

static inline void zero(void *dst, int64_t n)
{
    if (dst && n) memset(dst, 0, (size_t)n);
}

/* ---- the non-blocking halves (shared by send/recv and select) -------------------- */

/* Precondition: c not NULL.  Sends if possible now; panics if closed. */
static bool try_send(SwChan *c, const void *elem)
{
    if (c->closed) co_panic("send on closed channel");
    CoWaiter *r = dequeue(&c->recvq);
    if (r) {
        copy(r->elem, elem, c->elemsize);
        r->ok = true;
        wake(r);
        return true;
    }
    if (c->len < c->cap) {
        copy(slot(c, c->recvx + c->len), elem, c->elemsize);
        c->len++;
        return true;
    }
    return false;
}

/* Precondition: c not NULL.  Receives if possible now (*ok set). */
static bool try_recv(SwChan *c, void *elem, bool *ok)
{
    if (c->len > 0) {
        void *head = slot(c, c->recvx);
        copy(elem, head, c->elemsize);
        CoWaiter *s = dequeue(&c->sendq);
        if (s) {            /* full buffer: the sender's value goes to the tail */
            memcpy(head, s->elem, (size_t)c->elemsize);
            c->recvx = (c->recvx + 1) % c->cap;
            s->ok = true;
            wake(s);
        } else {
            zero(head, c->elemsize);   /* drop the reference for the GC */
            c->recvx = (c->recvx + 1) % c->cap;
            c->len--;
        }
        *ok = true;
        return true;
    }
    CoWaiter *s = dequeue(&c->sendq);
    if (s) {                /* unbuffered: straight from the sender */
        copy(elem, s->elem, c->elemsize);
        s->ok = true;
        wake(s);
        *ok = true;
        return true;
    }
    if (c->closed) {
        zero(elem, c->elemsize);
        *ok = false;
        return true;
    }
    return false;
}

/* ---- blocking operations -------------------------------------------------------------- */

void sw_chan_send(SwChan *c, const void *elem)
{
    if (!c) {
        co_park("chan send (nil chan)", NULL);
        co_fatal("runtime: nil channel send resumed");
    }
    if (try_send(c, elem)) return;
    CoWaiter w = {.co = sw_co_self(), .c = c, .elem = (void *)elem, .send = true, .casei = 0};
    enqueue(&c->sendq, &w);
    co_park("chan send", c);
    if (!w.ok) co_panic("send on closed channel");   /* woken by close */
}

bool sw_chan_recv(SwChan *c, void *elem)
{
    if (!c) {
        co_park("chan receive (nil chan)", NULL);
        co_fatal("runtime: nil channel receive resumed");
    }
    bool ok;
    if (try_recv(c, elem, &ok)) return ok;
    CoWaiter w = {.co = sw_co_self(), .c = c, .elem = elem, .send = false, .casei = 0};
    enqueue(&c->recvq, &w);
    co_park("chan receive", c);
    return w.ok;
}

void sw_chan_close(SwChan *c)
{
    if (!c) co_panic("close of nil channel");
    if (c->closed) co_panic("close of closed channel");
    c->closed = true;
    CoWaiter *w;
    while ((w = dequeue(&c->recvq)) != NULL) {
        zero(w->elem, c->elemsize);
        w->ok = false;
        wake(w);
    }
    while ((w = dequeue(&c->sendq)) != NULL) {
        w->ok = false;      /* the sender panics when it runs */
        wake(w);
    }
}

/* ---- select ------------------------------------------------------------------------------- */

#define SEL_STACK 8

int sw_select(SwSelCase *cases, int n, bool has_default, bool *recv_ok)
{
    if (n < 0 || n > 65536) co_fatal("select: %d cases", n);
    uint16_t order_buf[SEL_STACK];
    CoWaiter w_buf[SEL_STACK];
    uint16_t *order = order_buf;
    CoWaiter *ws = w_buf;
    if (n > SEL_STACK) {
        /* Big selects: scratch on the GC heap (reachable from this stack). */
        order = sw_alloc_noscan((size_t)n * sizeof *order);
        ws = sw_alloc((size_t)n * sizeof *ws);
    }
    /* Poll order: a uniform random permutation (Fisher-Yates, inside-out). */
    for (int i = 0; i < n; i++) {
        int j = (int)(((sw_co_rand() >> 32) * (uint64_t)(i + 1)) >> 32);
        order[i] = order[j];
        order[j] = (uint16_t)i;
    }
    bool ok = false;
    for (int k = 0; k < n; k++) {
        int i = order[k];
        SwSelCase *sc = &cases[i];
        if (!sc->c) continue;
        if (sc->send) {
            if (try_send(sc->c, sc->elem)) return i;
        } else if (try_recv(sc->c, sc->elem, &ok)) {
            if (recv_ok) *recv_ok = ok;
            return i;
        }
    }
    if (has_default) return -1;
    if (n == 0) {
        co_park("select (no cases)", NULL);
        co_fatal("runtime: empty select resumed");
    }
    /* Block on every case at once; queue in case order (Go uses lock order). */
    SwCo *self = sw_co_self();
    int live = 0;
    for (int i = 0; i < n; i++) {
        CoWaiter *w = &ws[i];
        memset(w, 0, sizeof *w);
        w->co = self;
        w->c = cases[i].c;
        w->elem = cases[i].elem;
        w->send = cases[i].send;
        w->casei = i;
        w->sel = ws;
        w->nsel = n;
        if (w->c) {
            enqueue(w->send ? &w->c->sendq : &w->c->recvq, w);
            live++;
        }
    }
    int64_t fired = co_park(live ? "select" : "select (nil chans)", NULL);
    if (!live) co_fatal("runtime: select on nil channels resumed");
    CoWaiter *w = &ws[fired];
    if (w->send) {
        if (!w->ok) co_panic("send on closed channel");
    } else if (recv_ok) {
        *recv_ok = w->ok;
    }
    return (int)fired;
}

/* For deadlock reports. */
void co_chan_describe(const SwChan *c, char *buf, size_t n)
{
    snprintf(buf, n, "chan %p (len %lld, cap %lld%s)", (const void *)c, (long long)c->len,
             (long long)c->cap, c->closed ? ", closed" : "");
}
