// SPDX-License-Identifier: MIT
/*
 * co_ctx.c — machine contexts: the first frame of a new stack for the asm
 * switch (x86_64, aarch64), and the ucontext fallback selected with
 * `make CO_SWITCH=ucontext` (or on any other architecture).
 *
 * The asm back end's frame layout is co_arch.h; the structs below mirror it
 * and _Static_assert keeps the two in step.  A new x86_64 stack starts with
 * a frame whose return address is sw_co_boot, placed so that the entry
 * function is entered with rsp = 8 (mod 16), as after a call.
 *
 * The ucontext back end keeps its ucontext_t on the stack it describes (a
 * local of co_ctx_switch), so the saved registers lie inside [sp, top) for
 * the collector too.  It is ~15x slower: glibc's swapcontext makes a
 * sigprocmask system call.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "co_internal.h"

_Noreturn void sw_co_entry_returned(void)
{
    static const char msg[] = "fatal error: coroutine entry function returned (runtime bug)\n";
    ssize_t w = write(2, msg, sizeof msg - 1);
    (void)w;
    abort();
}

#ifndef CO_USE_UCONTEXT

void sw_co_boot(void);

#if defined(__x86_64__)
typedef struct CoFrame {
    uint32_t mxcsr;
    uint16_t fpucw;
    uint16_t pad;
    uint64_t rbx, rbp, r12, r13, r14, r15;
    void *ret;
} CoFrame;
_Static_assert(offsetof(CoFrame, mxcsr) == CO_X86_MXCSR, "mxcsr");
_Static_assert(offsetof(CoFrame, fpucw) == CO_X86_FPUCW, "fpucw");
_Static_assert(offsetof(CoFrame, rbx) == CO_X86_RBX, "rbx");
_Static_assert(offsetof(CoFrame, rbp) == CO_X86_RBP, "rbp");
_Static_assert(offsetof(CoFrame, r12) == CO_X86_R12, "r12");
_Static_assert(offsetof(CoFrame, r13) == CO_X86_R13, "r13");
_Static_assert(offsetof(CoFrame, r14) == CO_X86_R14, "r14");
_Static_assert(offsetof(CoFrame, r15) == CO_X86_R15, "r15");
_Static_assert(offsetof(CoFrame, ret) == CO_X86_RET, "ret");
_Static_assert(sizeof(CoFrame) == CO_X86_FRAME, "frame");

void co_ctx_make(CoCtx *ctx, char *lo, char *hi, void (*entry)(void *), void *arg)
{
    (void)lo;
    /* After sw_co_boot's `call`, entry sees (frame + 56) = 8 mod 16. */
    uintptr_t top = ((uintptr_t)hi & ~(uintptr_t)15) - 16;
    CoFrame *f = (CoFrame *)(top - sizeof(CoFrame));
    memset(f, 0, sizeof *f);
    f->mxcsr = 0x1F80;          /* all exceptions masked, round to nearest */
    f->fpucw = 0x037F;          /* the x87 default: extended precision */
    f->r12 = (uint64_t)(uintptr_t)arg;
    f->r13 = (uint64_t)(uintptr_t)entry;
    f->ret = (void *)sw_co_boot;
    ((void **)top)[0] = NULL;   /* a zero "return address" ends backtraces */
    ctx->sp = f;
}

const char *co_ctx_backend(void)
{
    return "asm-x86_64";
}

#elif defined(__aarch64__)
typedef struct CoFrame {
    uint64_t x19_28[10];
    uint64_t x29, x30;
    uint64_t d8_15[8];
    uint64_t fpcr, pad;
} CoFrame;
_Static_assert(offsetof(CoFrame, x19_28) == CO_A64_X19, "x19");
_Static_assert(offsetof(CoFrame, x19_28[2]) == CO_A64_X21, "x21");
_Static_assert(offsetof(CoFrame, x19_28[4]) == CO_A64_X23, "x23");
_Static_assert(offsetof(CoFrame, x19_28[6]) == CO_A64_X25, "x25");
_Static_assert(offsetof(CoFrame, x19_28[8]) == CO_A64_X27, "x27");
_Static_assert(offsetof(CoFrame, x29) == CO_A64_X29, "x29");
_Static_assert(offsetof(CoFrame, x30) == CO_A64_X30, "x30");
_Static_assert(offsetof(CoFrame, d8_15) == CO_A64_D8, "d8");
_Static_assert(offsetof(CoFrame, d8_15[2]) == CO_A64_D10, "d10");
_Static_assert(offsetof(CoFrame, d8_15[4]) == CO_A64_D12, "d12");
_Static_assert(offsetof(CoFrame, d8_15[6]) == CO_A64_D14, "d14");
_Static_assert(offsetof(CoFrame, fpcr) == CO_A64_FPCR, "fpcr");
_Static_assert(sizeof(CoFrame) == CO_A64_FRAME, "frame");

void co_ctx_make(CoCtx *ctx, char *lo, char *hi, void (*entry)(void *), void *arg)
{
    (void)lo;
    uintptr_t top = ((uintptr_t)hi & ~(uintptr_t)15) - 16;
    CoFrame *f = (CoFrame *)(top - sizeof(CoFrame));
    memset(f, 0, sizeof *f);
    f->x19_28[0] = (uint64_t)(uintptr_t)arg;
    f->x19_28[1] = (uint64_t)(uintptr_t)entry;
    f->x30 = (uint64_t)(uintptr_t)sw_co_boot;
    f->fpcr = 0;                /* round to nearest, no traps */
    ctx->sp = f;
}

const char *co_ctx_backend(void)
{
    return "asm-aarch64";
}
#endif

void co_ctx_switch(CoCtx *from, CoCtx *to)
{
    sw_co_switch(&from->sp, to->sp);
}

#else /* ucontext */

typedef struct CoBoot {
    void (*entry)(void *);
    void *arg;
} CoBoot;

/* makecontext passes int arguments only: the CoBoot pointer in two halves. */
static void ucx_boot(unsigned int lo32, unsigned int hi32)
{
    CoBoot *b = (CoBoot *)(uintptr_t)(((uint64_t)hi32 << 32) | lo32);
    b->entry(b->arg);
    sw_co_entry_returned();
}

void co_ctx_make(CoCtx *ctx, char *lo, char *hi, void (*entry)(void *), void *arg)
{
    uintptr_t top = ((uintptr_t)hi & ~(uintptr_t)15) - 16;
    CoBoot *b = (CoBoot *)(top - sizeof(CoBoot));
    b->entry = entry;
    b->arg = arg;
    ucontext_t *uc = (ucontext_t *)(((uintptr_t)b - sizeof(ucontext_t)) & ~(uintptr_t)63);
    memset(uc, 0, sizeof *uc);
    if (getcontext(uc) != 0) co_fatal("getcontext failed");
    uc->uc_stack.ss_sp = lo;
    uc->uc_stack.ss_size = (size_t)((char *)uc - lo) & ~(size_t)15;
    uc->uc_link = NULL;
    uint64_t p = (uint64_t)(uintptr_t)b;
    makecontext(uc, (void (*)(void))ucx_boot, 2, (unsigned int)p, (unsigned int)(p >> 32));
    ctx->uc = uc;
    ctx->sp = uc;
}

void co_ctx_switch(CoCtx *from, CoCtx *to)
{
    ucontext_t here;            /* on the stack being left: scanned with it */
    from->uc = &here;
    from->sp = &here;
    if (swapcontext(&here, to->uc) != 0) co_fatal("swapcontext failed");
}

const char *co_ctx_backend(void)
{
    return "ucontext";
}
#endif
