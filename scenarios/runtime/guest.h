/*
 * Guest (EL1) side of the guest support. Include it from guest*.c files only: those
 * are linked into the guest pages, which are the only host memory the guest can reach
 * (besides the UART page). Do not call host functions (printf...) from guest code.
 */
#ifndef S2DIFF_GUEST_H
#define S2DIFF_GUEST_H

#include "runtime.h"

/* Optional hooks for asynchronous exceptions at EL1 (guest_start.S): define one to take it. */
void guest_irq(void);
void guest_fiq(void);
void guest_serror(void);

void guest_putc(char c);
void guest_puts(const char *s);
void guest_puthex(uint64_t v);     /* 0x + 16 hex digits */

/*
 * HVC #imm with x0-x7 as arguments; returns the host's x0 and leaves what the host
 * put in x0-x7 in r[0..7] when r is not NULL. imm must be a constant.
 */
#define GUEST_HVC(__imm, r, a0, a1, a2, a3, a4, a5, a6, a7) ({                       \
        /* arguments first: a call among them must not clobber x0-x7 */               \
        uint64_t __a0 = (uint64_t)(a0);                                               \
        uint64_t __a1 = (uint64_t)(a1);                                               \
        uint64_t __a2 = (uint64_t)(a2);                                               \
        uint64_t __a3 = (uint64_t)(a3);                                               \
        uint64_t __a4 = (uint64_t)(a4);                                               \
        uint64_t __a5 = (uint64_t)(a5);                                               \
        uint64_t __a6 = (uint64_t)(a6);                                               \
        uint64_t __a7 = (uint64_t)(a7);                                               \
        uint64_t *__hvc_out = (r);                                                    \
        register uint64_t __x0 __asm__("x0") = __a0;                                  \
        register uint64_t __x1 __asm__("x1") = __a1;                                  \
        register uint64_t __x2 __asm__("x2") = __a2;                                  \
        register uint64_t __x3 __asm__("x3") = __a3;                                  \
        register uint64_t __x4 __asm__("x4") = __a4;                                  \
        register uint64_t __x5 __asm__("x5") = __a5;                                  \
        register uint64_t __x6 __asm__("x6") = __a6;                                  \
        register uint64_t __x7 __asm__("x7") = __a7;                                  \
        __asm__ volatile("hvc %[imm16]"                                               \
                         : "+r"(__x0), "+r"(__x1), "+r"(__x2), "+r"(__x3),            \
                           "+r"(__x4), "+r"(__x5), "+r"(__x6), "+r"(__x7)             \
                         : [imm16] "i"(__imm)                                         \
                         : "memory");                                                 \
        if (__hvc_out) {                                                              \
                __hvc_out[0] = __x0; __hvc_out[1] = __x1;                             \
                __hvc_out[2] = __x2; __hvc_out[3] = __x3;                             \
                __hvc_out[4] = __x4; __hvc_out[5] = __x5;                             \
                __hvc_out[6] = __x6; __hvc_out[7] = __x7;                             \
        }                                                                             \
        __x0;                                                                         \
})

/* Leave the guest with x0 = status and x1-x3 as given; never returns. */
#define GUEST_EXIT(status, a1, a2, a3) do {                                             \
        for (;;)                                                                         \
                GUEST_HVC(HVC_GUEST_EXIT, NULL, status, a1, a2, a3, 0, 0, 0, 0);         \
} while (0)

#endif
