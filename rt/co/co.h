// SPDX-License-Identifier: MIT
/*
 * co.h — the coroutine runtime's public C API: coroutines, channels and
 * select, timers, the reactor (fd waits) and the blocking-work thread pool.
 *
 * Model (DESIGN §2 items 1-4, §5): one thread runs every coroutine of the
 * process.  Coroutine 0 is main, on the primordial stack; `sw_go` creates
 * coroutine N (1, 2, 3…, never reused), switches to it at once and returns
 * to the creator when the child blocks or ends (Swoole's order).  The run
 * queue is FIFO.  When nothing is runnable the scheduler fires due timers
 * and waits in epoll; it exits 0 once main has returned and nothing can run
 * or is pending, and dies with Go's deadlock message (exit 2) when main is
 * blocked and nothing can ever wake anything.
 *
 * What the compiler must call (see each declaration below):
 *   - generated main():  sw_rt_init(argc, argv); sw_co_run_main(main_main);
 *   - `go f(x)`:          evaluate f and x into a GC closure, sw_go(code, closure)
 *   - chan ops:           sw_chan_make / send / recv / close / len / cap
 *   - select:             sw_select over an array of SwSelCase (on the stack)
 *   - function prologues (optional but recommended): SW_CO_STACK_CHECK()
 * Everything else here is for the stdlib's C side (time, co, timer, sync,
 * event, os I/O).
 *
 * Memory rules: coroutine stacks, SwCo and the wait records that live on
 * stacks are not GC memory; every suspended stack is a GC root (only the
 * used part).  Channels are GC objects.  Timers are owned by the caller and
 * stay alive (are GC roots) while pending.
 */
#ifndef SW_CO_H
#define SW_CO_H

#include "sw.h"

typedef struct SwCo SwCo;

/* ---- start ---------------------------------------------------------------
 * Runs main_fn as coroutine 0 on the primordial stack, then the event loop
 * until nothing can run and nothing is pending; flushes stdout and exits 0.
 * Call it from the real main(), after sw_rt_init, on the primordial stack. */
_Noreturn void sw_co_run_main(void (*main_fn)(void));

/* Sets up the scheduler without running anything (tests, embedding); the
 * calling stack becomes coroutine 0.  sw_co_run_main calls it. */
void sw_co_init(void);
/* What sw_co_run_main does after main_fn returns: keeps the loop running
 * until nothing is runnable or pending, then flushes and exits 0. */
_Noreturn void sw_co_exit_main(void);

/* ---- coroutines ------------------------------------------------------------ */

typedef void (*SwCoFn)(void *arg);

/* `go`: creates a coroutine running fn(arg), switches to it at once and
 * returns (its id) when it blocks or ends.  At the limit (sw_co_set_max)
 * it dies with "fatal error: coroutine limit reached (N)".  arg is
 * typically the GC closure; it stays reachable while the coroutine lives. */
int64_t sw_go(SwCoFn fn, void *arg);
/* Like sw_go but returns -1 instead of dying at the limit or when stacks
 * cannot be mapped. */
int64_t sw_go_try(SwCoFn fn, void *arg);
/* Creates the coroutine runnable (at the run queue's tail) without
 * switching: for callbacks started from the loop (timers, servers). */
int64_t sw_go_queued(SwCoFn fn, void *arg);

int64_t sw_co_id(void);          /* co.ID(): 0 in main */
SwCo *sw_co_self(void);
int64_t sw_co_id_of(const SwCo *co);
void sw_co_gosched(void);        /* runtime.Gosched: requeue at the tail */
/* co.Yield (Swoole): suspends until sw_co_resume(id). */
void sw_co_yield(void);
/* co.Resume: false when id is not a coroutine suspended by sw_co_yield. */
bool sw_co_resume(int64_t id);

/* Low-level parking for the stdlib's C side (sync, event):
 * sw_co_park suspends the caller (reason is shown in deadlock reports,
 * obj is the thing waited on; may be NULL) until another coroutine or a
 * loop callback calls sw_co_ready on it.  Never park in main while nothing
 * else can wake it: that is the deadlock the scheduler reports. */
void sw_co_park(const char *reason, const void *obj);
void sw_co_ready(SwCo *co);      /* precondition: co is parked */

/* A per-coroutine pointer slot (GC-scanned) for the compiler's defer/panic
 * state or the stdlib (co.Context). */
void **sw_co_local(void);

