/* gicv4-vmovp guest (EL1, HCR_EL2.IMO: the ICC_* names reach ICV_*): enables its virtual CPU
 * interface, takes the vLPI of step 0 on the CPU it starts on, is migrated at an HVC, and
 * takes the vLPIs of steps 1 and 2 on the other CPU. Each step: HVC (the host prepares it
 * and says which vINTID to expect), a bounded poll of ICV_HPPIR1_EL1, IRQs unmasked for one
 * instruction. */
#include "guest.h"
#include "vmovp.h"

#define ICC_PMR_EL1     s3_0_c4_c6_0
#define ICC_IAR1_EL1    s3_0_c12_c12_0
#define ICC_EOIR1_EL1   s3_0_c12_c12_1
#define ICC_HPPIR1_EL1  s3_0_c12_c12_2
#define ICC_IGRPEN1_EL1 s3_0_c12_c12_7
#define ICC_RPR_EL1     s3_0_c12_c11_3

struct guest_record rec;
char vcpu_stack[4096] __attribute__((aligned(16)));

void guest_irq(void)
{
        uint64_t iar = read_sysreg(ICC_IAR1_EL1);

        if (iar >= 1020 && iar <= 1023)
                return;
        if (rec.n < LOG_MAX) {
                rec.iar[rec.n] = (uint32_t)iar;
                rec.iar_mpidr[rec.n] = GUEST_HVC(HVC_MPIDR, NULL, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        rec.n++;
        write_sysreg(iar, ICC_EOIR1_EL1);
        isb();
}

static void step(unsigned s)
{
        uint64_t want, v = 0;

        rec.phys_mpidr[s] = GUEST_HVC(HVC_MPIDR, NULL, 0, 0, 0, 0, 0, 0, 0, 0);
        want = GUEST_HVC(HVC_STEP, NULL, s, 0, 0, 0, 0, 0, 0, 0);
        for (unsigned i = 0; i < 1000; i++) {
                v = read_sysreg(ICC_HPPIR1_EL1);
                if (v == want)
                        break;
        }
        rec.hppir[s] = v;
        rec.first[s] = rec.n;
        __asm__ volatile("msr daifclr, #2\n\tisb\n\tmsr daifset, #2" ::: "memory");
        rec.last[s] = rec.n;
}

int guest_main(uint64_t arg)
{
        (void)arg;
        write_sysreg(0xff, ICC_PMR_EL1);
        write_sysreg(1, ICC_IGRPEN1_EL1);
        isb();
        rec.pmr = read_sysreg(ICC_PMR_EL1);
        rec.igrpen1 = read_sysreg(ICC_IGRPEN1_EL1);
        step(0);
        GUEST_HVC(HVC_MIGRATE, NULL, 0, 0, 0, 0, 0, 0, 0, 0);
        step(1);
        step(2);
        rec.rpr_end = read_sysreg(ICC_RPR_EL1);
        rec.hppir_end = read_sysreg(ICC_HPPIR1_EL1);
        return (int)rec.n;
}
