// SPDX-License-Identifier: MIT
/*
 * test_gc.c — the collector sees suspended stacks: thousands of parked
 * coroutines each hold the only reference to GC data (in a local, so in a
 * register or their stack frame), many forced collections run with garbage
 * churn from main and from coroutines, then every byte is checked.
 */
#include <gc.h>

#include "t_co.h"

enum { NCO = 3000, NBYTES = 200 };

static SwChan *gc_go, *gc_done;
static int64_t corrupted;

static void holder(void *arg)
{
    intptr_t k = (intptr_t)arg;
    unsigned char *p = GC_MALLOC_ATOMIC(NBYTES);
    unsigned char **box = GC_MALLOC(sizeof *box);   /* a pointer-holding object too */
    *box = GC_MALLOC_ATOMIC(NBYTES);
    for (int i = 0; i < NBYTES; i++) p[i] = (*box)[i] = (unsigned char)(k * 7 + i);
    arg = NULL;
    sw_chan_recv(gc_go, NULL);             /* parked here during the collections */
    /* churn while others are still parked */
    for (int i = 0; i < 10; i++) {
        void *g = GC_MALLOC(64);
        memset(g, 0xAB, 64);
    }
    int bad = 0;
    for (int i = 0; i < NBYTES; i++)
        if (p[i] != (unsigned char)(k * 7 + i) || (*box)[i] != (unsigned char)(k * 7 + i)) bad = 1;
    corrupted += bad;
    sw_chan_send(gc_done, NULL);
}

void test_gc(void)
{
    gc_go = sw_chan_make(0, 0, true);
    gc_done = sw_chan_make(0, NCO, true);
    for (intptr_t k = 0; k < NCO; k++) sw_go(holder, (void *)k);
    size_t before = GC_get_gc_no();
    for (int round = 0; round < 20; round++) {
        for (int i = 0; i < 20000; i++) {
            void *g = GC_MALLOC(48 + (i & 63));
            memset(g, 0xCD, 48);
        }
        GC_gcollect();
    }
    CHECK(GC_get_gc_no() - before >= 20, "collections ran: %zu", (size_t)(GC_get_gc_no() - before));
    /* wake them one at a time: each churns, checks, and reports */
    for (int k = 0; k < NCO; k++) sw_chan_send(gc_go, NULL);
    for (int k = 0; k < NCO; k++) sw_chan_recv(gc_done, NULL);
    CHECK(corrupted == 0, "%lld of %d coroutines saw corrupted data", (long long)corrupted, NCO);
    GC_gcollect();
    size_t heap = GC_get_heap_size();
    CHECK(heap < (64u << 20), "heap stays small: %zu", heap);
}
