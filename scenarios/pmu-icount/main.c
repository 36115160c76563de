/*
 * pmu-icount: the PMU under an instruction-counted clock (scenario.json "icount": 0 -> QEMU
 * -icount shift=0,sleep=off: 1 ns per instruction, and QEMU's cycle counter runs at 1 GHz of
 * virtual time, so every count is exact and compared as printed):
 *  - PMCEID0/1 (INST_RETIRED only with icount);
 *  - PMCCNTR, CPU_CYCLES and INST_RETIRED over a straight-line block, PMCR.C/P resets;
 *  - the PMCR.D clock divider (1/64) with PMCR.LC = 0;
 *  - PMCCNTR's 32-bit overflow (PMCR.LC = 0) raising PMOVSSET[31] and the overflow interrupt
 *    (PMINTENSET & PMOVSSET & PMCR.E, PPI 23) in the middle of an arithmetic loop: the
 *    instruction and iteration it is taken at;
 *  - a CPU_CYCLES event counter's overflow, which QEMU 7.2 notices only at the next access
 *    (its overflow timer is set one count early): PMOVSSET before and after that read;
 *  - WFI: the cycle count includes the time it skips (INST_RETIRED does not), and the PMU's
 *    overflow timer wakes it like a generic timer;
 *  - SW_INCR 32/64-bit overflow by PMCR.LP and, above MDCR_EL2.HPMN, by MDCR_EL2.HLP;
 *  - the HPMN partition: counters below HPMN enabled by PMCR.E, the others by MDCR_EL2.HPME;
 *    HPMD prohibiting the low ones at EL2, HCCD the cycle counter at EL2;
 *  - filtering by EL (PMEVTYPER/PMCCFILTR P, U, NSH) with a guest running at EL1 and EL0;
 *    PMCR_EL0.N as the guest reads it with HPMN = 4;
 *  - EL0 accesses under PMUSERENR_EL0 = 0, CR|SW|ER, EN: trapped to EL1 (EC 0x18), UNDEFINED,
 *    or allowed (the guest prints every exception and what EL0 read).
 */
#include "vm.h"

#define CPU_CYCLES      0x11
#define INST_RETIRED    0x08
#define SW_INCR         0x00
#define F_P             (1UL << 31)
#define F_U             (1UL << 30)
#define F_NSH           (1UL << 27)
#define PMCR_E          (1UL << 0)
#define PMCR_P          (1UL << 1)
#define PMCR_C          (1UL << 2)
#define PMCR_D          (1UL << 3)
#define PMCR_DP         (1UL << 5)
#define PMCR_LC         (1UL << 6)
#define PMCR_LP         (1UL << 7)
#define MDCR_HPME       (1UL << 7)
#define MDCR_HPMD       (1UL << 17)
#define MDCR_HCCD       (1UL << 23)
#define MDCR_HLP        (1UL << 26)
#define CYC             (1UL << 31)
#define HVC_REPORT      0x500

int guest_main(uint64_t arg);   /* guest.c */

static uint64_t irq_elr, irq_iter, irq_ovs, irqs;

/* PMCR_EL0 = on, 100 NOPs, PMCR_EL0 = off: 101 instructions counted from the first write. */
static void block(uint64_t on, uint64_t off)
{
        __asm__ volatile("msr pmcr_el0, %0\n\t.rept 100\n\tnop\n\t.endr\n\tmsr pmcr_el0, %1" :: "r"(on), "r"(off) : "memory");
}

static void counters(const char *label)
{
        regs_dump(label, REG("ccnt", read_sysreg(pmccntr_el0)), REG("c0", read_sysreg(pmevcntr0_el0)),
                  REG("c1", read_sysreg(pmevcntr1_el0)), REG("c2", read_sysreg(pmevcntr2_el0)),
                  REG("c3", read_sysreg(pmevcntr3_el0)), REG("c4", read_sysreg(pmevcntr4_el0)),
                  REG("c5", read_sysreg(pmevcntr5_el0)), REG("ovs", read_sysreg(pmovsset_el0)), NULL);
}

