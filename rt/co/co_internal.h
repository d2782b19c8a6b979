// SPDX-License-Identifier: MIT
/*
 * co_internal.h — what the files of rt/co share: the coroutine record, the
 * machine context and its switch, the stack pool, and the scheduler hooks
 * the channel, timer and reactor code park and wake coroutines with.
 *
 * A coroutine's SwCo lives at the top of its own stack, inside the range
 * the collector scans ([saved sp, top)), so the closure it runs and the
 * wait records it points to stay reachable while it is suspended.
 */
#ifndef SW_CO_INTERNAL_H
#define SW_CO_INTERNAL_H

#include "co.h"
#include "co_arch.h"

#if defined(SW_CO_UCONTEXT) || !(defined(__x86_64__) || defined(__aarch64__))
#define CO_USE_UCONTEXT 1
#include <ucontext.h>
#endif

/* ---- machine context (co_ctx.c, co_switch_*.S) ------------------------------ */

typedef struct CoCtx {
    void *sp;              /* lowest live address of a suspended stack */
#ifdef CO_USE_UCONTEXT
    ucontext_t *uc;        /* where swapcontext saved it (on that stack) */
#endif
} CoCtx;

/* Prepares ctx so that the first switch to it calls entry(arg) on the stack
 * [lo, hi); entry must never return (returning traps loudly). */
void co_ctx_make(CoCtx *ctx, char *lo, char *hi, void (*entry)(void *), void *arg);
/* Saves the running context in from and resumes to. */
void co_ctx_switch(CoCtx *from, CoCtx *to);
/* The same, inlined into the scheduler (one call level less per switch). */
#ifdef CO_USE_UCONTEXT
#define co_ctx_jump co_ctx_switch
#else
void sw_co_switch(void **save_sp, void *to_sp);    /* co_switch_*.S */
static inline void co_ctx_jump(CoCtx *from, CoCtx *to)
{
    sw_co_switch(&from->sp, to->sp);
}
#endif
/* Called if an entry function returns: prints and aborts. */
_Noreturn void sw_co_entry_returned(void);
const char *co_ctx_backend(void);   /* "asm-x86_64", "asm-aarch64", "ucontext" */

/* ---- coroutines ------------------------------------------------------------- */

enum {
    CO_RUNNING,    /* the current one */
    CO_RUNNABLE,   /* in the run queue */
    CO_WAITING,    /* parked: reason/obj say on what */
    CO_DEAD,
};

struct CoChunk;

struct SwCo {
    CoCtx ctx;
    int64_t id;
    int state;
    bool yielded;            /* parked by sw_co_yield (resumable by id) */
    const char *reason;      /* wait reason while CO_WAITING */
    const void *obj;         /* what it waits on */
    SwCoFn fn;
    void *arg;
    void *local;             /* sw_co_local */
    SwCo *next;              /* run queue */
    SwCo *lnext, *lprev;     /* list of live coroutines */
    char *lo;                /* usable stack bottom; NULL for main */
    char *top;               /* scan/stack-bottom address for the collector */
    char *limit;             /* sw_co_stack_limit while it runs */
    struct CoChunk *chunk;   /* NULL for main */
    uint32_t slot;
    int64_t result;          /* wake-up value for reactor/timer waits */
    /* defer/panic/recover state (rt/sw.h): zeroed at creation; sw_panic_cur
     * points at it while the coroutine runs (main keeps the runtime's own) */
    SwPanicState panic_state;
    SwPanicState *panic_cur;
};

extern SwCo *co_cur;         /* running coroutine */
extern SwCo co_main;         /* coroutine 0 */

/* ---- stacks (co_stack.c) --------------------------------------------------------- */

#define CO_REDZONE 8192                   /* below sw_co_stack_limit, for C code */

/* Returns a new SwCo at the top of a fresh or pooled stack (lo, top,
 * limit, chunk, slot filled), or NULL (errno set). */
SwCo *co_stack_get(void);
void co_stack_put(SwCo *co);        /* back to the pool */
bool co_stack_trimmable(int keep);      /* co_stack_trim(keep) has work */
void co_stack_trim(int keep);       /* idle: release pooled stacks to the OS */
void co_stack_stats(SwCoStats *st);
void co_stack_install_fault_handler(void);
_Noreturn void co_overflow_fatal(const SwCo *co, const char *how);

/* ---- scheduler (co_sched.c) ------------------------------------------------------ */

/* The FIFO run queue (through SwCo.next). */
typedef struct CoRunq {
    SwCo *head, *tail;
    int64_t len;
} CoRunq;
extern CoRunq co_runq;

_Noreturn void co_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Makes co runnable (tail of the run queue); result is what its park sees.
 * Inline: every channel hand-off and wake-up goes through it. */
static inline void co_ready(SwCo *co, int64_t result)
{
    if (__builtin_expect(co->state != CO_WAITING, 0))
        co_fatal("runtime: readying coroutine %lld that is not waiting", (long long)co->id);
    co->result = result;
    co->reason = NULL;
    co->obj = NULL;
    co->yielded = false;
    co->state = CO_RUNNABLE;
    co->next = NULL;
    if (co_runq.tail) co_runq.tail->next = co;
    else co_runq.head = co;
    co_runq.tail = co;
    co_runq.len++;
}
/* Parks the current coroutine; returns the result given to co_ready. */
int64_t co_park(const char *reason, const void *obj);

/* ---- timers (co_timer.c) ----------------------------------------------------------- */

int64_t co_timer_count(void);
/* Fires every due timer; returns the ns until the next one (-1: none). */
int64_t co_timer_run(int64_t now);

/* ---- reactor and pool (co_rx.c, co_pool.c) -------------------------------------- */

/* Anything an event could still arrive for (fd waiters, holds, pool jobs)? */
bool co_rx_pending(void);
/* Polls epoll; waits up to timeout_ns (< 0 forever, 0 not at all); readies
 * the coroutines whose events fired. */
void co_rx_poll(int64_t timeout_ns);
void co_rx_after_fork(void);
void co_rx_describe(const SwCo *co, char *buf, size_t n);
/* The pool's completions, called by the reactor when its eventfd fires. */
void co_pool_complete(void);
int64_t co_pool_inflight(void);
void co_pool_after_fork(void);
int co_rx_eventfd(void);        /* the wake-up eventfd (created on demand) */

void co_chan_describe(const SwChan *c, char *buf, size_t n);   /* deadlock reports */

/* panics with a Go message (send on closed channel, …): the one call site
 * to change if these become recoverable. */
_Noreturn void co_panic(const char *msg);

#endif
