/* hvc-exit: the call protocol shared by host (main.c) and guest (guest.c). */
#ifndef HVC_H
#define HVC_H

#include <stdint.h>

/* Plain calls: x0 := hvc_result(imm, x0..x7), x1 := imm, x2-x7 unchanged. */
#define HVC_CALL_A        0x0001
#define HVC_CALL_B        0x0042
#define HVC_CALL_C        0x1234
#define HVC_CALL_D        0x8000
#define HVC_CALL_E        0xffff
/* x0 := HVC_SKIP_RESULT and ELR_EL2 += 4: the instruction after the HVC is skipped. */
#define HVC_SKIP          0x0055
#define HVC_SKIP_RESULT   0x600dUL
/* x0 := the guest's NZCV as saved in SPSR_EL2; the host then sets SPSR_EL2.NZCV to
 * HVC_FLAGS_NEW, which the guest must see after the eret. */
#define HVC_FLAGS         0x0066
#define HVC_FLAGS_NEW     0x50000000UL   /* Z and V */

static inline uint64_t hvc_rotl(uint64_t v, unsigned n)
{
        n &= 63;
        return n ? (v << n) | (v >> (64 - n)) : v;
}

static inline uint64_t hvc_result(uint64_t imm, const uint64_t x[8])
{
        uint64_t r = imm * 0x9e3779b97f4a7c15UL;

        for (unsigned i = 0; i < 8; i++)
                r += hvc_rotl(x[i], 7 * i + 1) ^ (i + 1);
        return r;
}

#endif