static void reset_all(void)
{
        write_sysreg(0, pmcr_el0);
        write_sysreg(~0UL, pmcntenclr_el0);
        write_sysreg(~0UL, pmintenclr_el1);
        write_sysreg(~0UL, pmovsclr_el0);
        write_sysreg(PMCR_P | PMCR_C, pmcr_el0);
        isb();
}

static enum exc_result on_pmu_irq(struct el2_frame *f)
{
        uint64_t iar = read_sysreg(s3_0_c12_c12_0);     /* ICC_IAR1_EL1 */

        irqs++;
        irq_elr = f->elr;
        irq_iter = f->x[9];
        irq_ovs = read_sysreg(pmovsset_el0);
        write_sysreg(~0UL, pmovsclr_el0);               /* the line drops */
        write_sysreg(iar, s3_0_c12_c12_1);              /* ICC_EOIR1_EL1 */
        isb();
        return EXC_HANDLED;
}

/* Arithmetic loop with IRQs unmasked, 5 instructions an iteration; returns where it started. */
static uint64_t loop(void)
{
        uint64_t start, mix = 0x9e3779b97f4a7c15UL;

        __asm__ volatile("mov x9, xzr\n\t"
                         "adr %[start], 1f\n\t"
                         "msr daifclr, #2\n"
                         "1:\tadd x9, x9, #1\n\t"
                         "eor %[mix], %[mix], %[mix], ror #7\n\t"
                         "add %[mix], %[mix], x9\n\t"
                         "cmp x9, #2000\n\t"
                         "b.ne 1b\n\t"
                         "msr daifset, #2"
                         : [mix] "+r"(mix), [start] "=&r"(start) :: "x9", "cc", "memory");
        return start;
}

static void overflow_interrupts(void)
{
        uint64_t hcr = read_sysreg(hcr_el2), start, before;

        *(volatile uint32_t *)0x08000000UL = 0x12;                       /* GICD_CTLR: Grp1, ARE */
        *(volatile uint32_t *)0x080a0014UL &= ~2U;                       /* GICR_WAKER */
        *(volatile uint32_t *)(0x080b0000UL + 0x80) = 1U << 23;          /* PPI 23 group 1 */
        *(volatile uint32_t *)(0x080b0000UL + 0x100) = 1U << 23;         /* enabled */
        write_sysreg(0xff, s3_0_c4_c6_0);                                /* ICC_PMR_EL1 */
        write_sysreg(1, s3_0_c12_c12_7);                                 /* ICC_IGRPEN1_EL1 */
        el2_set_irq_handler(on_pmu_irq);
        write_sysreg(hcr | HCR_EL2_IMO, hcr_el2);
        isb();

        /* the cycle counter, 32-bit: 300 cycles before it wraps */
        reset_all();
        write_sysreg(F_NSH, pmccfiltr_el0);
        write_sysreg(0xffffffffUL - 299, pmccntr_el0);
        write_sysreg(CYC, pmintenset_el1);
        write_sysreg(CYC, pmcntenset_el0);
        write_sysreg(PMCR_E, pmcr_el0);
        isb();
        start = loop();
        regs_dump("ccnt-overflow", REG("irqs", irqs), REG("elr_minus_loop", irq_elr - start), REG("iteration", irq_iter),
                  REG("ovs_in_handler", irq_ovs), REG("ccnt", read_sysreg(pmccntr_el0)),
                  REG("ovs", read_sysreg(pmovsset_el0)), NULL);

        /* an event counter counting CPU_CYCLES: QEMU notices its overflow at the next access */
        reset_all();
        irqs = 0;
        write_sysreg(CPU_CYCLES | F_NSH, pmevtyper0_el0);
        write_sysreg(0xffffffffUL - 299, pmevcntr0_el0);
        write_sysreg(1, pmintenset_el1);
        write_sysreg(1, pmcntenset_el0);
        write_sysreg(PMCR_E, pmcr_el0);
        isb();
        start = loop();
        before = read_sysreg(pmovsset_el0);
        regs_dump("evcnt-overflow", REG("irqs_in_loop", irqs), REG("ovs_before_read", before),
                  REG("c0", read_sysreg(pmevcntr0_el0)), REG("ovs_after_read", read_sysreg(pmovsset_el0)), NULL);
        start = loop();
        regs_dump("evcnt-overflow-irq", REG("irqs", irqs), REG("elr_minus_loop", irq_elr - start),
                  REG("iteration", irq_iter), REG("ovs_in_handler", irq_ovs), NULL);

        /* INST_RETIRED over 32 bits, interrupt masked by PMINTENCLR: the flag only */
        reset_all();
        irqs = 0;
        write_sysreg(INST_RETIRED | F_NSH, pmevtyper1_el0);
        write_sysreg(0xffffffffUL - 99, pmevcntr1_el0);
        write_sysreg(2, pmcntenset_el0);
        write_sysreg(PMCR_E, pmcr_el0);
        isb();
        start = loop();
        regs_dump("inst-overflow", REG("irqs", irqs), REG("ovs", read_sysreg(pmovsset_el0)),
                  REG("c1", read_sysreg(pmevcntr1_el0)), REG("ovs_after_read", read_sysreg(pmovsset_el0)), NULL);
        reset_all();
        write_sysreg(hcr, hcr_el2);
        isb();
}

