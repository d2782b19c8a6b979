// SPDX-License-Identifier: MIT
/*
 * co_stack.c — coroutine stacks: carved from big mmap'd chunks, pooled,
 * given back to the OS when idle, and protected against overflow without a
 * guard page per stack.
 *
 * Why no guard page per stack: one mmap + one PROT_NONE page per stack is 2
 * kernel mappings each, and vm.max_map_count (65530) then caps a process at
 * ~32.7k coroutines (RESEARCH §3).  Instead a chunk holds 16 MiB of stacks
 * (256 of the default 64 KiB) behind one guard page: 2 mappings per chunk,
 * so 1,000,000 coroutines need ~7.8k mappings.  Overflow is caught by, in
 * order of strength:
 *   1. the prologue check generated code does against sw_co_stack_limit
 *      (the stack bottom plus CO_REDZONE bytes for runtime C code), Go's
 *      approach: a clean "fatal error: stack overflow" naming the coroutine;
 *   2. at every switch away from a coroutine, its stack pointer is compared
 *      with its stack bottom: C code deep below the limit is reported before
 *      anything else runs.  (A canary word at the bottom would also catch a
 *      frame that overflowed and returned, but it touches a second page per
 *      stack: +4 KiB RSS per coroutine, twice the goal.  Not worth it.)
 *   3. the guard page under each chunk and a SIGSEGV handler on the
 *      alternate signal stack that recognises a fault in a guard page or just
 *      below the running coroutine's stack and reports it the same way;
 *   4. SW_CO_GUARD=1 in the environment gives every stack its own guard page
 *      (debugging; the ~32k-coroutine map-count limit is back then).
 *
 * Stacks are MAP_NORESERVE and MADV_NOHUGEPAGE: only touched pages count,
 * typically one 4 KiB page per idle coroutine.  A finished coroutine's
 * stack goes to a LIFO cache of POOL_HOT resident stacks (no system call on
 * reuse).  Past that it becomes "dirty" in its chunk (still resident, reused
 * before clean ones); dirty stacks are released in batches (POOL_DIRTY at a
 * time, and whenever the loop goes idle) with one madvise(MADV_DONTNEED) per
 * run of adjacent stacks, and a chunk whose stacks are all free is unmapped.
 * Batching matters: each madvise is a TLB shootdown across the CPUs the
 * process's threads (GC markers, pool) ran on, ~200 us in a VM.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "co_internal.h"
#include "sw_internal.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
/* A reused stack still carries the poisoned redzones of the dead
 * coroutine's frames, which never returned. */
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define CHUNK_BYTES (16u << 20)
#define POOL_HOT 1024            /* resident free stacks kept for reuse */
#define POOL_DIRTY 8192          /* resident free stacks before a release batch */

typedef struct CoChunk {
    char *map;                   /* the mapping (guard page first) */
    size_t map_len;
    char *base;                  /* first stack */
    size_t stack_size;
    uint32_t nslots;
    uint32_t bump;               /* slots ever handed out */
    uint32_t nfree;              /* entries in free[] (released to the OS) */
    uint32_t ndirty;             /* entries in dirty[] (free, still resident) */
    uint32_t inuse;              /* slots handed out and not returned (hot cache counts as in use) */
    uint32_t *free;
    uint32_t *dirty;
    struct CoChunk *next, *prev; /* avail or full list */
    struct CoChunk *dnext;       /* list of chunks with dirty stacks */
    bool on_dirty;
} CoChunk;

static size_t page_size;
static size_t stack_size = 64 * 1024;
static bool guard_each;          /* SW_CO_GUARD=1 */
static CoChunk *chunks;          /* all chunks; the ones with room first */
static int64_t nchunks, nslots_mapped;
static SwCo *hot[POOL_HOT];
static int nhot;
static CoChunk *dirty_chunks;
static int64_t ndirty_total;

static void init_once(void)
{
    if (page_size) return;
    page_size = (size_t)sysconf(_SC_PAGESIZE);
    const char *g = getenv("SW_CO_GUARD");
    guard_each = g && g[0] == '1';
}

void sw_co_set_stack_size(int64_t bytes)
{
    init_once();
    if (bytes < 16 * 1024) bytes = 16 * 1024;
    if (bytes > (1 << 30)) bytes = 1 << 30;
    size_t s = ((size_t)bytes + page_size - 1) & ~(page_size - 1);
    if (s == stack_size) return;
    /* Pooled stacks of the old size are no use any more. */
    co_stack_trim(0);
    stack_size = s;
}

/* Chunks live on one of two lists: `avail` (a slot free or never used)
 * and `full`; allocation takes the head of avail. */
static CoChunk *full_chunks;

static void chunk_link(CoChunk **list, CoChunk *c)
{
    c->prev = NULL;
    c->next = *list;
    if (*list) (*list)->prev = c;
    *list = c;
}

static void chunk_unlink(CoChunk **list, CoChunk *c)
{
    if (c->prev) c->prev->next = c->next;
    else *list = c->next;
    if (c->next) c->next->prev = c->prev;
}

static bool chunk_has_room(const CoChunk *c)
{
    return c->nfree || c->ndirty || c->bump < c->nslots;
}

