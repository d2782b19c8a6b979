// SPDX-License-Identifier: MIT
/*
 * t.h — the tiny harness of the runtime's C tests: CHECK macros that count
 * passes and failures, and the test functions each file provides.
 */
#ifndef T_H
#define T_H

#include <stdio.h>
#include <string.h>

#include "../../rt/sw.h"

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

/* compares a SwString with a C string, reporting both on failure */
void t_str_eq(const char *what, SwString got, const char *want);
SwString t_s(const char *s);

void test_fmt(void);
void test_map(void);
void test_slice(void);
void test_strings(void);
void test_strconv(void);
void test_float(void);
void test_panic(const char *self);

#endif