#define CNTHP_CTL_EL2   s3_4_c14_c2_1
#define CNTHP_TVAL_EL2  s3_4_c14_c2_0

/* WFI (IRQs masked): the cycle count includes the time it skips, INST_RETIRED does not; the
 * PMU's own overflow timer is a wake-up source too. The GIC is set up by overflow_interrupts. */
static void wfi_time(void)
{
        uint64_t c0, i0, c1, i1;

        *(volatile uint32_t *)(0x080b0000UL + 0x80) |= 1U << 26;         /* PPI 26 group 1 */
        *(volatile uint32_t *)(0x080b0000UL + 0x100) = 1U << 26;         /* enabled */
        reset_all();
        write_sysreg(F_NSH, pmccfiltr_el0);
        write_sysreg(INST_RETIRED | F_NSH, pmevtyper1_el0);
        write_sysreg(2 | CYC, pmcntenset_el0);
        write_sysreg(PMCR_E | PMCR_LC, pmcr_el0);
        write_sysreg(5000, CNTHP_TVAL_EL2);
        write_sysreg(1, CNTHP_CTL_EL2);
        isb();
        __asm__ volatile("mrs %0, pmccntr_el0\n\tmrs %1, pmevcntr1_el0\n\twfi\n\t"
                         "mrs %2, pmccntr_el0\n\tmrs %3, pmevcntr1_el0"
                         : "=&r"(c0), "=&r"(i0), "=&r"(c1), "=&r"(i1) :: "memory");
        write_sysreg(0, CNTHP_CTL_EL2);
        isb();
        regs_dump("wfi-timer", REG("cycles", c1 - c0), REG("insts", i1 - i0), NULL);

        reset_all();
        write_sysreg(F_NSH, pmccfiltr_el0);
        write_sysreg(0xffffffffUL - 9999, pmccntr_el0);
        write_sysreg(CYC, pmintenset_el1);
        write_sysreg(CYC, pmcntenset_el0);
        write_sysreg(PMCR_E, pmcr_el0);
        isb();
        __asm__ volatile("wfi\n\tmrs %0, pmccntr_el0\n\tmrs %1, pmovsset_el0" : "=&r"(c1), "=&r"(i1) :: "memory");
        regs_dump("wfi-pmu", REG("ccnt", c1), REG("ovs", i1), NULL);
        reset_all();
}

static unsigned undefs;

static enum exc_result on_current_sync(struct el2_frame *f)
{
        return skip_undefined(f, &undefs);
}

