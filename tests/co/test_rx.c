// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
/*
 * test_rx.c — the reactor and the thread pool: waiting for a pipe to become
 * readable, a timeout, the one-reader rule (-EBUSY), sw_rx_forget waking a
 * waiter, and blocking work on the pool waking its coroutine.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "t_co.h"

static int pfd[2];
static int got_events;
static char got_byte;

static void reader(void *arg)
{
    (void)arg;
    char ch;
    for (;;) {
        ssize_t r = read(pfd[0], &ch, 1);
        if (r == 1) {
            got_byte = ch;
            return;
        }
        got_events = sw_rx_wait(pfd[0], SW_RX_READ, -1);
    }
}

static void writer_later(void *arg)
{
    (void)arg;
    sw_co_sleep(1000000);
    ssize_t w = write(pfd[1], "x", 1);
    (void)w;
}

static int busy_result;
static void second_reader(void *arg)
{
    (void)arg;
    busy_result = sw_rx_wait(pfd[0], SW_RX_READ, -1);
}

static int forget_result = -100;
static void forgotten(void *arg)
{
    (void)arg;
    forget_result = sw_rx_wait(pfd[0], SW_RX_READ, -1);
}

static void slow_work(void *arg)
{
    int *p = arg;
    usleep(20000);
    *p = 42;
}

static int pool_vals[8];
static void pool_user(void *arg)
{
    int *p = arg;
    sw_pool_run(slow_work, p);
}

void test_rx(void)
{
    CHECK(pipe2(pfd, O_NONBLOCK) == 0, "pipe");
    sw_go(reader, NULL);
    sw_go(writer_later, NULL);
    t_wait_all();
    CHECK(got_byte == 'x' && (got_events & SW_RX_READ), "read after wait: %c %d", got_byte, got_events);

    int64_t t0 = sw_now();
    int r = sw_rx_wait(pfd[0], SW_RX_READ, 2000000);
    CHECK(r == 0 && sw_now() - t0 >= 2000000, "timeout: %d", r);

    sw_go(forgotten, NULL);
    sw_go(second_reader, NULL);
    CHECK(busy_result == -EBUSY, "second reader gets -EBUSY: %d", busy_result);
    sw_rx_forget(pfd[0]);
    t_wait_all();
    CHECK(forget_result == SW_RX_READ, "forget wakes the waiter: %d", forget_result);

    r = sw_rx_wait(pfd[1], SW_RX_WRITE, -1);
    CHECK(r == SW_RX_WRITE, "pipe writable: %d", r);
    close(pfd[0]);
    sw_rx_forget(pfd[1]);
    close(pfd[1]);

    for (int i = 0; i < 8; i++) sw_go(pool_user, &pool_vals[i]);
    int mine = 0;
    sw_pool_run(slow_work, &mine);
    t_wait_all();
    bool all = mine == 42;
    for (int i = 0; i < 8; i++) all = all && pool_vals[i] == 42;
    CHECK(all, "pool work done and every waiter woken");
}
