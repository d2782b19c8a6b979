// SPDX-License-Identifier: MIT
/*
 * test_switch.c — the machine context alone (co_ctx_make / co_ctx_switch):
 * ping-pong, callee-saved registers kept on both sides (an asm helper loads
 * known values, switches, and compares after resuming), FP control words
 * private to each context, the entry function's stack alignment, and the
 * trap when an entry function returns.
 *
 * Built with -DT_SWITCH_MAIN it is a program of its own that needs no GC
 * and no scheduler: tests/co/run.sh cross-builds it for aarch64 and runs it
 * under qemu-aarch64.
 */
#include <fenv.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "t_co.h"
#include "../../rt/co/co_internal.h"

#ifdef T_SWITCH_MAIN
int t_pass, t_fail;
#endif

/* int t_regs_switch(CoCtx *from, CoCtx *to, uint64_t salt): loads
 * salt+k into every callee-saved register (k per register), switches, and
 * after being resumed returns a bit mask of the registers that changed. */
int t_regs_switch(CoCtx *from, CoCtx *to, uint64_t salt);

#if defined(__x86_64__) && !defined(CO_USE_UCONTEXT)
#define HAVE_REGS_TEST 1
__asm__(
    ".text\n"
    ".globl t_regs_switch\n"
    ".type t_regs_switch, @function\n"
    "t_regs_switch:\n"
    "  pushq %rbx\n pushq %rbp\n pushq %r12\n pushq %r13\n pushq %r14\n pushq %r15\n"
    "  pushq %rdx\n"                       /* salt at 0(%rsp); rsp now 16-aligned */
    "  leaq 1(%rdx), %rbx\n leaq 2(%rdx), %rbp\n leaq 3(%rdx), %r12\n"
    "  leaq 4(%rdx), %r13\n leaq 5(%rdx), %r14\n leaq 6(%rdx), %r15\n"
    "  call co_ctx_switch\n"
    "  xorl %eax, %eax\n movq 0(%rsp), %rdx\n"
    "  leaq 1(%rdx), %rcx\n cmpq %rcx, %rbx\n je 1f\n orl $1, %eax\n1:\n"
    "  leaq 2(%rdx), %rcx\n cmpq %rcx, %rbp\n je 1f\n orl $2, %eax\n1:\n"
    "  leaq 3(%rdx), %rcx\n cmpq %rcx, %r12\n je 1f\n orl $4, %eax\n1:\n"
    "  leaq 4(%rdx), %rcx\n cmpq %rcx, %r13\n je 1f\n orl $8, %eax\n1:\n"
    "  leaq 5(%rdx), %rcx\n cmpq %rcx, %r14\n je 1f\n orl $16, %eax\n1:\n"
    "  leaq 6(%rdx), %rcx\n cmpq %rcx, %r15\n je 1f\n orl $32, %eax\n1:\n"
    "  popq %rdx\n"
    "  popq %r15\n popq %r14\n popq %r13\n popq %r12\n popq %rbp\n popq %rbx\n"
    "  ret\n"
    ".size t_regs_switch, .-t_regs_switch\n");
#elif defined(__aarch64__) && !defined(CO_USE_UCONTEXT)
#define HAVE_REGS_TEST 1
#define A64_SET(r, k) "  add " r ", x2, #" #k "\n"
#define A64_SETD(r, k) "  add x9, x2, #" #k "\n  fmov " r ", x9\n"
#define A64_CMP(r, k, bit) "  add x9, x10, #" #k "\n  cmp " r ", x9\n  b.eq 1f\n  orr w0, w0, #" #bit "\n1:\n"
#define A64_CMPD(r, k, bit) "  add x9, x10, #" #k "\n  fmov x11, " r "\n  cmp x11, x9\n  b.eq 1f\n  orr w0, w0, #" #bit "\n1:\n"
__asm__(
    ".text\n"
    ".globl t_regs_switch\n"
    ".type t_regs_switch, %function\n"
    "t_regs_switch:\n"
    "  stp x29, x30, [sp, #-176]!\n  mov x29, sp\n"
    "  stp x19, x20, [sp, #16]\n  stp x21, x22, [sp, #32]\n  stp x23, x24, [sp, #48]\n"
    "  stp x25, x26, [sp, #64]\n  stp x27, x28, [sp, #80]\n"
    "  stp d8, d9, [sp, #96]\n  stp d10, d11, [sp, #112]\n  stp d12, d13, [sp, #128]\n  stp d14, d15, [sp, #144]\n"
    "  str x2, [sp, #160]\n"
    A64_SET("x19", 1) A64_SET("x20", 2) A64_SET("x21", 3) A64_SET("x22", 4) A64_SET("x23", 5)
    A64_SET("x24", 6) A64_SET("x25", 7) A64_SET("x26", 8) A64_SET("x27", 9) A64_SET("x28", 10)
    A64_SETD("d8", 11) A64_SETD("d9", 12) A64_SETD("d10", 13) A64_SETD("d11", 14)
    A64_SETD("d12", 15) A64_SETD("d13", 16) A64_SETD("d14", 17) A64_SETD("d15", 18)
    "  bl co_ctx_switch\n"
    "  mov w0, #0\n  ldr x10, [sp, #160]\n"
    A64_CMP("x19", 1, 0x1) A64_CMP("x20", 2, 0x2) A64_CMP("x21", 3, 0x4) A64_CMP("x22", 4, 0x8)
    A64_CMP("x23", 5, 0x10) A64_CMP("x24", 6, 0x20) A64_CMP("x25", 7, 0x40) A64_CMP("x26", 8, 0x80)
    A64_CMP("x27", 9, 0x100) A64_CMP("x28", 10, 0x200)
    A64_CMPD("d8", 11, 0x400) A64_CMPD("d9", 12, 0x800) A64_CMPD("d10", 13, 0x1000)
    A64_CMPD("d11", 14, 0x2000) A64_CMPD("d12", 15, 0x4000) A64_CMPD("d13", 16, 0x8000)
    A64_CMPD("d14", 17, 0x10000) A64_CMPD("d15", 18, 0x20000)
    "  ldp x19, x20, [sp, #16]\n  ldp x21, x22, [sp, #32]\n  ldp x23, x24, [sp, #48]\n"
    "  ldp x25, x26, [sp, #64]\n  ldp x27, x28, [sp, #80]\n"
    "  ldp d8, d9, [sp, #96]\n  ldp d10, d11, [sp, #112]\n  ldp d12, d13, [sp, #128]\n  ldp d14, d15, [sp, #144]\n"
    "  ldp x29, x30, [sp], #176\n  ret\n"
    ".size t_regs_switch, .-t_regs_switch\n");