/* PMXEVTYPER/PMXEVCNTR with PMSELR_EL0.SEL beyond the counters (CONSTRAINED UNPREDICTABLE) */
static void selection_out_of_range(void)
{
        uint64_t ty = 0xdead, cnt = 0xdead, cyc = 0xdead;

        el2_set_current_sync_handler(on_current_sync);
        reset_all();
        write_sysreg(CYC, pmcntenset_el0);
        write_sysreg(F_NSH, pmccfiltr_el0);
        write_sysreg(PMCR_E | PMCR_LC, pmcr_el0);
        write_sysreg(7, pmselr_el0);
        isb();
        __asm__ volatile("mrs %0, pmxevtyper_el0\n\tmrs %1, pmxevcntr_el0\n\t"
                         "msr pmxevtyper_el0, %2\n\tmsr pmxevcntr_el0, %2"
                         : "+r"(ty), "+r"(cnt) : "r"(0x11UL) : "memory");
        write_sysreg(31, pmselr_el0);
        isb();
        __asm__ volatile("mrs %0, pmxevcntr_el0" : "+r"(cyc) :: "memory");
        regs_dump("sel-out-of-range", REG("undefs", undefs), REG("sel7_type", ty), REG("sel7_count", cnt),
                  REG("sel31_count", cyc), REG("sel31_type", read_sysreg(pmxevtyper_el0)), NULL);
        reset_all();
}

static void swinc_widths(void)
{
        /* counter 1 below HPMN = 4 (PMCR.LP), counter 4 above (MDCR_EL2.HLP) */
        for (unsigned lp = 0; lp < 2; lp++) {
                reset_all();
                write_sysreg(4 | MDCR_HPME | (lp ? MDCR_HLP : 0), mdcr_el2);
                write_sysreg(SW_INCR | F_NSH, pmevtyper1_el0);
                write_sysreg(SW_INCR | F_NSH, pmevtyper4_el0);
                write_sysreg(0xffffffffUL, pmevcntr1_el0);
                write_sysreg(0xffffffffUL, pmevcntr4_el0);
                write_sysreg(0x12, pmcntenset_el0);
                write_sysreg(PMCR_E | (lp ? 0 : PMCR_LP), pmcr_el0);
                write_sysreg(0x12, pmswinc_el0);
                isb();
                regs_dump(lp ? "swinc-hlp" : "swinc-lp", REG("c1", read_sysreg(pmevcntr1_el0)),
                          REG("c4", read_sysreg(pmevcntr4_el0)), REG("ovs", read_sysreg(pmovsset_el0)), NULL);
        }
        write_sysreg(6, mdcr_el2);
        reset_all();
}

static enum exc_result on_lower_sync(struct el2_frame *f)
{
        if (ESR_EC(f->esr) == ESR_EC_HVC64 && ESR_HVC_IMM16(f->esr) == HVC_REPORT) {
                regs_dump("guest-el1", REG("pmcr", f->x[0]), REG("c4_at_start", f->x[1]), REG("c4_at_end", f->x[2]), NULL);
                return EXC_HANDLED;
        }
        return EXC_UNHANDLED;
}

/* Counters with every EL filter around one guest run (EL1, then EL0, then EL1). */
static void filtered_guest_run(const char *label, uint64_t mdcr, uint64_t ccfiltr)
{
        reset_all();
        write_sysreg(mdcr, mdcr_el2);
        write_sysreg(CPU_CYCLES | F_P, pmevtyper0_el0);                 /* EL0 only */
        write_sysreg(CPU_CYCLES | F_U, pmevtyper1_el0);                 /* EL1 only */
        write_sysreg(INST_RETIRED | F_NSH, pmevtyper2_el0);             /* EL0, EL1, EL2 */
        write_sysreg(INST_RETIRED | F_P | F_U | F_NSH, pmevtyper3_el0); /* EL2 only */
        write_sysreg(INST_RETIRED, pmevtyper4_el0);                     /* EL0, EL1 (above HPMN) */
        write_sysreg(INST_RETIRED | F_NSH, pmevtyper5_el0);             /* EL0, EL1, EL2 (above HPMN) */
        write_sysreg(ccfiltr, pmccfiltr_el0);
        write_sysreg(0x3f | CYC, pmcntenset_el0);
        write_sysreg(PMCR_E | PMCR_LC, pmcr_el0);
        isb();
        guest_call(guest_main, 1);
        write_sysreg(PMCR_LC, pmcr_el0);
        isb();
        counters(label);
        write_sysreg(6, mdcr_el2);
        isb();
}

