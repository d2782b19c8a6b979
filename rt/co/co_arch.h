// SPDX-License-Identifier: MIT
/*
 * co_arch.h — the layout of the frame the context switch pushes on the
 * stack it leaves, shared by the asm (co_switch_*.S, which includes this
 * file) and C (co_ctx.c, which checks it against a struct with
 * _Static_assert and builds a new stack's first frame with it).
 *
 * The callee-saved registers are stored on the suspended stack itself, below
 * the saved sp, so the collector's scan of [sp, top) sees any pointer that
 * lives only in a register.
 */
#ifndef SW_CO_ARCH_H
#define SW_CO_ARCH_H

/* x86_64 SysV: rbx rbp r12-r15, MXCSR and the x87 control word; the return
 * address sits at the top of the frame (pushed by the call). */
#define CO_X86_MXCSR 0
#define CO_X86_FPUCW 4
#define CO_X86_RBX 8
#define CO_X86_RBP 16
#define CO_X86_R12 24
#define CO_X86_R13 32
#define CO_X86_R14 40
#define CO_X86_R15 48
#define CO_X86_RET 56
#define CO_X86_FRAME 64          /* including the return address */

/* aarch64 AAPCS64: x19-x28, x29 (fp), x30 (lr = resume pc), d8-d15, FPCR. */
#define CO_A64_X19 0
#define CO_A64_X21 16
#define CO_A64_X23 32
#define CO_A64_X25 48
#define CO_A64_X27 64
#define CO_A64_X29 80            /* x29, then x30 at 88 */
#define CO_A64_X30 88
#define CO_A64_D8 96
#define CO_A64_D10 112
#define CO_A64_D12 128
#define CO_A64_D14 144
#define CO_A64_FPCR 160
#define CO_A64_FRAME 176         /* multiple of 16 */

#endif
