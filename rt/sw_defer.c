// SPDX-License-Identifier: MIT
/*
 * sw_defer.c — the panic machinery: running deferred calls while a panic
 * unwinds, recover(), and nested panics, with Go 1.19's semantics
 * (runtime/panic.go gopanic/gorecover), on the records and frames that
 * generated code builds (rt/sw.h "defer, panic and recover").
 *
 * A panic runs on the stack of the code that panicked: sw_panic takes the
 * innermost frame with pending defers, pops and calls its records one by
 * one, then the next frame, and so on.  Nothing is unwound until a deferred
 * call recovers; then the frame that deferred that call is resumed with
 * __builtin_longjmp (it runs its remaining defers and returns normally).
 * When no frame is left, the chain of panics is printed and the process
 * exits 2.
 *
 * A deferred call may panic in turn.  The new panic is linked in front of
 * the old one and runs the remaining records; when it reaches the frame the
 * old panic was working on, the old one is "aborted" (Go prints it anyway,
 * `panic: A [recovered]` + `\tpanic: B`, and drops it when the new panic is
 * recovered below that frame, since the old panic's C stack is discarded).
 */
#include "sw_internal.h"

static SwPanicState main_state;
SwPanicState *sw_panic_cur = &main_state;

_Noreturn void sw_panic_start(SwIface v, bool sig)
{
    SwPanicState *ps = sw_panic_state();
    SwPanic p = {0};
    p.link = ps->panic;
    p.value = v;
    p.sig = sig;
    ps->panic = &p;
    for (;;) {
        SwDeferFrame *f = ps->frames;
        if (!f) sw_panic_fatal(&p);
        /* Older panics that were running this frame's defers are overtaken:
         * their deferred call will never return to them. */
        for (SwPanic *q = p.link; q; q = q->link)
            if (q->frame == f) q->aborted = true;
        p.frame = f;
        SwDefer *d;
        while ((d = f->head) != NULL) {
            f->head = d->next;
            ps->armed = d->target;
            d->fn(d);
            ps = sw_panic_state();
            ps->armed = NULL;
            if (p.recovered) {
                /* Resume f: drop this panic and those it overtook. */
                SwPanic *q = p.link;
                while (q && q->aborted) q = q->link;
                ps->panic = q;
                ps->frames = f;
                __builtin_longjmp(f->jb, 1);
            }
        }
        ps->frames = f->prev;
    }
}

_Noreturn void sw_panic(SwIface v)
{
    sw_panic_start(v, false);
}

SwIface sw_recover(SwPanic *p)
{
    SwPanicState *ps = sw_panic_state();
    if (!p || ps->panic != p || p->recovered || p->aborted) return (SwIface){0};
    p->recovered = true;
    return p->value;
}

/* ---- catching a panic from C (sw_try) -------------------------------------
 * The C equivalent of a Go function with `defer func() { v = recover() }()`:
 * a frame with one record whose function claims the arming (so recover()
 * succeeds exactly when the panic machinery invokes it) and the setjmp
 * target that the recovery resumes. */

typedef struct TryRecord {
    SwDefer h;
    bool caught;
    SwIface value;
} TryRecord;

static void try_recover(SwDefer *self)
{
    TryRecord *r = (TryRecord *)self;
    SwPanic *p = sw_recover_claim((const void *)try_recover);
    if (!p) return;   /* normal exit: nothing to catch */
    r->caught = true;
    r->value = sw_recover(p);
}

bool sw_try(void (*fn)(void *), void *arg, SwIface *panicval)
{
    SwDeferFrame df;
    TryRecord rec;
    memset(&rec, 0, sizeof rec);
    rec.h.fn = try_recover;
    rec.h.target = (const void *)try_recover;
    sw_defer_enter(&df);
    sw_defer_push(&df, &rec.h);
    if (__builtin_setjmp(df.jb)) goto done;   /* resumed by the recovery */
    fn(arg);
done:
    sw_defer_exit(&df);
    volatile TryRecord *vr = &rec;
    if (!vr->caught) return false;
    if (panicval) *panicval = vr->value;
    return true;
}
