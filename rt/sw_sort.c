// SPDX-License-Identifier: MIT
/*
 * sw_sort.c — the C half of package sort: sort.Slice and sort.SliceStable
 * on a slice of any element type, reached through its interface value.
 *
 * less(i, j) indexes the caller's slice, so elements may not move while it
 * runs.  We therefore merge-sort a permutation of indices, calling less on
 * the original positions only, then move every element once through a copy
 * of the backing array.  The merge sort is stable, which makes SliceStable
 * exact; sort.Slice gives the same order as Go whenever keys are distinct.
 */
#include <stdio.h>

#include "sw_internal.h"
#include "sw_lib.h"

static const char *const kind_names[] = {
    "invalid", "bool", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16",
    "uint32", "uint64", "uintptr", "float32", "float64", "complex64", "complex128", "array",
    "chan", "func", "interface", "map", "ptr", "slice", "string", "struct", "unsafe.Pointer",
};

/* The slice header inside x, or a panic worded like reflect's. */
static SwSlice slice_of(SwIface x, const char *method)
{
    int kind = x.type ? x.type->kind : SW_K_INVALID;
    if (kind != SW_K_SLICE) {
        char msg[96];
        const char *kn = kind < (int)(sizeof kind_names / sizeof kind_names[0]) ? kind_names[kind] : "?";
        if (kind == SW_K_INVALID)
            snprintf(msg, sizeof msg, "reflect: call of %s on zero Value", method);
        else
            snprintf(msg, sizeof msg, "reflect: call of %s on %s Value", method, kn);
        sw_panic_msg(msg);
    }
    return *(const SwSlice *)x.data;
}

typedef bool (*LessFn)(SwFunc *, int64_t, int64_t);

/* Stable bottom-up merge sort of perm[0..n) (tmp has room for n). */
static void sort_perm(int64_t *perm, int64_t *tmp, int64_t n, SwFunc *less)
{
    LessFn fn = (LessFn)less->fn;
    /* insertion sort runs of 8 first: fewer calls than merging from 1 */
    const int64_t run = 8;
    for (int64_t a = 0; a < n; a += run) {
        int64_t b = a + run < n ? a + run : n;
        for (int64_t i = a + 1; i < b; i++) {
            int64_t v = perm[i], j = i;
            for (; j > a && fn(less, v, perm[j - 1]); j--) perm[j] = perm[j - 1];
            perm[j] = v;
        }
    }
    for (int64_t width = run; width < n; width *= 2) {
        for (int64_t lo = 0; lo < n; lo += 2 * width) {
            int64_t mid = lo + width < n ? lo + width : n;
            int64_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            int64_t i = lo, j = mid, k = lo;
            if (mid >= hi || !fn(less, perm[mid], perm[mid - 1])) {
                memcpy(tmp + lo, perm + lo, (size_t)(hi - lo) * sizeof *perm);
                continue;
            }
            while (i < mid && j < hi) {
                /* take from the right only when strictly less: stability */
                if (fn(less, perm[j], perm[i])) tmp[k++] = perm[j++];
                else tmp[k++] = perm[i++];
            }
            while (i < mid) tmp[k++] = perm[i++];
            while (j < hi) tmp[k++] = perm[j++];
        }
        memcpy(perm, tmp, (size_t)n * sizeof *perm);
    }
}

void sw_sort_slice(SwIface x, SwFunc *less)
{
    SwSlice s = slice_of(x, "Swapper");
    int64_t n = s.len;
    if (n < 2) return;
    if (!less) sw_panic_nil();
    int64_t *perm = sw_alloc_noscan((size_t)n * sizeof *perm);
    int64_t *tmp = sw_alloc_noscan((size_t)n * sizeof *tmp);
    for (int64_t i = 0; i < n; i++) perm[i] = i;
    sort_perm(perm, tmp, n, less);
    int64_t size = x.type->elem->size;
    if (size == 0) return;
    uint8_t *copy = sw_alloc((size_t)(n * size));
    memcpy(copy, s.ptr, (size_t)(n * size));
    uint8_t *dst = s.ptr;
    for (int64_t i = 0; i < n; i++) memcpy(dst + i * size, copy + perm[i] * size, (size_t)size);
}

int64_t sw_sort_slice_len(SwIface x)
{
    return slice_of(x, "Len").len;
}