static CoChunk *chunk_new(void)
{
    uint32_t n = (uint32_t)(CHUNK_BYTES / stack_size);
    if (n < 16) n = 16;
    size_t len = page_size + (size_t)n * stack_size;
    char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m == MAP_FAILED) return NULL;
    if (mprotect(m, page_size, PROT_NONE) != 0) {
        int e = errno;
        munmap(m, len);
        errno = e;
        return NULL;
    }
#ifdef MADV_NOHUGEPAGE
    madvise(m + page_size, len - page_size, MADV_NOHUGEPAGE);
#endif
    CoChunk *c = calloc(1, sizeof *c);
    uint32_t *fr = malloc(n * sizeof *fr);
    uint32_t *dr = malloc(n * sizeof *dr);
    if (!c || !fr || !dr) {
        free(c);
        free(fr);
        free(dr);
        munmap(m, len);
        errno = ENOMEM;
        return NULL;
    }
    c->map = m;
    c->map_len = len;
    c->base = m + page_size;
    c->stack_size = stack_size;
    c->nslots = n;
    c->free = fr;
    c->dirty = dr;
    chunk_link(&chunks, c);
    nchunks++;
    nslots_mapped += n;
    return c;
}

static void chunk_delete(CoChunk *c)
{
    chunk_unlink(chunk_has_room(c) ? &chunks : &full_chunks, c);
    munmap(c->map, c->map_len);
    nchunks--;
    nslots_mapped -= c->nslots;
    free(c->free);
    free(c->dirty);
    free(c);
}

/* The SwCo of slot i: at the top of the stack, 64-byte aligned. */
static SwCo *slot_co(CoChunk *c, uint32_t i)
{
    char *top = c->base + (size_t)(i + 1) * c->stack_size;
    return (SwCo *)(((uintptr_t)top - sizeof(SwCo)) & ~(uintptr_t)63);
}

static SwCo *slot_take(CoChunk *c)
{
    uint32_t i;
    bool fresh = false;
    if (c->ndirty) {
        i = c->dirty[--c->ndirty];
        ndirty_total--;
    } else if (c->nfree) i = c->free[--c->nfree];
    else {
        i = c->bump++;
        fresh = true;
    }
    c->inuse++;
    if (!chunk_has_room(c)) {
        chunk_unlink(&chunks, c);
        chunk_link(&full_chunks, c);
    }
    char *lo = c->base + (size_t)i * c->stack_size;
    if (guard_each && fresh) mprotect(lo, page_size, PROT_NONE);
    if (guard_each) lo += page_size;
    SwCo *co = slot_co(c, i);
    UNPOISON(lo, c->stack_size - (size_t)(lo - (c->base + (size_t)i * c->stack_size)));
    memset(co, 0, sizeof *co);
    co->chunk = c;
    co->slot = i;
    co->lo = lo;
    co->top = c->base + (size_t)(i + 1) * c->stack_size;
    co->limit = lo + CO_REDZONE;
    return co;
}

static void release(SwCo *co);
static void sweep(void);

SwCo *co_stack_get(void)
{
    init_once();
    while (nhot > 0) {
        SwCo *co = hot[--nhot];
        if (co->chunk->stack_size != stack_size) {   /* stale size: release */
            release(co);
            continue;
        }
        CoChunk *c = co->chunk;
        uint32_t i = co->slot;
        char *lo = co->lo;
        UNPOISON(lo, (size_t)(c->base + (size_t)(i + 1) * c->stack_size - lo));
        memset(co, 0, sizeof *co);
        co->chunk = c;
        co->slot = i;
        co->lo = lo;
        co->top = c->base + (size_t)(i + 1) * c->stack_size;
        co->limit = lo + CO_REDZONE;
        return co;
    }
    for (CoChunk *c = chunks; c; c = c->next)
        if (c->stack_size == stack_size) return slot_take(c);
    CoChunk *c = chunk_new();
    if (!c) return NULL;
    return slot_take(c);
}

/* Returns a stack to its chunk as dirty (resident); sweep() gives the
 * pages back. */