#endif

static CoCtx main_ctx, co_ctx;
static int trace[8];
static int ntrace;
static uintptr_t entry_fp;
#ifdef HAVE_REGS_TEST
static int regs_bad_co;
#endif
static int round_co_ok;

static char *new_stack(size_t n)
{
    char *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

static void pingpong_entry(void *arg)
{
    entry_fp = (uintptr_t)__builtin_frame_address(0);
    int *counter = arg;
    for (;;) {
        (*counter)++;
        if (ntrace < 8) trace[ntrace++] = 2;
        co_ctx_switch(&co_ctx, &main_ctx);
    }
}

#ifdef HAVE_REGS_TEST
static void regs_entry(void *arg)
{
    (void)arg;
    for (uint64_t i = 0;; i++) regs_bad_co |= t_regs_switch(&co_ctx, &main_ctx, 0x7000000000000000ull + i * 64);
}
#endif

static void fp_entry(void *arg)
{
    (void)arg;
    fesetround(FE_DOWNWARD);
    for (;;) {
        co_ctx_switch(&co_ctx, &main_ctx);
        volatile double one = 1.0, three = 3.0;
        volatile double lo = one / three;
        fesetround(FE_UPWARD);
        volatile double hi = one / three;
        fesetround(FE_DOWNWARD);
        round_co_ok = fegetround() == FE_DOWNWARD && lo < hi;
    }
}

static void returning_entry(void *arg)
{
    (void)arg;
}

static void entry_returns(void)
{
    char *s = new_stack(65536);
    co_ctx_make(&co_ctx, s, s + 65536, returning_entry, NULL);
    co_ctx_switch(&main_ctx, &co_ctx);
}

void test_switch(void)
{
    size_t sz = 256 * 1024;
    char *s = new_stack(sz);
    CHECK(s != NULL, "mmap");
    int counter = 0;
    co_ctx_make(&co_ctx, s, s + sz, pingpong_entry, &counter);
    for (int i = 0; i < 1000; i++) {
        if (ntrace < 8) trace[ntrace++] = 1;
        co_ctx_switch(&main_ctx, &co_ctx);
    }
    CHECK(counter == 1000, "ping-pong counter %d", counter);
    CHECK(trace[0] == 1 && trace[1] == 2 && trace[2] == 1 && trace[3] == 2, "ping-pong order");
    CHECK(entry_fp % 16 == 0, "entry frame address %#lx not 16-aligned (rsp at entry not 8 mod 16)",
          (unsigned long)entry_fp);

#ifdef HAVE_REGS_TEST
    co_ctx_make(&co_ctx, s, s + sz, regs_entry, NULL);
    int bad = 0;
    for (uint64_t i = 0; i < 200; i++) bad |= t_regs_switch(&main_ctx, &co_ctx, 0x1000 + i * 64);
    CHECK(bad == 0, "callee-saved registers changed in main: mask %#x", bad);
    CHECK(regs_bad_co == 0, "callee-saved registers changed in the coroutine: mask %#x", regs_bad_co);
#else
    printf("note: register test skipped for the %s back end\n", co_ctx_backend());
#endif

    fesetround(FE_TONEAREST);
    co_ctx_make(&co_ctx, s, s + sz, fp_entry, NULL);
    int ok = 1;
    for (int i = 0; i < 10; i++) {
        co_ctx_switch(&main_ctx, &co_ctx);
        if (fegetround() != FE_TONEAREST) ok = 0;
    }
    co_ctx_switch(&main_ctx, &co_ctx);
    CHECK(ok, "rounding mode of main changed by the coroutine's");
    CHECK(round_co_ok, "rounding mode of the coroutine not kept");
    fesetround(FE_TONEAREST);
    munmap(s, sz);

    char err[1024];
    int st = t_child(entry_returns, err, sizeof err);
    CHECK(st == 128 + 6 && strstr(err, "entry function returned"), "returning entry: status %d, stderr %s", st,
          err);
}

#ifdef T_SWITCH_MAIN
void sw_flush_stdout(void) {}
#ifdef CO_USE_UCONTEXT
_Noreturn void co_fatal(const char *fmt, ...)
{
    fprintf(stderr, "fatal error: %s\n", fmt);
    _exit(2);
}
#endif

int t_child(void (*fn)(void), char *err, size_t n)
{
    int p[2];
    if (pipe(p) != 0) return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        dup2(p[1], 2);
        fn();
        _exit(0);
    }
    close(p[1]);
    ssize_t r = read(p[0], err, n - 1);
    err[r > 0 ? r : 0] = 0;
    close(p[0]);
    int st;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int main(void)
{
    test_switch();
    printf("[%s] %d passed, %d failed\n", co_ctx_backend(), t_pass, t_fail);
    return t_fail ? 1 : 0;
}
#endif
