// SPDX-License-Identifier: MIT
/*
 * co_sched.c — the scheduler: coroutine creation (Swoole's order: the child
 * runs at once, the creator resumes when it blocks or ends), the FIFO run
 * queue, parking and waking, the idle loop (timers, then epoll), the exit
 * and deadlock rules of DESIGN §2, and the collector's view of suspended
 * stacks.
 *
 * There is no scheduler coroutine: a coroutine that gives up the CPU runs
 * schedule() on its own stack, which picks the next runnable one and
 * switches to it directly (one switch per hand-off).  When nothing is
 * runnable, the same call fires due timers and waits in epoll, still on the
 * stack of the coroutine that parked.  Timer and reactor callbacks
 * therefore never switch: they only make coroutines runnable.
 *
 * `go` puts the creator at the *front* of the run queue and switches to the
 * child, so the creator is the next to run when the child blocks or ends,
 * whatever the child made runnable meanwhile.  A dead coroutine cannot free
 * the stack it stands on: the next one to run does (co_reap).
 *
 * GC (RESEARCH §1, followed exactly): GC_get_my_stackbottom's handle is kept;
 * every switch sets the collector's stack bottom to the new coroutine's
 * top; the push-other-roots hook pushes [saved sp, top) of every suspended
 * coroutine (main included when suspended), then resets the bottom to the
 * running one's top and calls the previous hook.
 */
#include <errno.h>
#include <execinfo.h>
#include <gc.h>
#include <gc/gc_mark.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "co_internal.h"
#include "sw_internal.h"

SwCo *co_cur;
SwCo co_main;
char *sw_co_stack_limit;

static bool inited;
static void *gc_handle;
static GC_push_other_roots_proc gc_prev_push;
CoRunq co_runq;                  /* co_internal.h: co_ready is inline */
#define runq_head co_runq.head
#define runq_tail co_runq.tail
#define runq_len co_runq.len
static SwCo *live;               /* every live coroutine except main */
static int64_t nalive = 1, npeak = 1, next_id = 1;
static int64_t win_peak = 1;     /* most alive since the last stack trim */
static int64_t max_coroutines = 4194304;
static SwCo *zombie;             /* dead, its stack still to be returned */
static bool main_done;
static uint32_t sched_ticks;
static uint64_t rng_state;

/* ---- fatal errors --------------------------------------------------------------- */

_Noreturn void co_fatal(const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof msg - 1, fmt, ap);
    va_end(ap);
    if (n < 0) n = 0;
    if (n > (int)sizeof msg - 2) n = (int)sizeof msg - 2;
    msg[n++] = '\n';
    sw_flush_stdout();
    static const char pre[] = "fatal error: ";
    ssize_t w = write(2, pre, sizeof pre - 1);
    w = write(2, msg, (size_t)n);
    (void)w;
    _exit(2);
}

_Noreturn void co_panic(const char *msg)
{
    sw_panic_plain(msg);   /* runtime.plainError, recoverable, as in Go */
}

/* ---- randomness ----------------------------------------------------------------- */

static void rng_seed(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    uint64_t s = (uint64_t)ts.tv_nsec * 0x9E3779B97F4A7C15ull ^ (uint64_t)ts.tv_sec ^
                 ((uint64_t)getpid() << 32) ^ (uint64_t)(uintptr_t)&ts;
    rng_state = s ? s : 1;
}

/* wyrand: one multiply, good enough for select's choice and fast. */
uint64_t sw_co_rand(void)
{
    rng_state += 0xa0761d6478bd642full;
    __uint128_t m = (__uint128_t)rng_state * (rng_state ^ 0xe7037ed1a0b428dbull);
    return (uint64_t)(m >> 64) ^ (uint64_t)m;
}

/* ---- the collector's view ---------------------------------------------------------- */

static struct GC_stack_base gc_sb;    /* only mem_base changes */

/* Called from constructors (SW_GC_NOSCAN), before GC_INIT: libgc keeps the
 * exclusion table across its initialisation. */
void sw_gc_noscan(void *p, size_t n)
{
    GC_exclude_static_roots(p, (char *)p + n);
}

static inline void gc_set_bottom(char *top)
{
    gc_sb.mem_base = top;
    GC_set_stackbottom(gc_handle, &gc_sb);
}