typedef struct SwCoStats {
    int64_t alive;           /* coroutines alive, main included */
    int64_t peak;            /* most alive at once */
    int64_t created;         /* ever created (the last id) */
    int64_t runnable;        /* in the run queue */
    int64_t stack_size;      /* reserved bytes per new stack */
    int64_t stacks_mapped;   /* stack slots in mapped chunks */
    int64_t stacks_pooled;   /* free stacks kept resident for reuse */
    int64_t chunks;          /* mapped stack chunks (2 mappings each) */
    int64_t timers;          /* pending timers */
    int64_t max_coroutines;
} SwCoStats;
void sw_co_stats(SwCoStats *out);

/* co.List: writes up to n ids of live coroutines, returns how many exist. */
int64_t sw_co_list(int64_t *ids, int64_t n);
/* The wait reason of coroutine id ("running", "runnable", "chan receive", …),
 * NULL when no such coroutine. */
const char *sw_co_status(int64_t id);

/* co.Backtrace: writes up to max return addresses of coroutine id's stack
 * (the current one's, or a suspended one's from where it is parked) to
 * pcs, sets *status as sw_co_status and returns how many; -1 when there is
 * no such coroutine.  rt/sw_trace.h turns them into Sw frames. */
int sw_co_backtrace(int64_t id, void **pcs, int max, const char **status);

/* co.Set: reserved stack bytes for coroutines created from now on
 * (rounded up to pages; 16 KiB .. 1 GiB; default 64 KiB). */
void sw_co_set_stack_size(int64_t bytes);
/* co.Set(MaxCoroutine): default 4,194,304. */
void sw_co_set_max(int64_t n);

/* ---- stack overflow -------------------------------------------------------
 * Stacks are carved from large chunks with no guard page between them (see
 * co_stack.c for why); the code generator protects them with a check in
 * function prologues, as Go does:
 *     SW_CO_STACK_CHECK();
 * sw_co_stack_limit is the lowest address the current coroutine's Sw code
 * may use (its stack bottom plus a red zone for runtime C code); it changes
 * at every switch.  sw_co_stack_overflow prints
 * "fatal error: stack overflow" naming the coroutine and exits 2. */
/* sw_co_stack_limit, sw_co_stack_overflow and SW_CO_STACK_CHECK are
 * declared in sw.h: generated code uses them. */

/* ---- channels -------------------------------------------------------------
 * Go semantics (rt/co/co_chan.c has the invariants).  Elements move by
 * memcpy of elemsize bytes.  A NULL channel blocks forever on send and
 * receive; close(nil), close of a closed channel and send on a closed
 * channel panic with Go's messages. */
/* make(chan T, cap); noscan when T holds no pointers.  cap < 0 or too big
 * panics "makechan: size out of range". */
SwChan *sw_chan_make(int64_t elemsize, int64_t cap, bool noscan);
void sw_chan_send(SwChan *c, const void *elem);
/* Receives into elem (may be NULL to discard); returns ok (false: closed
 * and drained, *elem zeroed). */
bool sw_chan_recv(SwChan *c, void *elem);
void sw_chan_close(SwChan *c);
int64_t sw_chan_len(const SwChan *c);
int64_t sw_chan_cap(const SwChan *c);

/* struct SwSelCase (one select case) is defined in rt/sw.h. */
/* select: returns the index of the case that ran, or -1 when has_default
 * and no case was ready.  *recv_ok (may be NULL) gets the comma-ok of a
 * receive case.  Among ready cases the choice is uniformly random.
 * n == 0 without default blocks forever.  At most 65536 cases. */
int sw_select(SwSelCase *cases, int n, bool has_default, bool *recv_ok);

/* ---- time and timers --------------------------------------------------------
 * One min-heap holds every timer and timeout; add and stop are O(log n),
 * a lazy stop O(1) amortized (like Go's). */
int64_t sw_now(void);                      /* monotonic nanoseconds */
void sw_co_sleep(int64_t ns);              /* time.Sleep; <= 0 yields */

typedef struct SwTimer SwTimer;
/* Runs in the loop, on whatever stack is polling: it must not block or
 * switch; start a coroutine with sw_go_queued or wake one with sw_co_ready. */
typedef void (*SwTimerFn)(SwTimer *t);
/* Owned by the caller (GC memory or a stack), zeroed before first use.
 * Known to the stdlib's C side; fields are private. */
struct SwTimer {
    int64_t when;          /* absolute sw_now() time */
    int64_t period;        /* > 0: periodic; missed slots are skipped */
    SwTimerFn fn;
    void *arg;             /* the caller's (kept alive while pending) */
    int32_t idx;           /* heap index + 1; 0 = not in the heap */
    int32_t dead;          /* stopped, still in the heap (removed lazily) */
};
/* Arms t to fire at `when` (absolute) and then every `period` ns if > 0.
 * Re-arming a pending timer moves it. */
