// SPDX-License-Identifier: MIT
/*
 * test_chan.c — channels and select against Go's semantics: rendezvous,
 * buffered FIFO, close (wakes everyone; drained receive gives zero and
 * ok=false), the three panics, nil channels, len/cap, select with default,
 * blocking select on many channels, and the uniform choice among ready
 * cases (a loose statistical bound, no timing).
 */
#include <stdlib.h>

#include "t_co.h"

typedef struct Big {
    int64_t a[5];
    const char *s;
} Big;

static void producer(void *arg)
{
    SwChan *c = arg;
    for (int64_t i = 1; i <= 100; i++) sw_chan_send(c, &i);
    sw_chan_close(c);
}

static int64_t consume_all(SwChan *c, int64_t *count)
{
    int64_t sum = 0, v;
    *count = 0;
    while (sw_chan_recv(c, &v)) {
        sum += v;
        (*count)++;
    }
    return sum;
}

static void big_sender(void *arg)
{
    SwChan *c = arg;
    Big b = {{1, 2, 3, 4, 5}, "hello"};
    sw_chan_send(c, &b);
}

static int woken;
static void waiter(void *arg)
{
    int64_t v = 99;
    bool ok = sw_chan_recv(arg, &v);
    if (!ok && v == 0) woken++;
}

static void send_closed(void)
{
    SwChan *c = sw_chan_make(8, 1, true);
    sw_chan_close(c);
    int64_t v = 1;
    sw_chan_send(c, &v);
}

static void close_closed(void)
{
    SwChan *c = sw_chan_make(8, 1, true);
    sw_chan_close(c);
    sw_chan_close(c);
}

static void close_nil(void)
{
    sw_chan_close(NULL);
}

static void nil_recv(void)
{
    sw_chan_recv(NULL, NULL);
}

static void blocked_sender_closed(void *arg)
{
    (void)arg;
}

static SwChan *bsc;
static void sender_then_close(void *arg)
{
    (void)arg;
    int64_t v = 1;
    sw_chan_send(bsc, &v);
}

static void send_blocked_then_closed(void)
{
    bsc = sw_chan_make(8, 0, true);
    sw_go(sender_then_close, NULL);
    sw_chan_close(bsc);
    sw_co_sleep(1000);
}

static SwChan *sel_a, *sel_b, *sel_q;
static void sel_worker(void *arg)
{
    (void)arg;
    int64_t got = 0, n = 0;
    for (;;) {
        int64_t v;
        bool ok;
        SwSelCase cs[3] = {{sel_a, &v, false}, {sel_b, &v, false}, {sel_q, NULL, false}};
        int i = sw_select(cs, 3, false, &ok);
        if (i == 2) break;
        got += v * (i + 1);
        n++;
    }
    int64_t r = got * 1000 + n;
    sw_chan_send(sel_q, &r);
}

