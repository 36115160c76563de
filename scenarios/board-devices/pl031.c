/*
 * PL031 RTC (PrimeCell RTC TRM, DDI 0224) on QEMU's -rtc base=2025-01-01T00:00:00,clock=vm:
 * DR counts virtual seconds from the base, which with an instruction-counted clock makes
 * every reading, and the instruction at which it changes, deterministic.
 */
#include "devices.h"

#define DR      0x00
#define MR      0x04
#define LR      0x08
#define CR      0x0c
#define IMSC    0x10
#define RIS     0x14
#define MIS     0x18
#define ICR     0x1c

#define RTC(off) R32(PL031 + (off))
#define LOADED  (RTC_BASE_SECONDS + 1000)

static uint32_t irq_ris, irq_mis, irq_ris_after;

static void clear_match(void)
{
        irq_ris = RTC(RIS);
        irq_mis = RTC(MIS);
        RTC(ICR) = 1;
        irq_ris_after = RTC(RIS);
}

/* Spins until DR leaves 'from': the loop's iterations tell the instruction at which it changed. */
static uint32_t spin_until_tick(uint32_t from, uint32_t *to)
{
        uint32_t n = 0, dr;

        while ((dr = RTC(DR)) == from)
                n++;
        *to = dr;
        return n;
}

int pl031_test(void)
{
        uint32_t dr0, dr1, lr, cr, mr, imsc, ris, mis, dr_loaded, ris_eq, mis_eq, ris_cleared;
        uint32_t ris_armed, dr_woken, ris_woken, mis_woken, hppir, wfis = 0, past_ris, lr_ris;
        uint32_t n1, n2, to1, to2;
        unsigned intids[4] = { 0 }, n;
        int failures = 0;

        print_id_registers("pl031-id", PL031, 0xfe0);
        dr0 = RTC(DR);
        dr1 = RTC(DR);
        lr = RTC(LR); cr = RTC(CR); mr = RTC(MR); imsc = RTC(IMSC); ris = RTC(RIS); mis = RTC(MIS);
        printf("pl031 DR - base: %u, then %u (%s)\n", dr0 - RTC_BASE_SECONDS, dr1 - RTC_BASE_SECONDS,
               dr1 >= dr0 ? "not backwards" : "BACKWARDS");
        regs_dump("pl031-reset", REG("cr", cr), REG("lr", lr), REG("mr", mr), REG("imsc", imsc), REG("ris", ris),
                  REG("mis", mis), NULL);
        if (cr != 1 || dr1 < dr0 || dr0 - RTC_BASE_SECONDS > 1)
                failures++;

        /* LR loads the count; MR equal to the count raises the match at once (masked: RIS only). */
        RTC(LR) = LOADED;
        dr_loaded = RTC(DR);
        RTC(MR) = dr_loaded;
        ris_eq = RTC(RIS);
        mis_eq = RTC(MIS);
        RTC(ICR) = 1;
        ris_cleared = RTC(RIS);
        printf("pl031 LR = base + 1000: DR - base %u, LR - base %u; MR = DR: RIS %u MIS %u, after ICR RIS %u\n",
               dr_loaded - RTC_BASE_SECONDS, RTC(LR) - RTC_BASE_SECONDS, ris_eq, mis_eq, ris_cleared);
        if (dr_loaded != LOADED || ris_eq != 1 || mis_eq != 0 || ris_cleared != 0)
                failures++;

        /* MR = DR + 1 with IMSC set: the interrupt one virtual second on, waited for with WFI. */
        gic_enable_spi(INTID_PL031);
        RTC(IMSC) = 1;
        RTC(MR) = RTC(DR) + 1;
        ris_armed = RTC(RIS);
        while (!RTC(RIS)) {
                __asm__ volatile("wfi" ::: "memory");
                wfis++;
        }
        dr_woken = RTC(DR);
        ris_woken = RTC(RIS);
        mis_woken = RTC(MIS);
        hppir = read_sysreg(ICC_HPPIR1_EL1);
        n = take_irq(clear_match, intids);
        printf("pl031 MR = DR + 1: RIS %u before the WFI, woken after %u WFI: DR - base %u, RIS %u MIS %u, HPPIR1 %u\n",
               ris_armed, wfis, dr_woken - RTC_BASE_SECONDS, ris_woken, mis_woken, hppir);
        printf("pl031 IRQ: %u taken, INTID %u, RIS %u MIS %u in the handler, RIS %u after ICR\n", n, intids[0], irq_ris,
               irq_mis, irq_ris_after);
        if (ris_armed != 0 || dr_woken != LOADED + 1 || mis_woken != 1 || n != 1 || intids[0] != INTID_PL031 ||
            irq_ris_after != 0)
                failures++;

        /* The count moving on by itself: the iterations until each of the next two ticks. */
        n1 = spin_until_tick(dr_woken, &to1);
        n2 = spin_until_tick(to1, &to2);
        printf("pl031 ticks: DR - base %u after %u reads, %u after %u more\n", to1 - RTC_BASE_SECONDS, n1,
               to2 - RTC_BASE_SECONDS, n2);
        if (to1 != dr_woken + 1 || to2 != to1 + 1)
                failures++;

        /* MR in the past: the match is 2^32 - 1 seconds away. LR onto MR: the match at once. */
        RTC(MR) = RTC(DR) - 1;
        past_ris = RTC(RIS);
        RTC(IMSC) = 0;
        RTC(MR) = LOADED + 5000;
        RTC(LR) = LOADED + 5000;
        lr_ris = RTC(RIS);
        RTC(ICR) = 1;
        printf("pl031 MR = DR - 1: RIS %u; LR = MR: RIS %u, after ICR %u, DR - base %u\n", past_ris, lr_ris, RTC(RIS),
               RTC(DR) - RTC_BASE_SECONDS);
        if (past_ris != 0 || lr_ris != 1)
                failures++;
        return failures;
}
