// SPDX-License-Identifier: MIT
// co_switch_x86_64.S — context switch for x86_64 SysV (layout: co_arch.h).
//   void sw_co_switch(void **save_sp, void *to_sp)
// pushes the callee-saved registers, MXCSR and the x87 control word on the
// current stack, stores sp in *save_sp, loads to_sp and pops the same frame.
// sw_co_boot is the first resume address of a new stack: r12 = arg,
// r13 = entry; rsp is 16-aligned here so entry sees rsp = 8 mod 16.
#include "co_arch.h"
#if defined(__x86_64__) && !defined(SW_CO_UCONTEXT)
        .text
        .globl  sw_co_switch
        .hidden sw_co_switch
        .type   sw_co_switch, @function
        .p2align 4
sw_co_switch:
        subq    $(CO_X86_FRAME - 8), %rsp
        stmxcsr CO_X86_MXCSR(%rsp)
        fnstcw  CO_X86_FPUCW(%rsp)
        movq    %rbx, CO_X86_RBX(%rsp)
        movq    %rbp, CO_X86_RBP(%rsp)
        movq    %r12, CO_X86_R12(%rsp)
        movq    %r13, CO_X86_R13(%rsp)
        movq    %r14, CO_X86_R14(%rsp)
        movq    %r15, CO_X86_R15(%rsp)
        movl    CO_X86_MXCSR(%rsp), %eax
        movzwl  CO_X86_FPUCW(%rsp), %ecx
        movq    %rsp, (%rdi)
        movq    %rsi, %rsp
        // ldmxcsr and fldcw stall the pipeline: load them only when the
        // control bits differ (MXCSR's low 6 bits are sticky status flags,
        // caller-saved by the ABI, so they are not compared).
        xorl    CO_X86_MXCSR(%rsp), %eax
        testl   $0xffc0, %eax
        jnz     1f
2:      cmpw    CO_X86_FPUCW(%rsp), %cx
        jne     3f
4:      movq    CO_X86_RBX(%rsp), %rbx
        movq    CO_X86_RBP(%rsp), %rbp
        movq    CO_X86_R12(%rsp), %r12
        movq    CO_X86_R13(%rsp), %r13
        movq    CO_X86_R14(%rsp), %r14
        movq    CO_X86_R15(%rsp), %r15
        addq    $(CO_X86_FRAME - 8), %rsp
        ret
1:      ldmxcsr CO_X86_MXCSR(%rsp)
        jmp     2b
3:      fldcw   CO_X86_FPUCW(%rsp)
        jmp     4b
        .size   sw_co_switch, .-sw_co_switch

        .globl  sw_co_boot
        .hidden sw_co_boot
        .type   sw_co_boot, @function
        .p2align 4
sw_co_boot:
        movq    %r12, %rdi
        callq   *%r13
        callq   sw_co_entry_returned
        ud2
        .size   sw_co_boot, .-sw_co_boot
#endif
        .section .note.GNU-stack,"",@progbits