void test_chan(void)
{
    /* unbuffered */
    SwChan *c = sw_chan_make(8, 0, true);
    CHECK(sw_chan_len(c) == 0 && sw_chan_cap(c) == 0, "len/cap unbuffered");
    sw_go(producer, c);
    int64_t n, sum = consume_all(c, &n);
    CHECK(sum == 5050 && n == 100, "unbuffered sum %lld n %lld", (long long)sum, (long long)n);

    /* buffered: FIFO, len/cap, wrap-around */
    c = sw_chan_make(8, 3, true);
    for (int64_t i = 0; i < 3; i++) sw_chan_send(c, &i);
    CHECK(sw_chan_len(c) == 3 && sw_chan_cap(c) == 3, "len/cap buffered");
    int64_t v;
    bool ok = sw_chan_recv(c, &v);
    CHECK(ok && v == 0, "buffered first out");
    v = 3;
    sw_chan_send(c, &v);
    int64_t seq[4];
    for (int i = 0; i < 3; i++) sw_chan_recv(c, &seq[i]);
    CHECK(seq[0] == 1 && seq[1] == 2 && seq[2] == 3, "buffered FIFO across wrap");

    c = sw_chan_make(8, 4, true);
    sw_go(producer, c);   /* blocks when full; we drain */
    sum = consume_all(c, &n);
    CHECK(sum == 5050 && n == 100, "buffered producer sum %lld", (long long)sum);

    /* receive from closed buffered channel: drain then zero,false */
    c = sw_chan_make(8, 2, true);
    v = 5;
    sw_chan_send(c, &v);
    sw_chan_close(c);
    ok = sw_chan_recv(c, &v);
    CHECK(ok && v == 5, "drain closed");
    v = 7;
    ok = sw_chan_recv(c, &v);
    CHECK(!ok && v == 0, "closed and drained: zero, false");

    /* big elements by memcpy */
    c = sw_chan_make(sizeof(Big), 0, false);
    sw_go(big_sender, c);
    Big b;
    sw_chan_recv(c, &b);
    CHECK(b.a[4] == 5 && !strcmp(b.s, "hello"), "big element");

    /* close wakes every receiver */
    c = sw_chan_make(8, 0, true);
    woken = 0;
    for (int i = 0; i < 10; i++) sw_go(waiter, c);
    sw_chan_close(c);
    t_wait_all();
    CHECK(woken == 10, "close woke %d of 10", woken);

    char err[2048];
    int st = t_child(send_closed, err, sizeof err);
    CHECK(st == 2 && !strncmp(err, "panic: send on closed channel\n", 30), "send on closed: %d %s", st, err);
    st = t_child(close_closed, err, sizeof err);
    CHECK(st == 2 && !strncmp(err, "panic: close of closed channel\n", 31), "close closed: %d %s", st, err);
    st = t_child(close_nil, err, sizeof err);
    CHECK(st == 2 && !strncmp(err, "panic: close of nil channel\n", 28), "close nil: %d %s", st, err);
    st = t_child(nil_recv, err, sizeof err);
    CHECK(st == 2 && strstr(err, "deadlock!") && strstr(err, "[chan receive (nil chan)]"), "nil recv: %d %s", st,
          err);
    st = t_child(send_blocked_then_closed, err, sizeof err);
    CHECK(st == 2 && !strncmp(err, "panic: send on closed channel\n", 30), "blocked sender, close: %d %s", st,
          err);
    (void)blocked_sender_closed;
    CHECK(sw_chan_len(NULL) == 0 && sw_chan_cap(NULL) == 0, "len/cap of nil");

    /* select: default */
    c = sw_chan_make(8, 1, true);
    SwSelCase cs1[1] = {{c, &v, false}};
    CHECK(sw_select(cs1, 1, true, &ok) == -1, "select default when empty");
    v = 11;
    SwSelCase cs2[1] = {{c, &v, true}};
    CHECK(sw_select(cs2, 1, true, NULL) == 0, "select send ready");
    CHECK(sw_select(cs2, 1, true, NULL) == -1, "select send full -> default");
    v = 0;
    CHECK(sw_select(cs1, 1, true, &ok) == 0 && ok && v == 11, "select recv ready");
    SwSelCase nilc[2] = {{NULL, &v, false}, {NULL, &v, true}};
    CHECK(sw_select(nilc, 2, true, NULL) == -1, "select on nil chans with default");

    /* select: uniform among ready cases */
    enum { K = 4, ROUNDS = 40000 };
    SwChan *cc[K];
    for (int i = 0; i < K; i++) cc[i] = sw_chan_make(8, 1, true);
    int hits[K] = {0};
    for (int r = 0; r < ROUNDS; r++) {
        SwSelCase cs[K];
        for (int i = 0; i < K; i++) {
            if (sw_chan_len(cc[i]) == 0) {
                int64_t one = i;
                sw_chan_send(cc[i], &one);
            }
            cs[i] = (SwSelCase){cc[i], &v, false};
        }
        int i = sw_select(cs, K, false, &ok);
        hits[i]++;
    }
    bool uniform = true;
    for (int i = 0; i < K; i++)
        if (hits[i] < ROUNDS / K * 9 / 10 || hits[i] > ROUNDS / K * 11 / 10) uniform = false;
    CHECK(uniform, "select choice not uniform: %d %d %d %d", hits[0], hits[1], hits[2], hits[3]);

    /* blocking select on several channels, then a quit channel */
    sel_a = sw_chan_make(8, 0, true);
    sel_b = sw_chan_make(8, 0, true);
    sel_q = sw_chan_make(8, 0, true);
    sw_go(sel_worker, NULL);
    for (int64_t i = 1; i <= 10; i++) {
        sw_chan_send(sel_a, &i);
        sw_chan_send(sel_b, &i);
    }
    int64_t quit = 0;
    sw_chan_send(sel_q, &quit);
    int64_t r;
    sw_chan_recv(sel_q, &r);
    CHECK(r == (55 + 110) * 1000 + 20, "blocking select result %lld", (long long)r);

    /* select with a big case list (heap scratch) where one is ready */
    SwSelCase many[40];
    SwChan *ready = sw_chan_make(8, 1, true);
    for (int i = 0; i < 40; i++) many[i] = (SwSelCase){sw_chan_make(8, 0, true), &v, false};
    many[33].c = ready;
    v = 4;
    sw_chan_send(ready, &v);
    v = 0;
    CHECK(sw_select(many, 40, false, &ok) == 33 && v == 4, "select over 40 cases");
}