int main(void)
{
        regs_dump("pmceid", REG("pmceid0", read_sysreg(pmceid0_el0)), REG("pmceid1", read_sysreg(pmceid1_el0)),
                  REG("mdcr_el2", read_sysreg(mdcr_el2)), REG("pmcr", read_sysreg(pmcr_el0)), NULL);

        /* exact counts at EL2 (NSH) over a straight-line block */
        reset_all();
        write_sysreg(CPU_CYCLES | F_NSH, pmevtyper0_el0);
        write_sysreg(INST_RETIRED | F_NSH, pmevtyper1_el0);
        write_sysreg(CPU_CYCLES, pmevtyper2_el0);                       /* no NSH: not at EL2 */
        write_sysreg(F_NSH, pmccfiltr_el0);
        write_sysreg(0x7 | CYC, pmcntenset_el0);
        isb();
        block(PMCR_E | PMCR_LC, PMCR_LC);
        counters("block");
        block(PMCR_E | PMCR_LC | PMCR_C, PMCR_LC);                      /* C: the cycle counter restarts */
        counters("block-c");
        block(PMCR_E | PMCR_LC | PMCR_P, PMCR_LC);                      /* P: the event counters restart */
        counters("block-p");

        /* the clock divider: one count every 64 cycles (LC = 0) */
        reset_all();
        write_sysreg(F_NSH, pmccfiltr_el0);
        write_sysreg(CYC, pmcntenset_el0);
        for (unsigned i = 0; i < 10; i++)
                block(PMCR_E | PMCR_D, PMCR_D);
        regs_dump("divider", REG("ccnt", read_sysreg(pmccntr_el0)), NULL);
        /* PMCR.DP with HPMD: the cycle counter stops at EL2 only with DP */
        for (unsigned dp = 0; dp < 2; dp++) {
                reset_all();
                write_sysreg(6 | MDCR_HPMD, mdcr_el2);
                write_sysreg(F_NSH, pmccfiltr_el0);
                write_sysreg(CPU_CYCLES | F_NSH, pmevtyper0_el0);
                write_sysreg(1 | CYC, pmcntenset_el0);
                block(PMCR_E | PMCR_LC | (dp ? PMCR_DP : 0), PMCR_LC);
                regs_dump(dp ? "hpmd-dp" : "hpmd", REG("ccnt", read_sysreg(pmccntr_el0)),
                          REG("c0", read_sysreg(pmevcntr0_el0)), NULL);
                write_sysreg(6, mdcr_el2);
        }

        /* the HPMN partition: counters 4, 5 follow MDCR_EL2.HPME, 0-3 PMCR.E */
        for (unsigned hpme = 0; hpme < 2; hpme++) {
                reset_all();
                write_sysreg(4 | (hpme ? MDCR_HPME : 0), mdcr_el2);
                write_sysreg(CPU_CYCLES | F_NSH, pmevtyper3_el0);
                write_sysreg(CPU_CYCLES | F_NSH, pmevtyper4_el0);
                write_sysreg(0x18, pmcntenset_el0);
                block(hpme ? 0 : PMCR_E, 0);
                regs_dump(hpme ? "hpmn-hpme" : "hpmn-pmcr-e", REG("c3", read_sysreg(pmevcntr3_el0)),
                          REG("c4", read_sysreg(pmevcntr4_el0)), NULL);
        }
        write_sysreg(6, mdcr_el2);
        swinc_widths();
        overflow_interrupts();
        wfi_time();
        selection_out_of_range();

        /* filtering by EL around a guest at EL1 and EL0 */
        el2_set_lower_sync_handler(on_lower_sync);
        s2_init();
        vm_map_guest_image();
        s2_enable(1);
        filtered_guest_run("guest", 4 | MDCR_HPME, 0);
        filtered_guest_run("guest-hpmd", 4 | MDCR_HPME | MDCR_HPMD, F_NSH);
        filtered_guest_run("guest-hccd", 4 | MDCR_HPME | MDCR_HCCD, F_NSH);

        /* EL0 accesses under PMUSERENR_EL0 */
        reset_all();
        write_sysreg(SW_INCR, pmevtyper0_el0);
        write_sysreg(1 | CYC, pmcntenset_el0);
        write_sysreg(PMCR_E | PMCR_LC, pmcr_el0);
        isb();
        guest_call(guest_main, 2);
        reset_all();
        return 0;
}
