/*
 * gic-timer: GICv3 and the generic timer, as a hypervisor uses them (GIC architecture spec
 * IHI 0069; Arm ARM D11). Deterministic on any host: every interrupt is waited for with WFI
 * with the interrupt masked or from a guest in WFI, so where it is taken never depends on
 * how fast either side runs.
 *  1. the GIC's identification and reset values (GICD/GICR, ICC_*, ICH_VTR_EL2);
 *  2. EL2 physical timer (PPI 26): armed with IRQs masked, WFI until ISTATUS, unmasked, taken
 *     at EL2 (HCR_EL2.IMO), acknowledged (ICC_IAR1) and ended (ICC_EOIR1);
 *  3. an SGI to self (ICC_SGI1R_EL1) and an SPI made pending through GICD_ISPENDR;
 *  4. a guest at EL1 arms its virtual timer (PPI 27), masked until it has fired; the physical interrupt
 *     exits to EL2, which drops its priority only (ICC_CTLR_EL1.EOImode = 1), masks nothing,
 *     and injects it with ICH_LR0_EL2 (vINTID = pINTID = 27, HW, group 1); the guest takes a
 *     virtual IRQ, acknowledges it through ICV_IAR1 and ends it through ICV_EOIR1, which also
 *     deactivates the physical interrupt (HW); the host then sees the LR empty.
 */
#include "vm.h"
#include "gic.h"

int guest_main(uint64_t arg);   /* guest.c */

static unsigned host_irqs;
static uint64_t last_iar;
static int failures;

static void gic_init(void)
{
        R32(GICD + 0x0) = 0x2 | 0x10;                   /* GICD_CTLR: EnableGrp1, ARE */
        R32(GICR + 0x14) &= ~0x2U;                      /* GICR_WAKER.ProcessorSleep = 0 */
        while (R32(GICR + 0x14) & 0x4)
                ;                                       /* ChildrenAsleep */
        R32(GICR_SGI + 0x80) = 0xffffffff;              /* SGIs/PPIs group 1 */
        for (unsigned i = 0; i < 32; i += 4)
                R32(GICR_SGI + 0x400 + i) = 0xa0a0a0a0; /* priority 0xa0 */
        R32(GICD + 0x80 + 4) = 0xffffffff;              /* SPIs 32-63 group 1 */
        for (unsigned i = 32; i < 64; i += 4)
                R32(GICD + 0x400 + i) = 0x90909090;
        write_sysreg(0xff, ICC_PMR_EL1);
        write_sysreg(1, ICC_IGRPEN1_EL1);
        isb();
}

static void enable_irq(unsigned intid)
{
        if (intid < 32)
                R32(GICR_SGI + 0x100) = 1U << intid;    /* GICR_ISENABLER0 */
        else
                R32(GICD + 0x100 + (intid / 32) * 4) = 1U << (intid % 32);
}

static enum exc_result on_irq(struct el2_frame *f)
{
        uint64_t iar = read_sysreg(ICC_IAR1_EL1);

        (void)f;
        host_irqs++;
        last_iar = iar;
        printf("host IRQ %u: INTID %lu, RPR 0x%lx, AP1R0 0x%lx\n", host_irqs, iar, read_sysreg(ICC_RPR_EL1),
               read_sysreg(ICC_AP1R0_EL1));
        if (iar == PPI_HYP_TIMER)
                write_sysreg(0, CNTHP_CTL_EL2);
        if (iar == PPI_VIRT_TIMER) {
                /* Priority drop only (EOImode = 1): the guest's EOI deactivates it through the LR. */
                write_sysreg(iar, ICC_EOIR1_EL1);
                write_sysreg(LR_STATE_PENDING | LR_HW | LR_GROUP1 | LR_PRIORITY(0xa0) | LR_PINTID(iar) | iar, ICH_LR0_EL2);
                isb();
                return EXC_HANDLED;
        }
        write_sysreg(iar, ICC_EOIR1_EL1);
        if (read_sysreg(ICC_CTLR_EL1) & 2)
                write_sysreg(iar, ICC_DIR_EL1);
        return EXC_HANDLED;
}

/* Unmasks IRQs for one instruction: every pending interrupt is taken there, in priority order. */
static void wait_and_take(const char *what, unsigned n, unsigned expect_last)
{
        unsigned before = host_irqs;

        printf("%s: HPPIR1 %lu, RPR 0x%lx\n", what, read_sysreg(ICC_HPPIR1_EL1), read_sysreg(ICC_RPR_EL1));
        __asm__ volatile("msr daifclr, #2\n\tisb\n\tmsr daifset, #2" ::: "memory");
        if (host_irqs != before + n || last_iar != expect_last) {
                printf("  expected %u IRQ(s), the last with INTID %u\n", n, expect_last);
                failures++;
        }
}

static enum exc_result on_lower_sync(struct el2_frame *f)
{
        if (ESR_EC(f->esr) == ESR_EC_HVC64 && ESR_HVC_IMM16(f->esr) == HVC_GUEST_REPORT) {
                regs_dump("guest", REG("irqs", f->x[0]), REG("intid", f->x[1]), REG("rpr_in_handler", f->x[2]),
                          REG("rpr_after", f->x[3]), REG("cntv_ctl", f->x[4]), NULL);
                if (f->x[0] != 1 || f->x[1] != PPI_VIRT_TIMER)
                        failures++;
                return EXC_HANDLED;
        }
        return EXC_UNHANDLED;
}

