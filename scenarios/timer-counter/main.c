/*
 * timer-counter: the generic timer's arithmetic (Arm ARM D11.2) where both sides count time
 * by instructions (scenario.json "icount": 3 -> QEMU -icount shift=3: 8 ns per instruction,
 * 2 instructions per 16 ns tick), so counter values and the instruction at which a timer
 * fires can be compared exactly:
 *  - CNTPCT_EL0 deltas, CNTVCT_EL0 = CNTPCT_EL0 - CNTVOFF_EL2;
 *  - TVAL written -> CVAL = count + TVAL (signed); TVAL read = CVAL - count (32 bits);
 *  - CNTHP_CTL_EL2: ISTATUS only while enabled, IMASK; a poll loop counts the iterations
 *    until ISTATUS rises;
 *  - WFI waiting for the timer: the counter read right after it, relative to CVAL;
 *  - the timer's IRQ taken in the middle of a loop of straight-line arithmetic: the
 *    interrupted instruction and iteration (the model runs such a loop as a translated
 *    block, which must end exactly where the interrupt is due);
 *  - a guest at EL1 reads CNTPCT/CNTVCT/CNTP_CTL, first allowed by CNTHCTL_EL2 (EL1PCTEN,
 *    EL1PCEN), then trapped to EL2 (EC 0x18, emulated by the host).
 */
#include "vm.h"

#define CNTHP_CTL_EL2   s3_4_c14_c2_1
#define CNTHP_TVAL_EL2  s3_4_c14_c2_0
#define CNTHP_CVAL_EL2  s3_4_c14_c2_2

int guest_main(uint64_t arg);   /* guest.c */

static unsigned traps;
static uint64_t irq_elr, irq_count;

/* The EL2 timer's IRQ in the loop: where it hit, then the timer off and the interrupt ended. */
static enum exc_result on_timer_irq(struct el2_frame *f)
{
        uint64_t iar = read_sysreg(s3_0_c12_c12_0);     /* ICC_IAR1_EL1 */

        irq_elr = f->elr;
        irq_count = f->x[9];
        write_sysreg(0, CNTHP_CTL_EL2);
        write_sysreg(iar, s3_0_c12_c12_1);              /* ICC_EOIR1_EL1 */
        isb();
        return EXC_HANDLED;
}

/* Arithmetic loop (no memory, no system registers) with IRQs unmasked, 5 instructions an iteration. */
static void irq_in_loop(void)
{
        uint64_t n, start, mix = 0x9e3779b97f4a7c15UL;
        uint64_t hcr = read_sysreg(hcr_el2);

        el2_set_irq_handler(on_timer_irq);
        write_sysreg(hcr | HCR_EL2_IMO, hcr_el2);       /* physical IRQs to EL2 */
        write_sysreg(300, CNTHP_TVAL_EL2);
        write_sysreg(1, CNTHP_CTL_EL2);
        isb();
        /* the iteration count in x9, which the handler reads from the interrupted frame */
        __asm__ volatile("mov x9, xzr\n\t"
                         "adr %[start], 1f\n\t"
                         "msr daifclr, #2\n"
                         "1:\tadd x9, x9, #1\n\t"
                         "eor %[mix], %[mix], %[mix], ror #7\n\t"
                         "add %[mix], %[mix], x9\n\t"
                         "cmp x9, #4000\n\t"
                         "b.ne 1b\n\t"
                         "msr daifset, #2\n\t"
                         "mov %[n], x9"
                         : [n] "=r"(n), [mix] "+r"(mix), [start] "=&r"(start) :: "x9", "cc", "memory");
        write_sysreg(hcr, hcr_el2);
        isb();
        regs_dump("irq-in-loop", REG("elr_minus_loop", irq_elr - start), REG("iteration", irq_count), REG("n", n),
                  REG("mix", mix), NULL);
}

static enum exc_result on_lower_sync(struct el2_frame *f)
{
        uint64_t ec = ESR_EC(f->esr), iss = ESR_ISS(f->esr);

        if (ec == ESR_EC_SYS64) {
                traps++;
                printf("trap: ISS 0x%07lx (Op0 %lu Op2 %lu Op1 %lu CRn %lu CRm %lu Rt %lu %s)\n", iss, (iss >> 20) & 3,
                       (iss >> 17) & 7, (iss >> 14) & 7, (iss >> 10) & 0xf, (iss >> 1) & 0xf, (iss >> 5) & 0x1f,
                       iss & 1 ? "read" : "write");
                f->x[(iss >> 5) & 0x1f] = 0xc0ffee00 + traps;
                f->elr += 4;
                return EXC_HANDLED;
        }
        if (ec == ESR_EC_HVC64 && ESR_HVC_IMM16(f->esr) == 0x400) {
                printf("guest (arg %lu): CNTPCT %s, CNTVCT %s, CNTP_CTL 0x%lx\n", f->x[3],
                       f->x[0] >= 0xc0ffee00 && f->x[0] < 0xc0ffef00 ? "emulated" : "read",
                       f->x[1] >= 0xc0ffee00 && f->x[1] < 0xc0ffef00 ? "emulated" : "read", f->x[2]);
                return EXC_HANDLED;
        }
        return EXC_UNHANDLED;
}

