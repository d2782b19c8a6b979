// SPDX-License-Identifier: MIT
/*
 * sw_uniclass.c — the C half of package unicode: category bits and case
 * mappings looked up (binary search) in Go 1.19's tables, generated into
 * sw_unicode_tables.c, so results are Go's rather than the C library's.
 */
#include "sw_lib.h"
#include "sw_unicode_tables.h"

int64_t sw_unicode_cats(int32_t r)
{
    int lo = 0, hi = sw_uni_ncats;
    while (lo < hi) {
        int m = lo + (hi - lo) / 2;
        if (r < sw_uni_cats[m].lo) hi = m;
        else if (r > sw_uni_cats[m].hi) lo = m + 1;
        else return sw_uni_cats[m].cats;
    }
    return 0;
}

/* which: 0 upper, 1 lower, 2 title */
int32_t sw_unicode_to_case(int64_t which, int32_t r)
{
    if (r < 0x80) {
        if (which != 1 && r >= 'a' && r <= 'z') return r - 32;
        if (which == 1 && r >= 'A' && r <= 'Z') return r + 32;
        return r;
    }
    int lo = 0, hi = sw_uni_ncases;
    while (lo < hi) {
        int m = lo + (hi - lo) / 2;
        const SwUniCaseRange *c = &sw_uni_cases[m];
        if (r < c->lo) {
            hi = m;
        } else if (r > c->hi) {
            lo = m + 1;
        } else if (c->alt) {
            bool upper = ((r - c->lo) & 1) == 0;
            if (which == 1) return upper ? r + 1 : r;
            return upper ? r : r - 1;
        } else {
            return r + (which == 0 ? c->up : which == 1 ? c->low : c->title);
        }
    }
    return r;
}
