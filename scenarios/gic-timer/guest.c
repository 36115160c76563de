/* gic-timer guest: arms its virtual timer with its output masked (CNTV_CTL.IMASK), polls until
 * it has fired, then unmasks the output: the physical interrupt reaches EL2 right after that
 * MSR on both sides, however fast each runs. The host injects it back; the guest takes the
 * virtual interrupt, acknowledges and ends it through ICV_*. */
#include "guest.h"
#include "gic.h"

static volatile uint64_t irqs, last_intid, rpr_in_handler;

/* The runtime's IRQ hook (guest_start.S). */
void guest_irq(void)
{
        uint64_t intid = read_sysreg(ICC_IAR1_EL1);     /* ICV_IAR1_EL1: HCR_EL2.IMO = 1 */

        rpr_in_handler = read_sysreg(ICC_RPR_EL1);
        last_intid = intid;
        if (intid == PPI_VIRT_TIMER)
                write_sysreg(0, cntv_ctl_el0);          /* quiesce the source before EOI */
        write_sysreg(intid, ICC_EOIR1_EL1);             /* ICV_EOIR1: drop + deactivate (HW: physical too) */
        irqs++;
}

int guest_main(uint64_t arg)
{
        (void)arg;
        write_sysreg(0xff, ICC_PMR_EL1);                /* ICV_PMR_EL1 */
        write_sysreg(1, ICC_IGRPEN1_EL1);               /* ICV_IGRPEN1_EL1 */
        isb();
        write_sysreg(TIMER_TICKS, cntv_tval_el0);
        write_sysreg(3, cntv_ctl_el0);                  /* enabled, output masked */
        isb();
        while (!(read_sysreg(cntv_ctl_el0) & 4))        /* ISTATUS */
                ;
        __asm__ volatile("msr daifclr, #2" ::: "memory");
        write_sysreg(1, cntv_ctl_el0);                  /* output unmasked: PPI 27 asserted now */
        isb();
        while (irqs == 0)
                __asm__ volatile("wfi" ::: "memory");
        __asm__ volatile("msr daifset, #2" ::: "memory");
        GUEST_HVC(HVC_GUEST_REPORT, NULL, irqs, last_intid, rpr_in_handler, read_sysreg(ICC_RPR_EL1),
                  read_sysreg(cntv_ctl_el0), 0, 0, 0);
        return 0;
}
