// SPDX-License-Identifier: MIT
/*
 * t_co.h — the harness of the coroutine runtime's C tests: CHECK counts
 * passes and failures; t_child runs a function in a forked process and
 * captures its stderr and exit status (for fatal errors and panics).
 */
#ifndef T_CO_H
#define T_CO_H

#include <stdio.h>
#include <string.h>

#include "../../rt/co/co.h"

extern int t_pass, t_fail;

#define CHECK(cond, ...)                                                    \
    do {                                                                    \
        if (cond) t_pass++;                                                 \
        else {                                                              \
            t_fail++;                                                       \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);            \
            fprintf(stderr, __VA_ARGS__);                                   \
            fputc('\n', stderr);                                            \
        }                                                                   \
    } while (0)

/* Runs fn in a child; returns its exit status (128+signal if killed) and
 * puts up to n-1 bytes of its stderr (stdout too when both) in err. */
int t_child(void (*fn)(void), char *err, size_t n);
/* Waits (parking main) until every other coroutine has ended. */
void t_wait_all(void);

void test_switch(void);
void test_sched(void);
void test_chan(void);
void test_gc(void);
void test_timer(void);
void test_rx(void);

#endif
