/* vCPUs on several CPUs at once; see smp.h. */
#include "smp.h"
#include "vm.h"

#define ICH_AP0R0_EL2   s3_4_c12_c8_0
#define ICH_AP1R0_EL2   s3_4_c12_c9_0
#define ICH_HCR_EL2     s3_4_c12_c11_0
#define ICH_VMCR_EL2    s3_4_c12_c11_7
#define ICH_LR0_EL2     s3_4_c12_c12_0
#define ICH_LR1_EL2     s3_4_c12_c12_1
#define ICH_LR2_EL2     s3_4_c12_c12_2
#define ICH_LR3_EL2     s3_4_c12_c12_3

/* Per CPU: the vCPU it runs and the host SP smp_vcpu_enter saved. */
static struct smp_vcpu *volatile current_vcpu[SMP_MAX_CPUS];
static uint64_t host_sp[SMP_MAX_CPUS];

void smp_vcpu_init(struct smp_vcpu *v, int (*entry)(uint64_t), uint64_t arg, uint64_t sp_el1,
                   uint64_t vtcr, uint64_t vttbr)
{
        memset(v, 0, sizeof(*v));
        v->regs.elr = (uint64_t)guest_start;
        v->regs.spsr = SPSR_EL1H_MASKED;
        v->regs.x[0] = arg;
        v->regs.x[1] = (uint64_t)entry;
        v->sp_el1 = sp_el1;
        v->sctlr_el1 = SCTLR_EL1_RES1;          /* stage 1 off */
        v->vtcr = vtcr;
        v->vttbr = vttbr;
        v->hcr = HCR_EL2_VM | HCR_EL2_RW;
        v->vmpidr = read_sysreg(mpidr_el1);     /* the caller's, until the scenario sets one */
}

struct smp_vcpu *smp_vcpu_current(void)
{
        return current_vcpu[smp_cpu_id()];
}

static enum exc_result vcpu_dispatch(struct el2_frame *f)
{
        struct smp_vcpu *v = current_vcpu[smp_cpu_id()];

        if (!v)
                return EXC_UNHANDLED;
        v->exits++;
        return v->handler ? v->handler(v, f) : EXC_UNHANDLED;
}

/* The runtime's reserved HVCs (as vm.c's default): #0 exits, #0xfffe reports a guest panic. */
static enum exc_result vcpu_default(struct el2_frame *f)
{
        if (ESR_EC(f->esr) != ESR_EC_HVC64)
                return EXC_UNHANDLED;
        if (ESR_HVC_IMM16(f->esr) == HVC_GUEST_EXIT)
                return EXC_GUEST_EXIT;
        if (ESR_HVC_IMM16(f->esr) == HVC_GUEST_PANIC) {
                printf("\nGUEST EXCEPTION at EL1 on cpu%u: vector %lu, ESR_EL1=0x%016lx EC=0x%02lx (%s)\n",
                       smp_cpu_id(), f->x[3], f->x[0], ESR_EC(f->x[0]), esr_class_name(ESR_EC(f->x[0])));
                printf("  ELR_EL1=0x%016lx FAR_EL1=0x%016lx\n", f->x[1], f->x[2]);
                regs_dump_frame("guest-panic", f);
                exit_status(STATUS_UNEXPECTED_EXCEPTION);
        }
        return EXC_UNHANDLED;
}

static void vcpu_exit_hook(struct el2_frame *f)
{
        unsigned cpu = smp_cpu_id();
        struct smp_vcpu *v = current_vcpu[cpu];

        if (!v)
                unexpected_exception(f, VEC_LOWER64_SYNC);
        v->regs = *f;           /* resumes after the exiting instruction (HVC: ELR is the next one) */
        current_vcpu[cpu] = NULL;
        smp_vcpu_leave(f->x[0], host_sp[cpu]);
}

