// SPDX-License-Identifier: MIT
/*
 * sw_timerpkg.c — the C side of stdlib/timer (Swoole's Timer: integer ids,
 * After, Tick, Clear, Exists, List) and the few symbols stdlib/event binds.
 * Each package binds its own symbols because swc declares every
 * `//sw:extern` in the one generated C file with that package's own types:
 * two packages binding one symbol with different Sw types would clash.
 *
 * A timer is a record (the runtime SwTimer, the callback, the id) in a
 * table owned here, not a GC object: timer.After allocates nothing on the
 * GC heap, and timer.Clear finds the record by id in a small open-addressing
 * index.  Records sit in one reserved mapping (so SwTimer addresses, which
 * the timer heap holds, never move), faulted in 256 KiB at a time with one
 * system call, and reused through a free list.  The populated part is a GC
 * root range: a record keeps its callback alive.
 *
 * A firing starts a new coroutine queued behind the runnable ones, with the
 * id as its argument; the coroutine looks the id up first, so a timer
 * cleared between its firing and the start of its coroutine does not run
 * (and an After's id exists until its callback starts, as before).
 */
#include <gc.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "co/co.h"
#include "sw_internal.h"
#include "sw_lib.h"

typedef struct TRec {
    SwTimer t;                   /* first: the runtime hands &t back on fire */
    SwFunc *f;                   /* func(), run in a new coroutine per firing */
    int64_t id;                  /* 0: free */
    uint32_t next_free;          /* free list (index + 1) */
} TRec;

#define STEP 4096u               /* records faulted in (and rooted) at a time */

static TRec *recs;               /* reserved mapping */
static uint32_t rec_max;         /* records the reservation holds */
static uint32_t rec_ready;       /* records populated and rooted */
static uint32_t rec_bump;        /* records ever handed out */
static uint32_t free_head;       /* index + 1; 0: empty */
static int64_t live_n, last_id;

static uint32_t *index_tab;      /* record index + 1 by hash of id; 0: empty */
static uint32_t index_cap;       /* power of two */

static _Noreturn void tfatal(const char *msg)
{
    sw_flush_stdout();
    fprintf(stderr, "fatal error: timer: %s\n", msg);
    _exit(2);
}

static void *map_populated(size_t len)
{
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (p == MAP_FAILED) tfatal("out of memory");
    return p;
}

static void reserve(void)
{
    /* 16M records (1 GiB of address space, nothing committed); smaller when
     * the system refuses that much. */
    for (uint32_t n = 1u << 24; n >= STEP; n >>= 1) {
        void *p = mmap(NULL, (size_t)n * sizeof(TRec), PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p != MAP_FAILED) {
            recs = p;
            rec_max = n;
            return;
        }
    }
    tfatal("cannot reserve memory for timers");
}

static void populate_more(void)
{
    if (!recs) reserve();
    if (rec_ready + STEP > rec_max) tfatal("too many timers");
    char *lo = (char *)(recs + rec_ready);
    size_t len = STEP * sizeof(TRec);
#ifdef MADV_POPULATE_WRITE
    madvise(lo, len, MADV_POPULATE_WRITE);   /* best effort: faults in order otherwise */
#endif
    /* No collection can run between these calls (one thread, no allocation). */
    if (rec_ready) GC_remove_roots(recs, recs + rec_ready);
    rec_ready += STEP;
    GC_add_roots(recs, recs + rec_ready);
}

static TRec *rec_new(void)
{
    uint32_t i;
    if (free_head) {
        i = free_head - 1;
        free_head = recs[i].next_free;
    } else {
        if (rec_bump == rec_ready) populate_more();
        i = rec_bump++;
    }
    TRec *r = &recs[i];
    r->next_free = 0;
    return r;
}

static void rec_free(TRec *r)
{
    r->f = NULL;                 /* drop the callback for the collector */
    r->id = 0;
    r->next_free = free_head;
    free_head = (uint32_t)(r - recs) + 1;
}

/* ---- the id index ------------------------------------------------------------ */

static inline uint32_t slot_of(int64_t id)
{
    return (uint32_t)(((uint64_t)id * 0x9E3779B97F4A7C15ull) >> 32) & (index_cap - 1);
}