static void release(SwCo *co)
{
    CoChunk *c = co->chunk;
    if (!chunk_has_room(c)) {
        chunk_unlink(&full_chunks, c);
        chunk_link(&chunks, c);
    }
    c->dirty[c->ndirty++] = co->slot;
    ndirty_total++;
    c->inuse--;
    if (!c->on_dirty) {
        c->on_dirty = true;
        c->dnext = dirty_chunks;
        dirty_chunks = c;
    }
    if (ndirty_total >= POOL_DIRTY) sweep();
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Releases every dirty stack: one madvise per run of adjacent slots, or
 * one munmap for a chunk left empty (when another chunk of the current
 * size has room, or its size is stale). */
static void sweep(void)
{
    CoChunk *c = dirty_chunks;
    dirty_chunks = NULL;
    while (c) {
        CoChunk *next = c->dnext;
        c->on_dirty = false;
        c->dnext = NULL;
        ndirty_total -= c->ndirty;
        bool other = false;
        if (c->inuse == 0) {
            for (CoChunk *o = chunks; o && !other; o = o->next)
                other = o != c && o->stack_size == stack_size;
        }
        if (c->inuse == 0 && (other || c->stack_size != stack_size)) {
            chunk_delete(c);
        } else {
            qsort(c->dirty, c->ndirty, sizeof *c->dirty, cmp_u32);
            for (uint32_t k = 0; k < c->ndirty;) {
                uint32_t first = c->dirty[k], last = first;
                c->free[c->nfree++] = first;
                for (k++; k < c->ndirty && c->dirty[k] == last + 1; k++) {
                    last = c->dirty[k];
                    c->free[c->nfree++] = last;
                }
                char *lo = c->base + (size_t)first * c->stack_size;
                char *hi = c->base + (size_t)(last + 1) * c->stack_size;
                /* with per-stack guards the guard pages stay PROT_NONE either way */
                madvise(lo, (size_t)(hi - lo), MADV_DONTNEED);
            }
            c->ndirty = 0;
        }
        c = next;
    }
}

void co_stack_put(SwCo *co)
{
    if (nhot < POOL_HOT) {
        hot[nhot++] = co;
        return;
    }
    release(co);
}

bool co_stack_trimmable(int keep)
{
    return nhot > keep || ndirty_total;
}

void co_stack_trim(int keep)
{
    if (nhot <= keep && !ndirty_total) return;
    while (nhot > keep) release(hot[--nhot]);
    sweep();
}

void co_stack_stats(SwCoStats *st)
{
    init_once();
    st->stack_size = (int64_t)stack_size;
    st->stacks_mapped = nslots_mapped;
    st->stacks_pooled = nhot + ndirty_total;
    st->chunks = nchunks;
}

/* ---- overflow reports ------------------------------------------------------- */

static size_t fmt_u64(char *p, uint64_t v)
{
    char tmp[24];
    size_t n = 0;
    do tmp[n++] = (char)('0' + v % 10); while ((v /= 10) != 0);
    for (size_t i = 0; i < n; i++) p[i] = tmp[n - 1 - i];
    return n;
}

static size_t put(char *p, const char *s)
{
    size_t n = strlen(s);
    memcpy(p, s, n);
    return n;
}

/* Async-signal-safe: called from the SIGSEGV handler too. */
_Noreturn void co_overflow_fatal(const SwCo *co, const char *how)
{
    char b[512];
    size_t n = 0;
    uint64_t size = co->chunk ? co->chunk->stack_size : 0;
    n += put(b + n, "runtime: coroutine ");
    n += fmt_u64(b + n, (uint64_t)co->id);
    n += put(b + n, " stack exceeds ");
    n += fmt_u64(b + n, size);
    n += put(b + n, "-byte limit (");
    n += put(b + n, how);
    n += put(b + n, ")\nfatal error: stack overflow\n\ncoroutine ");
    n += fmt_u64(b + n, (uint64_t)co->id);
    n += put(b + n, " [running]:\n");
    sw_flush_stdout();
    ssize_t w = write(2, b, n);
    (void)w;
    _exit(2);
}

_Noreturn void sw_co_stack_overflow(void)
{
    co_overflow_fatal(co_cur, "stack limit check");
}

static struct sigaction prev_segv, prev_bus;

static bool in_guard(uintptr_t a)
{
    for (CoChunk *c = chunks; c; c = c->next)
        if (a >= (uintptr_t)c->map && a < (uintptr_t)c->base) return true;
    for (CoChunk *c = full_chunks; c; c = c->next)
        if (a >= (uintptr_t)c->map && a < (uintptr_t)c->base) return true;
    return false;
}

static void on_fault(int sig, siginfo_t *si, void *uc)
{
    uintptr_t a = (uintptr_t)si->si_addr;
    SwCo *co = co_cur;
    if (co && co->chunk) {
        uintptr_t lo = (uintptr_t)co->lo;
        /* Just below this stack (a big frame may skip a few pages), in its
         * own guard page, or in any chunk's guard page. */
        if ((a < lo + page_size && a + (256u << 10) >= lo) || in_guard(a))
            co_overflow_fatal(co, "guard page");
    }
    struct sigaction *p = sig == SIGBUS ? &prev_bus : &prev_segv;
    if (p->sa_flags & SA_SIGINFO) {
        if (p->sa_sigaction) {
            p->sa_sigaction(sig, si, uc);
            return;
        }
    } else if (p->sa_handler != SIG_DFL && p->sa_handler != SIG_IGN) {
        p->sa_handler(sig);
        return;
    }
    signal(sig, SIG_DFL);       /* re-executing the access faults again, fatally */
}

void co_stack_install_fault_handler(void)
{
    init_once();
    stack_t cur;
    if (sigaltstack(NULL, &cur) == 0 && (cur.ss_flags & SS_DISABLE)) {
        /* mmap'd, not static: the collector would scan it at every collection */
        void *alt = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        stack_t ss = {.ss_sp = alt, .ss_size = 65536};
        if (alt != MAP_FAILED) sigaltstack(&ss, NULL);
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, &prev_segv);
    sigaction(SIGBUS, &sa, &prev_bus);
}