static void GC_CALLBACK gc_push_suspended(void)
{
    if (co_cur != &co_main) GC_push_all_eager(co_main.ctx.sp, co_main.top);
    for (SwCo *co = live; co; co = co->lnext)
        if (co != co_cur) GC_push_all_eager(co->ctx.sp, co->top);
    /* A dead coroutine still standing on its stack (it is co_cur then) has
     * nothing live but that stack, scanned as the running one. */
    gc_set_bottom(co_cur->top);
    if (gc_prev_push) gc_prev_push();
}

/* ---- setup ------------------------------------------------------------------------- */

static void after_fork_child(void)
{
    rng_seed();
    co_rx_after_fork();
    co_pool_after_fork();
}

void sw_co_init(void)
{
    if (inited) return;
    inited = true;
    if (!GC_is_init_called()) {
        GC_set_handle_fork(1);
        GC_INIT();
    }
    struct GC_stack_base sb;
    memset(&sb, 0, sizeof sb);
    gc_handle = GC_get_my_stackbottom(&sb);
    co_main.id = 0;
    co_main.state = CO_RUNNING;
    co_main.top = sb.mem_base;
    co_main.panic_cur = sw_panic_cur;      /* main keeps the initial state */
    /* Main's limit: the stack rlimit below its top, less the red zone. */
    struct rlimit rl;
    size_t lim = 8u << 20;
    if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < (1u << 30))
        lim = rl.rlim_cur;
    co_main.limit = (char *)sb.mem_base - lim + 2 * CO_REDZONE;
    co_cur = &co_main;
    sw_co_stack_limit = co_main.limit;
    gc_prev_push = GC_get_push_other_roots();
    GC_set_push_other_roots(gc_push_suspended);
    rng_seed();
    pthread_atfork(NULL, NULL, after_fork_child);
    co_stack_install_fault_handler();
}

/* ---- switching ----------------------------------------------------------------------- */

static void co_reap(void)
{
    SwCo *z = zombie;
    if (z) {
        zombie = NULL;
        co_stack_put(z);
    }
}

static SwCo *bt_from;              /* a co.Backtrace capture is running (sw_co_backtrace) */
static void bt_serve(SwCo *self);

static inline void switch_to(SwCo *from, SwCo *to)
{
    if (__builtin_expect((char *)__builtin_frame_address(0) < from->lo, 0))
        co_overflow_fatal(from, "stack pointer below the stack at a switch");
    co_cur = to;
    to->state = CO_RUNNING;
    sw_co_stack_limit = to->limit;
    sw_panic_cur = to->panic_cur;
    gc_set_bottom(to->top);
    co_ctx_jump(&from->ctx, &to->ctx);
    while (__builtin_expect(bt_from != NULL, 0)) bt_serve(from);
    co_reap();
}

static inline void runq_push(SwCo *co)
{
    co->next = NULL;
    if (runq_tail) runq_tail->next = co;
    else runq_head = co;
    runq_tail = co;
    runq_len++;
}

static inline void runq_push_front(SwCo *co)
{
    co->next = runq_head;
    runq_head = co;
    if (!runq_tail) runq_tail = co;
    runq_len++;
}

static inline SwCo *runq_pop(void)
{
    SwCo *co = runq_head;
    if (co) {
        runq_head = co->next;
        if (!runq_head) runq_tail = NULL;
        runq_len--;
    }
    return co;
}

static void deadlock(void);
static _Noreturn void finish(void);

/* event.Cycle's hook (sw_co_set_round_hook): a round ends when nothing is
 * runnable (hook(false)); the next one starts when the loop is about to
 * fire timers and wait for fds, if any is pending (hook(true)).  What the
 * hook queues runs before the loop goes on. */
static void (*round_hook)(bool before);
static int round_phase;          /* 0 working, 1 end reported, 2 start reported */

void sw_co_set_round_hook(void (*fn)(bool before))
{
    round_hook = fn;
}

/* Nothing runnable: fire timers, wait for events; returns when something
 * may have become runnable.  Never returns if nothing ever can.  Kept out
 * of line so that schedule() stays small enough to inline. */
