/* hvc-exit guest: calls the host with HVC #imm and checks what comes back. */
#include "guest.h"
#include "hvc.h"

static int failures;

static void expect(const char *what, uint64_t got, uint64_t want)
{
        if (got == want)
                return;
        failures++;
        guest_puts("guest: MISMATCH ");
        guest_puts(what);
        guest_puts(": got ");
        guest_puthex(got);
        guest_puts(" want ");
        guest_puthex(want);
        guest_putc('\n');
}

/* one plain call: arguments a[0..7], checks x0 (result), x1 (imm), x2-x7 (unchanged) */
#define PLAIN_CALL(imm, a) do {                                                        \
        uint64_t __out[8];                                                               \
        GUEST_HVC(imm, __out, (a)[0], (a)[1], (a)[2], (a)[3], (a)[4], (a)[5], (a)[6],    \
                  (a)[7]);                                                             \
        expect("x0 (result) of hvc #" #imm, __out[0], hvc_result(imm, a));               \
        expect("x1 (imm) of hvc #" #imm, __out[1], imm);                                 \
        for (int __i = 2; __i < 8; __i++)                                              \
                expect("x2-x7 (unchanged) of hvc #" #imm, __out[__i], (a)[__i]);         \
} while (0)

int guest_main(uint64_t arg)
{
        uint64_t a[8];
        uint64_t x0, nzcv;

        guest_puts("guest: calling the host with hvc\n");
        for (int i = 0; i < 8; i++)
                a[i] = arg * (i + 1) + i;
        PLAIN_CALL(HVC_CALL_A, a);

        for (int i = 0; i < 8; i++)
                a[i] = ~a[i];
        PLAIN_CALL(HVC_CALL_B, a);

        for (int i = 0; i < 8; i++)
                a[i] = 0;
        PLAIN_CALL(HVC_CALL_C, a);

        for (int i = 0; i < 8; i++)
                a[i] = 0x8000000000000000UL >> i;
        PLAIN_CALL(HVC_CALL_D, a);

        for (int i = 0; i < 8; i++)
                a[i] = 0xffffffffffffffffUL - i;
        PLAIN_CALL(HVC_CALL_E, a);

        /* The host skips the instruction after the HVC: x0 keeps the host's value. */
        __asm__ volatile("mov x0, xzr\n\t"
                         "hvc %[imm]\n\t"
                         "mov x0, #0xbad\n\t"
                         "mov %[x0], x0"
                         : [x0] "=r"(x0)
                         : [imm] "i"(HVC_SKIP)
                         : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "memory");
        expect("x0 after the skipped instruction", x0, HVC_SKIP_RESULT);

        /* NZCV goes to the host in SPSR_EL2 and comes back from it. */
        __asm__ volatile("msr nzcv, %[in]\n\t"
                         "hvc %[imm]\n\t"
                         "mrs %[nzcv], nzcv\n\t"
                         "mov %[x0], x0"
                         : [x0] "=r"(x0), [nzcv] "=&r"(nzcv)
                         : [in] "r"(NZCV_N | NZCV_C), [imm] "i"(HVC_FLAGS)
                         : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "cc", "memory");
        expect("NZCV seen by the host", x0, NZCV_N | NZCV_C);
        expect("NZCV after the eret", nzcv, HVC_FLAGS_NEW);

        guest_puts(failures ? "guest: done, with failures\n" : "guest: all replies checked\n");
        return failures;
}