int main(void)
{
        uint64_t hcr;

        regs_dump("gic-id",
                  REG("gicd_ctlr", R32(GICD + 0)), REG("gicd_typer", R32(GICD + 4)), REG("gicd_iidr", R32(GICD + 8)),
                  REG("gicd_pidr2", R32(GICD + 0xffe8)), REG("gicr_ctlr", R32(GICR + 0)), REG("gicr_iidr", R32(GICR + 4)),
                  REG("gicr_typer", R64(GICR + 8)), REG("gicr_waker", R32(GICR + 0x14)),
                  REG("gicr_icfgr0", R32(GICR_SGI + 0xc00)), REG("gicr_icfgr1", R32(GICR_SGI + 0xc04)), NULL);
        regs_dump("icc-reset",
                  REG("icc_sre_el2", read_sysreg(ICC_SRE_EL2)), REG("icc_sre_el1", read_sysreg(ICC_SRE_EL1)),
                  REG("icc_ctlr_el1", read_sysreg(ICC_CTLR_EL1)), REG("icc_pmr_el1", read_sysreg(ICC_PMR_EL1)),
                  REG("icc_bpr1_el1", read_sysreg(ICC_BPR1_EL1)), REG("icc_rpr_el1", read_sysreg(ICC_RPR_EL1)),
                  REG("icc_hppir1_el1", read_sysreg(ICC_HPPIR1_EL1)), REG("ich_vtr_el2", read_sysreg(ICH_VTR_EL2)),
                  REG("ich_vmcr_el2", read_sysreg(ICH_VMCR_EL2)), REG("ich_elrsr_el2", read_sysreg(ICH_ELRSR_EL2)),
                  REG("cntfrq_el0", read_sysreg(cntfrq_el0)), REG("cnthctl_el2", read_sysreg(cnthctl_el2)), NULL);

        el2_set_irq_handler(on_irq);
        el2_set_lower_sync_handler(on_lower_sync);
        gic_init();
        hcr = read_sysreg(hcr_el2);
        write_sysreg(hcr | HCR_EL2_IMO, hcr_el2);       /* physical IRQs to EL2 */
        isb();

        /* 2. EL2 physical timer */
        enable_irq(PPI_HYP_TIMER);
        write_sysreg(TIMER_TICKS, CNTHP_TVAL_EL2);
        write_sysreg(1, CNTHP_CTL_EL2);
        isb();
        while (!(read_sysreg(CNTHP_CTL_EL2) & 4))
                __asm__ volatile("wfi" ::: "memory");
        printf("CNTHP: ISTATUS set, CTL 0x%lx, GICR_ISPENDR0 0x%x\n", read_sysreg(CNTHP_CTL_EL2), R32(GICR_SGI + 0x200));
        wait_and_take("EL2 physical timer", 1, PPI_HYP_TIMER);

        /* 3. SGI to self, SPI through GICD_ISPENDR */
        enable_irq(SGI_TEST);
        write_sysreg((uint64_t)SGI_TEST << 24 | 1, ICC_SGI1R_EL1);
        isb();
        wait_and_take("SGI", 1, SGI_TEST);
        enable_irq(SPI_TEST);
        R32(GICD + 0x200 + (SPI_TEST / 32) * 4) = 1U << (SPI_TEST % 32);
        isb();
        wait_and_take("SPI", 1, SPI_TEST);
        /* priority order: both pending, the higher priority (lower value, SPI 0x90) first */
        R32(GICR_SGI + 0x200) = 1U << SGI_TEST;
        R32(GICD + 0x200 + (SPI_TEST / 32) * 4) = 1U << (SPI_TEST % 32);
        isb();
        wait_and_take("SGI + SPI pending (SPI 0x90 first, then SGI 0xa0)", 2, SGI_TEST);

        /* 4. inject the guest's virtual timer */
        enable_irq(PPI_VIRT_TIMER);
        write_sysreg(read_sysreg(ICC_CTLR_EL1) | 2, ICC_CTLR_EL1);   /* EOImode: EOIR drops priority only */
        write_sysreg(1, ICH_HCR_EL2);                                /* En */
        isb();
        s2_init();
        vm_map_guest_image();
        s2_enable(1);
        write_sysreg(read_sysreg(hcr_el2) | HCR_EL2_IMO, hcr_el2);
        write_sysreg(0, cntvoff_el2);
        isb();
        guest_call(guest_main, 0);
        regs_dump("after-guest", REG("ich_elrsr_el2", read_sysreg(ICH_ELRSR_EL2)), REG("ich_lr0_el2", read_sysreg(ICH_LR0_EL2)),
                  REG("ich_eisr_el2", read_sysreg(ICH_EISR_EL2)), REG("icc_rpr_el1", read_sysreg(ICC_RPR_EL1)),
                  REG("gicr_isactiver0", R32(GICR_SGI + 0x300)), REG("gicr_ispendr0", R32(GICR_SGI + 0x200)), NULL);
        if (read_sysreg(ICH_ELRSR_EL2) != 0xf || (R32(GICR_SGI + 0x300) & (1U << PPI_VIRT_TIMER)))
                failures++;
        printf("%u host IRQs\n%s\n", host_irqs, failures ? "FAIL" : "PASS");
        return failures ? STATUS_CHECK_FAILED : STATUS_OK;
}