static __attribute__((noinline)) void idle(void)
{
    if (round_hook && round_phase == 0) {
        round_phase = 1;
        round_hook(false);
        if (runq_head) return;
    }
    if (round_hook && round_phase == 1 && (co_timer_count() > 0 || co_rx_pending())) {
        round_phase = 2;
        round_hook(true);
        if (runq_head) return;
    }
    round_phase = 0;
    /* Give idle stacks back to the OS at most once a second, and keep as
     * many free as the last second needed on top of those in use: a busy
     * server goes idle between every batch of events, and trimming its
     * working set costs a madvise, TLB shootdowns and page faults per
     * request (30% of a hello-world HTTP server's CPU). */
    static int64_t last_trim;
    int64_t now = sw_now();
    if (now - last_trim >= 1000000000) {
        last_trim = now;
        int64_t want = win_peak - nalive;
        win_peak = nalive;
        co_stack_trim(want > 64 ? (want < 1024 ? (int)want : 1024) : 64);
    }
    int64_t wait = co_timer_run(now);
    if (runq_head) return;
    bool io = co_rx_pending();
    if (wait < 0 && !io) {
        if (main_done) finish();
        deadlock();
    }
    /* Stacks left to trim: wake up in time to do it. */
    int64_t trim_at = last_trim + 1000000000 - now;
    int64_t next_keep = win_peak - nalive > 64 ? win_peak - nalive : 64;
    if (co_stack_trimmable(next_keep < 1024 ? (int)next_keep : 1024) && (wait < 0 || wait > trim_at)) wait = trim_at > 0 ? trim_at : 0;
    /* About to wait: what was printed so far goes out now (a server's log
     * lines appear as they happen, not at exit). */
    if (wait != 0) sw_flush_stdout();
    co_rx_poll(wait);
    if (!runq_head) co_timer_run(sw_now());
}

/* The current coroutine has given up the CPU (queued, parked or dead). */
static void schedule(void)
{
    SwCo *self = co_cur;
    /* Fairness: now and then look at timers and fds even when busy. */
    if (__builtin_expect((++sched_ticks & 63) == 0, 0) && runq_head) {
        co_timer_run(sw_now());
        if (co_rx_pending()) co_rx_poll(0);
    }
    for (;;) {
        SwCo *next = runq_pop();
        if (next) {
            if (next == self) {
                self->state = CO_RUNNING;
                return;
            }
            switch_to(self, next);
            return;
        }
        idle();
    }
}

/* ---- coroutines ------------------------------------------------------------------------ */

static void co_entry(void *p)
{
    SwCo *co = p;
    co_reap();
    while (__builtin_expect(bt_from != NULL, 0)) bt_serve(co);
    co->fn(co->arg);
    /* Finished: unlink, let the next coroutine return the stack. */
    co->state = CO_DEAD;
    co->fn = NULL;
    co->arg = NULL;
    co->local = NULL;
    if (co->lprev) co->lprev->lnext = co->lnext;
    else live = co->lnext;
    if (co->lnext) co->lnext->lprev = co->lprev;
    nalive--;
    zombie = co;
    schedule();
    sw_co_entry_returned();       /* a dead coroutine was resumed */
}

static SwCo *co_create(SwCoFn fn, void *arg, bool quiet)
{
    if (!inited) sw_co_init();
    if (nalive >= max_coroutines) {
        if (quiet) return NULL;
        co_fatal("coroutine limit reached: %lld coroutines alive (raise it with co.Set MaxCoroutine)",
                 (long long)nalive);
    }
    SwCo *co = co_stack_get();
    if (!co) {
        if (quiet) return NULL;
        int e = errno;
        co_fatal("cannot map a coroutine stack (%s) with %lld coroutines alive%s", strerror(e),
                 (long long)nalive,
                 e == ENOMEM ? "; check vm.max_map_count and the memory limits" : "");
    }
    co->id = next_id++;
    co->panic_cur = &co->panic_state;      /* zeroed by co_stack_get */
    co->fn = fn;
    co->arg = arg;
    co->lnext = live;
    co->lprev = NULL;
    if (live) live->lprev = co;
    live = co;
    if (++nalive > npeak) npeak = nalive;
    if (nalive > win_peak) win_peak = nalive;
    co_ctx_make(&co->ctx, co->lo, (char *)co, co_entry, co);
    return co;
}

static int64_t go(SwCoFn fn, void *arg, bool quiet)
{
    SwCo *co = co_create(fn, arg, quiet);
    if (!co) return -1;
    int64_t id = co->id;
    SwCo *self = co_cur;
    self->state = CO_RUNNABLE;
    runq_push_front(self);
    switch_to(self, co);
    return id;
}

int64_t sw_go(SwCoFn fn, void *arg)
{
    return go(fn, arg, false);
}

int64_t sw_go_try(SwCoFn fn, void *arg)
{
    return go(fn, arg, true);
}

int64_t sw_go_queued(SwCoFn fn, void *arg)
{
    SwCo *co = co_create(fn, arg, false);
    co->state = CO_RUNNABLE;
    runq_push(co);
    return co->id;
}

