// SPDX-License-Identifier: MIT
/*
 * sw_unicode_tables.h — the generated Unicode tables of Go 1.19 (see
 * gen_unicode_tables.go) behind package unicode's predicates and case
 * mappings for all runes.  Both tables are sorted and disjoint.
 */
#ifndef SW_UNICODE_TABLES_H
#define SW_UNICODE_TABLES_H

#include <stdint.h>

enum {
    SW_UNI_LETTER = 1 << 0, SW_UNI_UPPER = 1 << 1, SW_UNI_LOWER = 1 << 2,
    SW_UNI_TITLE = 1 << 3, SW_UNI_MARK = 1 << 4, SW_UNI_NUMBER = 1 << 5,
    SW_UNI_DIGIT = 1 << 6, SW_UNI_PUNCT = 1 << 7, SW_UNI_SYMBOL = 1 << 8,
    SW_UNI_SPACESEP = 1 << 9,
};

typedef struct SwUniCatRange {
    int32_t lo, hi;
    int32_t cats;           /* SW_UNI_* bits */
} SwUniCatRange;

/* r in [lo, hi]: upper = r + up, lower = r + low, title = r + title; when
 * alt is set the range alternates upper (even offset) and lower case. */
typedef struct SwUniCaseRange {
    int32_t lo, hi;
    int32_t up, low, title;
    int32_t alt;
} SwUniCaseRange;

extern const SwUniCatRange sw_uni_cats[];
extern const int sw_uni_ncats;
extern const SwUniCaseRange sw_uni_cases[];
extern const int sw_uni_ncases;

#endif
