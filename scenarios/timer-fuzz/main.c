/*
 * timer-fuzz: runs the cases of a batch the harness loads at TIMER_BLOB (u64 magic, u64 count,
 * then count struct timer_case) at EL2 (D11, the generic timer; IHI 0069, the GICv3). Each case
 * sets CNTVOFF_EL2 and the priorities of PPIs 26 (EL2 physical timer), 27 (EL1 virtual) and
 * 30 (EL1 physical) and ICC_PMR_EL1, programs each timer by CVAL (its count now + delta) or by
 * TVAL (delta), writes its CTL (ENABLE, IMASK), then prints
 *   "<index> <ctl v> <ctl p> <ctl hp>" each timer's CTL (ISTATUS) right after,
 *   " <intid>@<iteration>"            each interrupt taken while a loop of `spin` iterations
 *                                     runs with IRQs unmasked (the handler turns its timer off),
 *   " | <tval v> <cntvct> <cntpct>"   at the end.
 * Under -icount every value is a function of the instructions executed, so both sides must
 * print the same lines.
 */
#include "runtime.h"

#define TIMER_BLOB      0x46000000UL
#define TIMER_MAGIC     0x5a5a52454d495454UL  /* "TTIMERZZ" */
#define GICD            0x08000000UL
#define GICR_SGI        (0x080a0000UL + 0x10000)
#define R32(a)          (*(volatile uint32_t *)(a))
#define R8(a)           (*(volatile uint8_t *)(a))
#define ICC_PMR_EL1     s3_0_c4_c6_0
#define ICC_IAR1_EL1    s3_0_c12_c12_0
#define ICC_EOIR1_EL1   s3_0_c12_c12_1
#define ICC_IGRPEN1_EL1 s3_0_c12_c12_7
#define CNTHP_CTL_EL2   s3_4_c14_c2_1
#define CNTHP_CVAL_EL2  s3_4_c14_c2_2
#define CNTHP_TVAL_EL2  s3_4_c14_c2_0
#define PPI_HP          26
#define PPI_V           27
#define PPI_P           30
#define MAX_IRQS        8

struct timer_case {     /* 128 bytes (harness/fuzz-timers/cases.ts) */
        uint64_t cntvoff;
        int64_t delta[3];       /* v, p, hp: ticks from the timer's count now (CVAL) or TVAL */
        uint64_t ctl[3];        /* bits 0-1: ENABLE, IMASK; bit 8: program by TVAL */
        uint64_t prio;          /* bytes 0-2: priorities of PPIs 27, 30, 26 */
        uint64_t pmr;
        uint64_t spin;
        uint64_t reserved[6];
};
_Static_assert(sizeof(struct timer_case) == 128, "case layout");

static volatile uint64_t iteration;
static unsigned nirqs;
static uint64_t irq_log[MAX_IRQS];

static void timer_off(uint64_t intid)
{
        if (intid == PPI_V)
                write_sysreg(0UL, cntv_ctl_el0);
        else if (intid == PPI_P)
                write_sysreg(0UL, cntp_ctl_el0);
        else if (intid == PPI_HP)
                write_sysreg(0UL, CNTHP_CTL_EL2);
}

static enum exc_result on_irq(struct el2_frame *f)
{
        uint64_t intid = read_sysreg(ICC_IAR1_EL1) & 0xffffff;

        if (nirqs < MAX_IRQS)
                irq_log[nirqs++] = intid << 32 | (iteration & 0xffffffff);
        if (intid >= 1020) {
                /* Spurious while IRQ was signalled: logged, and IRQs stay masked on return (no storm). */
                f->spsr |= 1UL << 7;
                return EXC_HANDLED;
        }
        timer_off(intid);
        isb();
        write_sysreg(intid, ICC_EOIR1_EL1);
        return EXC_HANDLED;
}