int64_t sw_co_id(void)
{
    return co_cur ? co_cur->id : 0;
}

SwCo *sw_co_self(void)
{
    if (!inited) sw_co_init();
    return co_cur;
}

int64_t sw_co_id_of(const SwCo *co)
{
    return co->id;
}

void **sw_co_local(void)
{
    if (!inited) sw_co_init();
    return &co_cur->local;
}

int64_t co_park(const char *reason, const void *obj)
{
    if (!inited) sw_co_init();
    SwCo *self = co_cur;
    self->state = CO_WAITING;
    self->reason = reason;
    self->obj = obj;
    schedule();
    return self->result;
}

void sw_co_park(const char *reason, const void *obj)
{
    co_park(reason ? reason : "wait", obj);
}

void sw_co_ready(SwCo *co)
{
    co_ready(co, 0);
}

void sw_co_gosched(void)
{
    if (!inited) sw_co_init();
    SwCo *self = co_cur;
    if (!runq_head && ((sched_ticks & 63) != 63)) {
        /* Alone: still give timers and fds their turn now and then. */
        sched_ticks++;
        return;
    }
    self->state = CO_RUNNABLE;
    runq_push(self);
    schedule();
}

/* ---- co.Yield / co.Resume: resuming by id needs an id index, built on first use ---- */

static SwCo **idx;                /* open addressing, linear probing; NULL = empty */
static size_t idx_cap, idx_n;

static size_t idx_slot(int64_t id)
{
    return (size_t)((uint64_t)id * 0x9E3779B97F4A7C15ull >> 20) & (idx_cap - 1);
}

static void idx_put(SwCo *co)
{
    if ((idx_n + 1) * 2 > idx_cap) {
        size_t ncap = idx_cap ? idx_cap * 2 : 1024;
        SwCo **old = idx;
        size_t ocap = idx_cap;
        idx = calloc(ncap, sizeof *idx);
        if (!idx) co_fatal("out of memory (coroutine index)");
        idx_cap = ncap;
        idx_n = 0;
        for (size_t i = 0; i < ocap; i++)
            if (old[i]) idx_put(old[i]);
        free(old);
    }
    size_t i = idx_slot(co->id);
    while (idx[i]) i = (i + 1) & (idx_cap - 1);
    idx[i] = co;
    idx_n++;
}

static SwCo *idx_get(int64_t id)
{
    if (!idx_cap) return NULL;
    for (size_t i = idx_slot(id); idx[i]; i = (i + 1) & (idx_cap - 1))
        if (idx[i]->id == id) return idx[i];
    return NULL;
}

static void idx_del(SwCo *co)
{
    if (!idx_cap) return;
    size_t i = idx_slot(co->id);
    while (idx[i] && idx[i] != co) i = (i + 1) & (idx_cap - 1);
    if (!idx[i]) return;
    idx[i] = NULL;
    idx_n--;
    /* Backward-shift the cluster that follows. */
    for (size_t j = (i + 1) & (idx_cap - 1); idx[j]; j = (j + 1) & (idx_cap - 1)) {
        SwCo *m = idx[j];
        idx[j] = NULL;
        idx_n--;
        idx_put(m);
    }
}

void sw_co_yield(void)
{
    if (!inited) sw_co_init();
    SwCo *self = co_cur;
    self->yielded = true;
    idx_put(self);
    co_park("yield", NULL);
}

bool sw_co_resume(int64_t id)
{
    SwCo *co = idx_get(id);
    if (!co || co->state != CO_WAITING || !co->yielded) return false;
    idx_del(co);
    co_ready(co, 0);
    return true;
}

/* ---- introspection ------------------------------------------------------------------- */

void sw_co_stats(SwCoStats *st)
{
    memset(st, 0, sizeof *st);
    st->alive = nalive;
    st->peak = npeak;
    st->created = next_id - 1;
    st->runnable = runq_len;
    st->timers = co_timer_count();
    st->max_coroutines = max_coroutines;
    co_stack_stats(st);
}

void sw_co_set_max(int64_t n)
{
    max_coroutines = n < 1 ? 1 : n;
}

int64_t sw_co_list(int64_t *ids, int64_t n)
{
    int64_t k = 0;
    if (k < n) ids[k] = 0;
    k++;
    for (SwCo *co = live; co; co = co->lnext) {
        if (k < n) ids[k] = co->id;
        k++;
    }
    /* live is newest first; report in creation order */
    int64_t m = k < n ? k : n;
    for (int64_t i = 1, j = m - 1; i < j; i++, j--) {
        int64_t t = ids[i];
        ids[i] = ids[j];
        ids[j] = t;
    }
    return k;
}