static void vcpu_load(struct smp_vcpu *v)
{
        write_sysreg(v->sp_el1, sp_el1);
        write_sysreg(v->elr_el1, elr_el1);
        write_sysreg(v->spsr_el1, spsr_el1);
        write_sysreg(v->vbar_el1, vbar_el1);
        write_sysreg(v->sctlr_el1, sctlr_el1);
        write_sysreg(v->esr_el1, esr_el1);
        write_sysreg(v->far_el1, far_el1);
        write_sysreg(v->tpidr_el1, tpidr_el1);
        write_sysreg(v->vmpidr, vmpidr_el2);
        write_sysreg(v->vtcr, vtcr_el2);
        write_sysreg(v->vttbr, vttbr_el2);
        write_sysreg(v->hcr, hcr_el2);
        if (v->gic) {
                write_sysreg(v->ich_vmcr, ICH_VMCR_EL2);
                write_sysreg(v->ich_ap0r0, ICH_AP0R0_EL2);
                write_sysreg(v->ich_ap1r0, ICH_AP1R0_EL2);
                write_sysreg(v->ich_lr[0], ICH_LR0_EL2);
                write_sysreg(v->ich_lr[1], ICH_LR1_EL2);
                write_sysreg(v->ich_lr[2], ICH_LR2_EL2);
                write_sysreg(v->ich_lr[3], ICH_LR3_EL2);
                write_sysreg(v->ich_hcr, ICH_HCR_EL2);
        }
        isb();
}

static void vcpu_put(struct smp_vcpu *v)
{
        v->sp_el1 = read_sysreg(sp_el1);
        v->elr_el1 = read_sysreg(elr_el1);
        v->spsr_el1 = read_sysreg(spsr_el1);
        v->vbar_el1 = read_sysreg(vbar_el1);
        v->sctlr_el1 = read_sysreg(sctlr_el1);
        v->esr_el1 = read_sysreg(esr_el1);
        v->far_el1 = read_sysreg(far_el1);
        v->tpidr_el1 = read_sysreg(tpidr_el1);
        if (v->gic) {
                v->ich_hcr = read_sysreg(ICH_HCR_EL2);
                v->ich_vmcr = read_sysreg(ICH_VMCR_EL2);
                v->ich_ap0r0 = read_sysreg(ICH_AP0R0_EL2);
                v->ich_ap1r0 = read_sysreg(ICH_AP1R0_EL2);
                v->ich_lr[0] = read_sysreg(ICH_LR0_EL2);
                v->ich_lr[1] = read_sysreg(ICH_LR1_EL2);
                v->ich_lr[2] = read_sysreg(ICH_LR2_EL2);
                v->ich_lr[3] = read_sysreg(ICH_LR3_EL2);
                /* off this CPU: nothing of it may be signalled here any more */
                write_sysreg(0, ICH_HCR_EL2);
                write_sysreg(0, ICH_LR0_EL2);
                write_sysreg(0, ICH_LR1_EL2);
                write_sysreg(0, ICH_LR2_EL2);
                write_sysreg(0, ICH_LR3_EL2);
                write_sysreg(0, ICH_AP0R0_EL2);
                write_sysreg(0, ICH_AP1R0_EL2);
        }
        isb();
}

uint64_t smp_vcpu_run(struct smp_vcpu *v)
{
        unsigned cpu = smp_cpu_id();
        uint64_t host_hcr = read_sysreg(hcr_el2), ret;

        /* The same values from every CPU: the hooks are one set for the board. */
        el2_lower_sync_default = vcpu_default;
        el2_guest_exit_hook = vcpu_exit_hook;
        el2_set_lower_sync_handler(vcpu_dispatch);
        v->last_cpu = cpu;
        vcpu_load(v);
        current_vcpu[cpu] = v;
        ret = smp_vcpu_enter(&v->regs, &host_sp[cpu]);
        vcpu_put(v);
        write_sysreg(host_hcr, hcr_el2);
        isb();
        return ret;
}
