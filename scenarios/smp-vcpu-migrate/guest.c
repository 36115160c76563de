/* smp-vcpu-migrate guest (EL1, stage 1 off, IRQs masked until it unmasks them): looks at
 * its virtual CPU interface, is migrated at an HVC, then takes the pending virtual IRQ. */
#include "guest.h"
#include "migrate.h"

#define ICC_PMR_EL1     s3_0_c4_c6_0
#define ICC_IAR1_EL1    s3_0_c12_c12_0
#define ICC_EOIR1_EL1   s3_0_c12_c12_1
#define ICC_HPPIR1_EL1  s3_0_c12_c12_2
#define ICC_CTLR_EL1    s3_0_c12_c12_4
#define ICC_SRE_EL1     s3_0_c12_c12_5
#define ICC_IGRPEN1_EL1 s3_0_c12_c12_7
#define ICC_RPR_EL1     s3_0_c12_c11_3

struct guest_record rec;
char vcpu_stack[4096] __attribute__((aligned(16)));

static void look(struct view *v)
{
        v->phys_mpidr = GUEST_HVC(HVC_MPIDR, NULL, 0, 0, 0, 0, 0, 0, 0, 0);
        v->mpidr_el1 = read_sysreg(mpidr_el1);
        v->isr_el1 = read_sysreg(isr_el1);
        v->hppir1 = read_sysreg(ICC_HPPIR1_EL1);
        v->rpr = read_sysreg(ICC_RPR_EL1);
}

/* The IRQ vector's hook (guest_start.S): the ICC_* names reach the ICV_* registers. */
void guest_irq(void)
{
        uint64_t iar = read_sysreg(ICC_IAR1_EL1);

        rec.iar = iar;
        rec.irq_rpr = read_sysreg(ICC_RPR_EL1);
        rec.irq_hppir = read_sysreg(ICC_HPPIR1_EL1);
        rec.irq_phys_mpidr = GUEST_HVC(HVC_MPIDR, NULL, 0, 0, 0, 0, 0, 0, 0, 0);
        rec.irq_count++;
        write_sysreg(iar, ICC_EOIR1_EL1);
}

int guest_main(uint64_t arg)
{
        (void)arg;
        rec.sre_el1 = read_sysreg(ICC_SRE_EL1);
        rec.pmr = read_sysreg(ICC_PMR_EL1);
        rec.igrpen1 = read_sysreg(ICC_IGRPEN1_EL1);
        rec.ctlr = read_sysreg(ICC_CTLR_EL1);
        look(&rec.v[0]);
        rec.regs_lost = guest_migrate_point(SEED, &rec.nzcv_after);
        look(&rec.v[1]);
        __asm__ volatile("msr daifclr, #2\n\tisb\n\tmsr daifset, #2" ::: "memory");
        look(&rec.v[2]);
        return (int)rec.irq_count;
}