static const char *status_of(const SwCo *co)
{
    switch (co->state) {
    case CO_RUNNING: return "running";
    case CO_RUNNABLE: return "runnable";
    case CO_WAITING: return co->reason ? co->reason : "wait";
    default: return "dead";
    }
}

const char *sw_co_status(int64_t id)
{
    if (id == 0) return status_of(&co_main);
    if (co_cur && co_cur->id == id) return status_of(co_cur);
    for (SwCo *co = live; co; co = co->lnext)
        if (co->id == id) return status_of(co);
    return NULL;
}

/* ---- co.Backtrace ------------------------------------------------------------------------
 * Every suspended coroutine is parked at the same place: in switch_to, just
 * after its co_ctx_switch (or at the top of co_entry if it never ran).  To
 * read its stack, the requester switches to it with bt_from set; the target
 * wakes at its park point, sees bt_from, runs backtrace(3) on its own stack
 * (the unwinder's tables: generated code has no frame pointers), and
 * switches straight back without touching the scheduler's state; when it is
 * really resumed later, it returns from that switch and parks-point code
 * goes on as usual.  Cost: two switches and the unwind; no allocation, so
 * no collection can run meanwhile. */
static void **bt_pcs;
static int bt_max, bt_n;

static __attribute__((noinline)) void bt_serve(SwCo *self)
{
    bt_n = backtrace(bt_pcs, bt_max);
    SwCo *back = bt_from;
    bt_from = NULL;
    co_cur = back;
    sw_co_stack_limit = back->limit;
    co_ctx_switch(&self->ctx, &back->ctx);
}

static SwCo *find_co(int64_t id)
{
    if (id == 0) return &co_main;
    for (SwCo *co = live; co; co = co->lnext)
        if (co->id == id) return co;
    return NULL;
}

int sw_co_backtrace(int64_t id, void **pcs, int max, const char **status)
{
    if (!inited) sw_co_init();
    SwCo *co = find_co(id);
    if (!co || co->state == CO_DEAD) return -1;
    *status = status_of(co);
    if (co == co_cur) return backtrace(pcs, max);
    void *warm[2];
    backtrace(warm, 2);          /* the unwinder loads here, on the caller's stack */
    SwCo *self = co_cur;
    bt_pcs = pcs;
    bt_max = max;
    bt_n = 0;
    bt_from = self;
    co_cur = co;
    sw_co_stack_limit = co->limit;
    co_ctx_switch(&self->ctx, &co->ctx);
    return bt_n;
}

/* ---- exit and deadlock ------------------------------------------------------------------- */

static _Noreturn void finish(void)
{
    sw_flush_stdout();
    exit(0);
}

static void describe(SwBuf *b, const SwCo *co)
{
    char line[256];
    snprintf(line, sizeof line, "\ncoroutine %lld [%s]", (long long)co->id, status_of(co));
    sw_buf_cstr(b, line);
    co_rx_describe(co, line, sizeof line);
    if (line[0]) {
        sw_buf_cstr(b, ": ");
        sw_buf_cstr(b, line);
    }
    sw_buf_cstr(b, "\n");
}

static void deadlock(void)
{
    SwBuf b = {0};
    sw_buf_cstr(&b, "fatal error: all coroutines are asleep - deadlock!\n");
    describe(&b, &co_main);
    /* oldest first, at most 100 */
    int64_t n = 0;
    SwCo *last = NULL;
    for (SwCo *co = live; co; co = co->lnext) last = co;
    for (SwCo *co = last; co && n < 100; co = co->lprev, n++) describe(&b, co);
    if (nalive - 1 > n) {
        char more[64];
        snprintf(more, sizeof more, "\n... and %lld more coroutines\n", (long long)(nalive - 1 - n));
        sw_buf_cstr(&b, more);
    }
    sw_flush_stdout();
    sw_write(2, b.p, b.len);
    _exit(2);
}

_Noreturn void sw_co_exit_main(void)
{
    if (!inited) sw_co_init();
    main_done = true;
    co_main.state = CO_WAITING;
    co_main.reason = "main returned";
    for (;;) {
        /* Runs the others; main is never readied again, so schedule() only
         * comes back here through idle() when everything is done. */
        schedule();
    }
}

_Noreturn void sw_co_run_main(void (*main_fn)(void))
{
    sw_co_init();
    main_fn();
    sw_co_exit_main();
}