int main(void)
{
        uint64_t a, b, c, v, tval, cval, ctl;
        unsigned spins = 0;

        el2_set_lower_sync_handler(on_lower_sync);
        a = read_sysreg(cntpct_el0);
        b = read_sysreg(cntpct_el0);
        for (volatile int i = 0; i < 100; i++)
                ;
        c = read_sysreg(cntpct_el0);
        write_sysreg(1000, cntvoff_el2);
        isb();
        v = read_sysreg(cntvct_el0);
        regs_dump("counter", REG("pct_a", a), REG("pct_b_minus_a", b - a), REG("pct_c_minus_a", c - a),
                  REG("vct", v), REG("cntfrq", read_sysreg(cntfrq_el0)), NULL);

        /* TVAL / CVAL arithmetic, ISTATUS only while enabled */
        write_sysreg(500, CNTHP_TVAL_EL2);
        cval = read_sysreg(CNTHP_CVAL_EL2);
        tval = read_sysreg(CNTHP_TVAL_EL2);
        ctl = read_sysreg(CNTHP_CTL_EL2);
        regs_dump("tval", REG("cval_minus_pct", cval - read_sysreg(cntpct_el0)), REG("tval", tval), REG("ctl_disabled", ctl), NULL);
        write_sysreg(-5L, CNTHP_TVAL_EL2);      /* in the past: fires as soon as enabled */
        write_sysreg(3, CNTHP_CTL_EL2);         /* enabled, IMASK */
        isb();
        regs_dump("past", REG("ctl", read_sysreg(CNTHP_CTL_EL2)), REG("tval", read_sysreg(CNTHP_TVAL_EL2) & 0xffffffff), NULL);

        /* the instruction at which it fires: exact under icount */
        write_sysreg(200, CNTHP_TVAL_EL2);
        isb();
        while (!(read_sysreg(CNTHP_CTL_EL2) & 4))
                spins++;
        regs_dump("fired", REG("spins", spins), REG("ctl", read_sysreg(CNTHP_CTL_EL2)),
                  REG("tval_after", read_sysreg(CNTHP_TVAL_EL2) & 0xffffffff), NULL);
        write_sysreg(0, CNTHP_CTL_EL2);

        /* WFI until the timer fires (IRQs masked; the GIC only has to signal it): the clock
         * jumps to the deadline, and the instruction after the WFI starts exactly there. */
        *(volatile uint32_t *)0x08000000UL = 0x12;                       /* GICD_CTLR: Grp1, ARE */
        *(volatile uint32_t *)0x080a0014UL &= ~2U;                       /* GICR_WAKER */
        *(volatile uint32_t *)(0x080b0000UL + 0x80) = 1U << 26;          /* PPI 26 group 1 */
        *(volatile uint32_t *)(0x080b0000UL + 0x100) = 1U << 26;         /* enabled, priority 0 */
        write_sysreg(0xff, s3_0_c4_c6_0);                                /* ICC_PMR_EL1 */
        write_sysreg(1, s3_0_c12_c12_7);                                 /* ICC_IGRPEN1_EL1 */
        write_sysreg(5000, CNTHP_TVAL_EL2);
        write_sysreg(1, CNTHP_CTL_EL2);
        isb();
        cval = read_sysreg(CNTHP_CVAL_EL2);
        __asm__ volatile("wfi\n\tmrs %0, cntpct_el0" : "=r"(c) :: "memory");
        regs_dump("wfi", REG("pct_after_wfi_minus_cval", c - cval), REG("ctl", read_sysreg(CNTHP_CTL_EL2)), NULL);
        write_sysreg(0, CNTHP_CTL_EL2);
        isb();
        irq_in_loop();

        /* EL1 accesses: allowed (CNTHCTL_EL2 = 3, reset), then trapped (0) */
        s2_init();
        vm_map_guest_image();
        s2_enable(1);
        guest_call(guest_main, 1);
        write_sysreg(0, cnthctl_el2);
        isb();
        guest_call(guest_main, 2);
        write_sysreg(3, cnthctl_el2);
        isb();
        printf("%u traps\n%s\n", traps, traps == 2 ? "PASS" : "FAIL");
        return traps == 2 ? STATUS_OK : STATUS_CHECK_FAILED;
}