static void index_put(uint32_t ri)
{
    uint32_t i = slot_of(recs[ri].id);
    while (index_tab[i]) i = (i + 1) & (index_cap - 1);
    index_tab[i] = ri + 1;
}

static void index_grow(void)
{
    uint32_t ocap = index_cap;
    uint32_t *old = index_tab;
    index_cap = ocap ? ocap * 2 : 16384;
    index_tab = map_populated((size_t)index_cap * sizeof *index_tab);
    for (uint32_t i = 0; i < ocap; i++)
        if (old[i]) index_put(old[i] - 1);
    if (old) munmap(old, (size_t)ocap * sizeof *old);
}

/* The slot of id in the index, or -1. */
static int64_t index_find(int64_t id)
{
    if (!index_cap || id <= 0) return -1;
    for (uint32_t i = slot_of(id); index_tab[i]; i = (i + 1) & (index_cap - 1))
        if (recs[index_tab[i] - 1].id == id) return i;
    return -1;
}

static void index_del(uint32_t i)
{
    /* Backward-shift deletion: move later members of the cluster into the
     * hole when their home slot allows it. */
    uint32_t mask = index_cap - 1;
    uint32_t j = i;
    for (;;) {
        j = (j + 1) & mask;
        if (!index_tab[j]) break;
        uint32_t home = slot_of(recs[index_tab[j] - 1].id);
        /* j's entry may fill the hole at i unless home lies cyclically in (i, j] */
        bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
        if (!stays) {
            index_tab[i] = index_tab[j];
            i = j;
        }
    }
    index_tab[i] = 0;
}

/* ---- firing --------------------------------------------------------------------- */

static void fire_call(void *arg)
{
    int64_t id = (int64_t)(intptr_t)arg;
    int64_t s = index_find(id);
    if (s < 0) return;           /* cleared before its coroutine started */
    TRec *r = &recs[index_tab[s] - 1];
    SwFunc *f = r->f;
    if (r->t.period == 0) {      /* After: gone once its callback starts */
        index_del((uint32_t)s);
        rec_free(r);
        live_n--;
    }
    ((void (*)(SwFunc *))f->fn)(f);
}

static void fire(SwTimer *t)
{
    TRec *r = (TRec *)t;
    sw_go_queued(fire_call, (void *)(intptr_t)r->id);
}

/* ---- stdlib/timer ------------------------------------------------------------------ */

int64_t sw_timerpkg_add(int64_t ns, bool periodic, SwFunc *f)
{
    if ((uint64_t)(live_n + 1) * 2 > index_cap) index_grow();
    TRec *r = rec_new();
    r->id = ++last_id;
    r->f = f;
    index_put((uint32_t)(r - recs));
    live_n++;
    sw_timer_start(&r->t, sw_now() + ns, periodic ? ns : 0, fire, NULL);
    return r->id;
}

bool sw_timerpkg_clear(int64_t id)
{
    int64_t s = index_find(id);
    if (s < 0) return false;
    TRec *r = &recs[index_tab[s] - 1];
    sw_timer_stop_lazy(&r->t);   /* a reused record re-arms it cleanly */
    index_del((uint32_t)s);
    rec_free(r);
    live_n--;
    return true;
}

bool sw_timerpkg_exists(int64_t id)
{
    return index_find(id) >= 0;
}

int64_t sw_timerpkg_count(void)
{
    return live_n;
}

/* Writes the pending ids (any order) into ids; returns how many. */
int64_t sw_timerpkg_ids(SwSlice ids)
{
    int64_t *out = ids.ptr, n = 0;
    for (uint32_t i = 0; i < rec_bump && n < ids.len; i++)
        if (recs[i].id) out[n++] = recs[i].id;
    return n;
}

void sw_timerpkg_clear_all(void)
{
    for (uint32_t i = 0; i < rec_bump; i++)
        if (recs[i].id) sw_timerpkg_clear(recs[i].id);
}

/* ---- stdlib/event ---------------------------------------------------------------------- */

SwCo *sw_event_self(void) { return sw_co_self(); }
void sw_event_park(const void *obj) { sw_co_park("event wait", obj); }
void sw_event_ready(SwCo *co) { sw_co_ready(co); }
