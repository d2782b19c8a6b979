// SPDX-License-Identifier: MIT
// co_switch_aarch64.S — context switch for AAPCS64 (layout: co_arch.h).
//   void sw_co_switch(void **save_sp, void *to_sp)
// stores x19-x30, d8-d15 and FPCR below sp, saves sp in *save_sp, loads
// to_sp, restores the same frame and returns through the restored x30.
// sw_co_boot is the first resume address of a new stack: x19 = arg,
// x20 = entry.
#include "co_arch.h"
#if defined(__aarch64__) && !defined(SW_CO_UCONTEXT)
        .text
        .globl  sw_co_switch
        .hidden sw_co_switch
        .type   sw_co_switch, %function
        .p2align 4
sw_co_switch:
        sub     sp, sp, #CO_A64_FRAME
        stp     x19, x20, [sp, #CO_A64_X19]
        stp     x21, x22, [sp, #CO_A64_X21]
        stp     x23, x24, [sp, #CO_A64_X23]
        stp     x25, x26, [sp, #CO_A64_X25]
        stp     x27, x28, [sp, #CO_A64_X27]
        stp     x29, x30, [sp, #CO_A64_X29]
        stp     d8, d9, [sp, #CO_A64_D8]
        stp     d10, d11, [sp, #CO_A64_D10]
        stp     d12, d13, [sp, #CO_A64_D12]
        stp     d14, d15, [sp, #CO_A64_D14]
        mrs     x9, fpcr
        str     x9, [sp, #CO_A64_FPCR]
        mov     x9, sp
        str     x9, [x0]
        mov     sp, x1
        ldr     x9, [sp, #CO_A64_FPCR]
        msr     fpcr, x9
        ldp     x19, x20, [sp, #CO_A64_X19]
        ldp     x21, x22, [sp, #CO_A64_X21]
        ldp     x23, x24, [sp, #CO_A64_X23]
        ldp     x25, x26, [sp, #CO_A64_X25]
        ldp     x27, x28, [sp, #CO_A64_X27]
        ldp     x29, x30, [sp, #CO_A64_X29]
        ldp     d8, d9, [sp, #CO_A64_D8]
        ldp     d10, d11, [sp, #CO_A64_D10]
        ldp     d12, d13, [sp, #CO_A64_D12]
        ldp     d14, d15, [sp, #CO_A64_D14]
        add     sp, sp, #CO_A64_FRAME
        ret
        .size   sw_co_switch, .-sw_co_switch

        .globl  sw_co_boot
        .hidden sw_co_boot
        .type   sw_co_boot, %function
        .p2align 4
sw_co_boot:
        mov     x0, x19
        blr     x20
        bl      sw_co_entry_returned
        brk     #0x3e8
        .size   sw_co_boot, .-sw_co_boot
#endif
        .section .note.GNU-stack,"",%progbits
