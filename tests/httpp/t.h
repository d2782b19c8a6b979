// SPDX-License-Identifier: MIT
/*
 * t.h — the tiny harness of the HTTP parser tests: CHECK counts a pass or
 * prints a FAIL line; guard_copy places test input so that its last byte is
 * the last byte before an inaccessible page, so a parser reading one byte
 * too far crashes even without AddressSanitizer.
 */
#ifndef HTTPP_T_H
#define HTTPP_T_H

#include <stddef.h>
#include <stdio.h>

extern int t_pass, t_fail;

#define CHECK(cond, ...)                                                  \
    do {                                                                  \
        if (cond) {                                                       \
            t_pass++;                                                     \
        } else {                                                          \
            t_fail++;                                                     \
            printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);        \
            printf(__VA_ARGS__);                                          \
            printf("\n");                                                 \
        }                                                                 \
    } while (0)

/* A copy of s[0..n) whose end touches a PROT_NONE page.  The copy stays valid
 * until the next guard_copy call on the same slot (0..3). */
char *guard_copy(int slot, const char *s, size_t n);

void test_parse(void);
void test_body(void);
void test_form(void);

#endif