static void program(const struct timer_case *c)
{
        for (int t = 0; t < 3; t++) {
                uint64_t ctl = c->ctl[t] & 3, by_tval = c->ctl[t] & 0x100;
                uint64_t d = (uint64_t)c->delta[t];
                if (t == 0) {
                        if (by_tval) write_sysreg(d, cntv_tval_el0);
                        else write_sysreg(read_sysreg(cntvct_el0) + d, cntv_cval_el0);
                        write_sysreg(ctl, cntv_ctl_el0);
                } else if (t == 1) {
                        if (by_tval) write_sysreg(d, cntp_tval_el0);
                        else write_sysreg(read_sysreg(cntpct_el0) + d, cntp_cval_el0);
                        write_sysreg(ctl, cntp_ctl_el0);
                } else {
                        if (by_tval) write_sysreg(d, CNTHP_TVAL_EL2);
                        else write_sysreg(read_sysreg(cntpct_el0) + d, CNTHP_CVAL_EL2);
                        write_sysreg(ctl, CNTHP_CTL_EL2);
                }
        }
        isb();
}

int main(void)
{
        const uint64_t *hdr = (const uint64_t *)TIMER_BLOB;
        const struct timer_case *cases = (const struct timer_case *)(TIMER_BLOB + 16);

        if (hdr[0] != TIMER_MAGIC) {
                printf("timer-fuzz: no batch at 0x%lx (s2diff loads one)\n", TIMER_BLOB);
                return 0;
        }
        el2_set_irq_handler(on_irq);
        R32(GICD + 0x0) = 0x2 | 0x10;                   /* GICD_CTLR: EnableGrp1, ARE */
        R32(0x080a0000UL + 0x14) &= ~0x2U;              /* GICR_WAKER.ProcessorSleep = 0 */
        while (R32(0x080a0000UL + 0x14) & 0x4)
                ;
        R32(GICR_SGI + 0x80) = 0xffffffff;              /* SGIs/PPIs group 1 */
        R32(GICR_SGI + 0x100) = (1U << PPI_V) | (1U << PPI_P) | (1U << PPI_HP);
        write_sysreg(1UL, ICC_IGRPEN1_EL1);
        write_sysreg(read_sysreg(hcr_el2) | HCR_EL2_IMO, hcr_el2);
        isb();
        for (uint64_t i = 0; i < hdr[1]; i++) {
                const struct timer_case *c = &cases[i];

                __asm__ volatile("msr daifset, #2" ::: "memory");
                timer_off(PPI_V);
                timer_off(PPI_P);
                timer_off(PPI_HP);
                write_sysreg(c->cntvoff, cntvoff_el2);
                R8(GICR_SGI + 0x400 + PPI_V) = (uint8_t)c->prio;
                R8(GICR_SGI + 0x400 + PPI_P) = (uint8_t)(c->prio >> 8);
                R8(GICR_SGI + 0x400 + PPI_HP) = (uint8_t)(c->prio >> 16);
                write_sysreg(c->pmr & 0xff, ICC_PMR_EL1);
                isb();
                program(c);
                printf("%lx %lx %lx %lx", i, read_sysreg(cntv_ctl_el0), read_sysreg(cntp_ctl_el0), read_sysreg(CNTHP_CTL_EL2));
                nirqs = 0;
                __asm__ volatile("msr daifclr, #2" ::: "memory");
                for (iteration = 0; iteration < c->spin; iteration++)
                        __asm__ volatile("" ::: "memory");
                __asm__ volatile("msr daifset, #2" ::: "memory");
                for (unsigned k = 0; k < nirqs; k++)
                        printf(" %lx@%lx", irq_log[k] >> 32, irq_log[k] & 0xffffffff);
                printf(" | %lx %lx %lx\n", read_sysreg(cntv_tval_el0) & 0xffffffff, read_sysreg(cntvct_el0), read_sysreg(cntpct_el0));
        }
        printf("DONE %lu\n", hdr[1]);
        return 0;
}
