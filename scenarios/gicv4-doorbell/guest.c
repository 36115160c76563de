/* gicv4-doorbell guest (EL1, HCR_EL2.IMO: ICC_* names reach ICV_*): entered twice. The first
 * entry enables the virtual CPU interface (its state stays in ICH_VMCR_EL2 across the exits).
 * Each step is asked of the host by HVC: it says which vINTID to wait for in ICV_HPPIR1_EL1
 * (bounded poll) and whether to unmask IRQs for one instruction to take it, or to leave it
 * pending; STEP_DONE returns to the host. */
#include "guest.h"
#include "doorbell.h"

#define ICC_PMR_EL1     s3_0_c4_c6_0
#define ICC_IAR1_EL1    s3_0_c12_c12_0
#define ICC_EOIR1_EL1   s3_0_c12_c12_1
#define ICC_HPPIR1_EL1  s3_0_c12_c12_2
#define ICC_IGRPEN1_EL1 s3_0_c12_c12_7

struct guest_record rec;

void guest_irq(void)
{
        uint64_t iar = read_sysreg(ICC_IAR1_EL1);

        if (iar >= 1020 && iar <= 1023)
                return;
        if (rec.n < LOG_MAX)
                rec.iar[rec.n] = (uint32_t)iar;
        rec.n++;
        write_sysreg(iar, ICC_EOIR1_EL1);
        isb();
}

int guest_main(uint64_t entry)
{
        if (entry == 0) {
                write_sysreg(0xff, ICC_PMR_EL1);
                write_sysreg(1, ICC_IGRPEN1_EL1);
                isb();
                rec.pmr = read_sysreg(ICC_PMR_EL1);
                rec.igrpen1 = read_sysreg(ICC_IGRPEN1_EL1);
        }
        while (rec.steps < NSTEPS) {
                uint64_t r[8];
                unsigned s = rec.steps++;
                uint64_t want = GUEST_HVC(HVC_STEP, r, s, 0, 0, 0, 0, 0, 0, 0);
                uint64_t v = 0;

                if (want == STEP_DONE)
                        break;
                for (unsigned i = 0; i < 1000; i++) {
                        v = read_sysreg(ICC_HPPIR1_EL1);
                        if (v == want)
                                break;
                }
                rec.hppir[s] = v;
                rec.took[s] = (uint32_t)r[1];
                rec.first[s] = rec.n;
                if (r[1])
                        __asm__ volatile("msr daifclr, #2\n\tisb\n\tmsr daifset, #2" ::: "memory");
                rec.last[s] = rec.n;
        }
        rec.isr_at_exit[entry & 1] = read_sysreg(isr_el1);
        return 0;
}
