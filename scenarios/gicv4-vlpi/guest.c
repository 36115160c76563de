/* gicv4-vlpi guest (EL1, stage 1 off, HCR_EL2.IMO = 1: the ICC_* names reach ICV_*). It
 * enables its virtual CPU interface, then for each step asks the host (HVC) to prepare it,
 * polls ICV_HPPIR1_EL1 for the vLPI the host said to expect (bounded) and unmasks IRQs for
 * one instruction: the vLPIs are taken here, acknowledged through ICV_IAR1_EL1 and ended
 * through ICV_EOIR1_EL1, with no exit to the hypervisor. */
#include "guest.h"
#include "vlpi.h"

#define ICC_PMR_EL1     s3_0_c4_c6_0
#define ICC_IAR1_EL1    s3_0_c12_c12_0
#define ICC_EOIR1_EL1   s3_0_c12_c12_1
#define ICC_HPPIR1_EL1  s3_0_c12_c12_2
#define ICC_CTLR_EL1    s3_0_c12_c12_4
#define ICC_SRE_EL1     s3_0_c12_c12_5
#define ICC_IGRPEN1_EL1 s3_0_c12_c12_7
#define ICC_RPR_EL1     s3_0_c12_c11_3

struct guest_record rec;

void guest_irq(void)
{
        uint64_t iar = read_sysreg(ICC_IAR1_EL1);

        if (iar >= 1020 && iar <= 1023)
                return;
        if (rec.n < LOG_MAX) {
                rec.iar[rec.n] = (uint32_t)iar;
                rec.rpr_in_handler[rec.n] = read_sysreg(ICC_RPR_EL1);
        }
        rec.n++;
        write_sysreg(iar, ICC_EOIR1_EL1);
        isb();
}

int guest_main(uint64_t arg)
{
        (void)arg;
        rec.sre_el1 = read_sysreg(ICC_SRE_EL1);
        rec.ctlr = read_sysreg(ICC_CTLR_EL1);
        rec.pmr_reset = read_sysreg(ICC_PMR_EL1);
        rec.igrpen1_reset = read_sysreg(ICC_IGRPEN1_EL1);
        write_sysreg(0xff, ICC_PMR_EL1);
        write_sysreg(1, ICC_IGRPEN1_EL1);
        isb();
        rec.pmr = read_sysreg(ICC_PMR_EL1);
        rec.igrpen1 = read_sysreg(ICC_IGRPEN1_EL1);
        for (unsigned step = 0; step < NSTEPS; step++) {
                uint64_t want = GUEST_HVC(HVC_STEP, NULL, step, 0, 0, 0, 0, 0, 0, 0);
                uint64_t v = 0;

                for (unsigned i = 0; i < 1000; i++) {
                        v = read_sysreg(ICC_HPPIR1_EL1);
                        if (v == want)
                                break;
                }
                rec.hppir[step] = v;
                rec.first[step] = rec.n;
                __asm__ volatile("msr daifclr, #2\n\tisb\n\tmsr daifset, #2" ::: "memory");
                rec.last[step] = rec.n;
        }
        rec.rpr_end = read_sysreg(ICC_RPR_EL1);
        rec.hppir_end = read_sysreg(ICC_HPPIR1_EL1);
        rec.isr_end = read_sysreg(isr_el1);
        return 0;
}