void sw_timer_start(SwTimer *t, int64_t when, int64_t period, SwTimerFn fn, void *arg);
/* Disarms t now, O(log n); true when it was pending.  Afterwards the
 * runtime holds no reference to t (stack timers). */
bool sw_timer_stop(SwTimer *t);
/* Disarms t in O(1) amortized; true when it was pending.  t stays in the
 * heap (and reachable) until dropped lazily: only for timers that live in
 * GC memory (time.Timer.Stop, timer.Clear). */
bool sw_timer_stop_lazy(SwTimer *t);
static inline bool sw_timer_pending(const SwTimer *t) { return t->idx != 0 && !t->dead; }

/* ---- reactor (epoll) ----------------------------------------------------------
 * fds must be non-blocking.  The caller tries the operation first and waits
 * only on EAGAIN; a wait may return early (spuriously) — retry. */
#define SW_RX_READ  1
#define SW_RX_WRITE 2
/* Waits until fd is readable/writable (events: SW_RX_*), with a timeout in
 * ns (< 0: none).  Returns the ready events (> 0; errors and hang-ups count
 * as ready), 0 on timeout, -EBUSY when another coroutine already waits on
 * fd in the same direction (Swoole's rule), -errno when epoll refuses fd. */
int sw_rx_wait(int fd, int events, int64_t timeout_ns);
/* Call before closing fd: wakes its waiters (they see it ready) and drops
 * its registration. */
void sw_rx_forget(int fd);
/* Watches: events on fd call cb(fd, got, arg) inside the loop, on whatever
 * stack polls (like a timer callback: it must not block or switch; it may
 * start coroutines with sw_go_queued, wake parked ones, read, write, close
 * fds and change watches).  flags: SW_RX_READ and/or SW_RX_WRITE, plus
 * SW_RX_LEVEL (level-triggered; default edge-triggered: cb runs once per
 * new readiness and the callee reads/writes until EAGAIN or a short count)
 * and SW_RX_EXCLUSIVE (EPOLLEXCLUSIVE: of several processes watching one
 * inherited listening socket, one is woken).  `got` holds SW_RX_READ /
 * SW_RX_WRITE as ready (hang-ups and errors make both ready) and
 * SW_RX_ERROR for EPOLLHUP/EPOLLERR.  Returns 0 or -errno (-EBUSY when a
 * coroutine waits on fd).  Watching a watched fd replaces cb, arg and
 * flags.  A watch does not keep the loop alive: take sw_rx_hold. */
#define SW_RX_LEVEL     4
#define SW_RX_EXCLUSIVE 8
#define SW_RX_ERROR     16
/* In `got`: the peer shut its side down (EPOLLRDHUP/EPOLLHUP): the data still
 * to read ends with EOF, so a short read does not mean "drained" — read on
 * until read() returns 0. */
#define SW_RX_HUP       32
typedef void (*SwRxFn)(int fd, int got, void *arg);
int sw_rx_watch(int fd, int flags, SwRxFn cb, void *arg);
/* Changes the flags of a watched fd (0 or -errno; -ENOENT: not watched). */
int sw_rx_watch_mod(int fd, int flags);
/* Stops watching fd (call before closing it); no-op when not watched. */
void sw_rx_unwatch(int fd);
/* Keeps the loop alive while held (servers, event.Add): a count. */
void sw_rx_hold(void);
void sw_rx_release(void);

/* ---- thread pool for blocking work ----------------------------------------------
 * Runs work(arg) on a pool thread and suspends the caller until it is done.
 * work must not allocate GC memory nor store pointers into GC objects
 * (pool threads are unknown to the collector); copy what it needs into
 * malloc'd or stack memory.  Called outside a coroutine context it simply
 * runs work inline. */
void sw_pool_run(void (*work)(void *arg), void *arg);
/* Pool size (default 4); takes effect for threads not yet started. */
void sw_pool_set_threads(int n);

/* ---- loop rounds (event.Cycle) -------------------------------------------------------
 * fn(false) runs when a round of the loop ends (nothing is runnable), then
 * fn(true) when the next one starts: before due timers fire and fds are
 * polled, only if a timer or an fd wait is pending.  What fn queues
 * (sw_go_queued) runs before the loop goes on.  fn runs on the loop's
 * stack: it must not block or switch.  NULL removes it.  Rounds do not keep
 * the loop alive. */
void sw_co_set_round_hook(void (*fn)(bool before));

/* ---- randomness ---------------------------------------------------------------------
 * The scheduler's fast PRNG (select's choice); reseeded in a forked child. */
uint64_t sw_co_rand(void);

#endif
