/*
 * smp-vcpu-migrate (-smp 2): a vCPU moves from CPU 0 to CPU 1 with a pending virtual
 * interrupt. The vCPU (runtime smp_vcpu: x0-x30, ELR/SPSR, its EL1 registers, VMPIDR_EL2,
 * HCR_EL2 with IMO, and the GICv3 virtual CPU interface: ICH_LR0_EL2 holding vINTID 42
 * pending, group 1, priority 0xa0; ICH_HCR_EL2.En; ICH_VMCR_EL2 VENG1 and VPMR 0xff) starts
 * on CPU 0 with IRQs masked. The guest reads its CPU interface (ICV_* through the ICC_*
 * names, ISR_EL1), fills x1-x28 and NZCV and exits by HVC #2. CPU 0 saves the context
 * (smp_vcpu_run takes the GIC state off the CPU) and CPU 1 restores and resumes it: the
 * guest checks its registers, looks again, unmasks IRQs and takes the virtual IRQ on CPU 1
 * (ICV_IAR1_EL1 = 42, EOI), and reports on which physical CPU (HVC returning MPIDR_EL1).
 * Printed by CPU 0 at the end: the guest's views, the saved contexts and each CPU's ICH_*
 * state at the points where it is deterministic, and ISR_EL1 as the hypervisor reads it at EL2
 * (physical interrupts only, although HCR_EL2.IMO is set and a vIRQ is pending).
 */
#include "s2mmu.h"
#include "smp.h"
#include "migrate.h"

#define VMID            7
#define ICH_HCR_EL2     s3_4_c12_c11_0
#define ICH_VTR_EL2     s3_4_c12_c11_1
#define ICH_MISR_EL2    s3_4_c12_c11_2
#define ICH_EISR_EL2    s3_4_c12_c11_3
#define ICH_ELRSR_EL2   s3_4_c12_c11_5
#define ICH_VMCR_EL2    s3_4_c12_c11_7
#define ICH_LR0_EL2     s3_4_c12_c12_0
#define ICH_AP1R0_EL2   s3_4_c12_c9_0

#define LR_PENDING      (1UL << 62)
#define LR_GROUP1       (1UL << 60)
#define LR_PRIORITY(p)  ((uint64_t)(p) << 48)
#define VMCR_VENG1      (1UL << 1)
#define VMCR_VPMR(p)    ((uint64_t)(p) << 24)

struct ich_state {
        uint64_t hcr, vmcr, lr0, ap1r0, elrsr, eisr, misr;
};

static struct s2mmu vm;
static struct smp_vcpu vcpu;
static struct smp_vcpu saved;                   /* the context as CPU 0 saved it */
static struct ich_state cpu0_after_put, cpu1_before, cpu1_at_exit, cpu1_after_put;
static volatile uint32_t cpu1_go, cpu1_done;
static uint64_t cpu0_ret, cpu1_ret, vtr[2];
static int failures;
static uint64_t el2_isr[8];                     /* ISR_EL1 read at EL2 at each HVC_MPIDR exit */
static unsigned el2_isr_n;

static void ich_read(struct ich_state *s)
{
        s->hcr = read_sysreg(ICH_HCR_EL2);
        s->vmcr = read_sysreg(ICH_VMCR_EL2);
        s->lr0 = read_sysreg(ICH_LR0_EL2);
        s->ap1r0 = read_sysreg(ICH_AP1R0_EL2);
        s->elrsr = read_sysreg(ICH_ELRSR_EL2);
        s->eisr = read_sysreg(ICH_EISR_EL2);
        s->misr = read_sysreg(ICH_MISR_EL2);
}

static void ich_dump(const char *label, const struct ich_state *s)
{
        regs_dump(label, REG("ich_hcr_el2", s->hcr), REG("ich_vmcr_el2", s->vmcr), REG("ich_lr0_el2", s->lr0),
                  REG("ich_ap1r0_el2", s->ap1r0), REG("ich_elrsr_el2", s->elrsr), REG("ich_eisr_el2", s->eisr),
                  REG("ich_misr_el2", s->misr), NULL);
}

static enum exc_result on_exit(struct smp_vcpu *v, struct el2_frame *f)
{
        (void)v;
        if (ESR_EC(f->esr) != ESR_EC_HVC64)
                return EXC_UNHANDLED;
        switch (ESR_HVC_IMM16(f->esr)) {
        case HVC_MPIDR:
                /* at EL2 ISR_EL1 shows physical interrupts only, even with IMO and a vIRQ pending */
                if (el2_isr_n < ARRAY_SIZE(el2_isr))
                        el2_isr[el2_isr_n] = read_sysreg(isr_el1);
                el2_isr_n++;
                f->x[0] = read_sysreg(mpidr_el1);
                return EXC_HANDLED;
        case HVC_MIGRATE:
                return EXC_GUEST_EXIT;          /* saved by smp_vcpu_run, resumable */
        case HVC_GUEST_EXIT:
                if (smp_cpu_id() == 1)
                        ich_read(&cpu1_at_exit);        /* the list register after the EOI */
                return EXC_GUEST_EXIT;
        }
        return EXC_UNHANDLED;
}

static void cpu1_main(unsigned long arg)
{
        (void)arg;
        smp_wait_eq(&cpu1_go, 1);
        vtr[1] = read_sysreg(ICH_VTR_EL2);
        ich_read(&cpu1_before);
        cpu1_ret = smp_vcpu_run(&vcpu);
        ich_read(&cpu1_after_put);
        smp_signal(&cpu1_done, 1);
}

static void expect(int ok, const char *what)
{
        if (!ok) {
                printf("  FAIL: %s\n", what);
                failures++;
        }
}

static void show_view(const char *when, const struct view *v)
{
        printf("  %s: physical MPIDR 0x%lx, MPIDR_EL1 0x%lx, ISR_EL1 0x%lx, ICV_HPPIR1_EL1 %lu, ICV_RPR_EL1 0x%lx\n",
               when, v->phys_mpidr, v->mpidr_el1, v->isr_el1, v->hppir1, v->rpr);
}

static void dump_vcpu(const char *label, const struct smp_vcpu *v)
{
        regs_dump(label, REG("elr", v->regs.elr), REG("spsr", v->regs.spsr), REG("esr", v->regs.esr),
                  REG("x0", v->regs.x[0]), REG("x1", v->regs.x[1]), REG("x9", v->regs.x[9]),
                  REG("x28", v->regs.x[28]), REG("sp_el1", v->sp_el1 - (uint64_t)vcpu_stack),
                  REG("vbar_el1", v->vbar_el1), REG("vmpidr_el2", v->vmpidr), REG("hcr_el2", v->hcr),
                  REG("ich_hcr_el2", v->ich_hcr), REG("ich_vmcr_el2", v->ich_vmcr), REG("ich_lr0_el2", v->ich_lr[0]),
                  REG("ich_ap1r0_el2", v->ich_ap1r0), REG("exits", v->exits), NULL);
}

int main(void)
{
        const uint64_t lr = LR_PENDING | LR_GROUP1 | LR_PRIORITY(0xa0) | VINTID;

        s2mmu_init(&vm, VMID, S2MMU_GRANULE_4K, 1);
        s2mmu_map_guest_image(&vm, UART_PL011_BASE);
        write_sysreg(s2mmu_vttbr(&vm), vttbr_el2);
        isb();
        s2mmu_flush_all(&vm);

        smp_vcpu_init(&vcpu, guest_main, 0, (uint64_t)vcpu_stack + sizeof(vcpu_stack), s2mmu_vtcr(&vm),
                      s2mmu_vttbr(&vm));
        vcpu.handler = on_exit;
        vcpu.vmpidr = 0x80000000UL;                     /* vCPU 0 wherever it runs */
        vcpu.hcr |= HCR_EL2_IMO;                        /* virtual IRQs, ICV_* at EL1 */
        vcpu.gic = 1;
        vcpu.ich_hcr = 1;                               /* En */
        vcpu.ich_vmcr = VMCR_VENG1 | VMCR_VPMR(0xff);
        vcpu.ich_lr[0] = lr;

        vtr[0] = read_sysreg(ICH_VTR_EL2);
        printf("smp-vcpu-migrate: VMID %u, ICH_LR0_EL2 0x%016lx (vINTID %u pending, group 1, priority 0xa0)\n", VMID,
               lr, VINTID);
        if (smp_cpu_on(1, cpu1_main, 0) != PSCI_RET_SUCCESS) {
                printf("FAIL: CPU_ON (run with -smp 2)\n");
                return STATUS_CHECK_FAILED;
        }

        /* on CPU 0 until the guest's HVC #2 */
        cpu0_ret = smp_vcpu_run(&vcpu);
        ich_read(&cpu0_after_put);
        saved = vcpu;

        /* resumed on CPU 1 */
        smp_signal(&cpu1_go, 1);
        smp_wait_eq(&cpu1_done, 1);
        smp_wait_cpu_off(1);

        printf("guest's CPU interface: ICC_SRE_EL1 0x%lx, ICV_PMR_EL1 0x%lx, ICV_IGRPEN1_EL1 %lu, ICV_CTLR_EL1 0x%lx\n",
               rec.sre_el1, rec.pmr, rec.igrpen1, rec.ctlr);
        show_view("before (cpu0)", &rec.v[0]);
        show_view("migrated (cpu1)", &rec.v[1]);
        printf("  x1-x28 across the migration: %s (mask 0x%lx), NZCV after 0x%lx\n",
               rec.regs_lost ? "CHANGED" : "kept", rec.regs_lost, rec.nzcv_after);
        printf("  IRQ taken %lu time(s): ICV_IAR1_EL1 = %lu on physical MPIDR 0x%lx, ICV_RPR_EL1 0x%lx, ICV_HPPIR1_EL1 then %lu\n",
               rec.irq_count, rec.iar, rec.irq_phys_mpidr, rec.irq_rpr, rec.irq_hppir);
        show_view("after EOI (cpu1)", &rec.v[2]);
        printf("ISR_EL1 read by the hypervisor (EL2) at the %u MPIDR calls:", el2_isr_n);
        for (unsigned i = 0; i < el2_isr_n && i < ARRAY_SIZE(el2_isr); i++)
                printf(" 0x%lx", el2_isr[i]);
        printf("\n");
        printf("vCPU exits: cpu0 returned x0 0x%lx (HVC #2), cpu1 returned %lu (HVC #0)\n", cpu0_ret, cpu1_ret);
        expect(rec.v[0].phys_mpidr == 0x80000000UL && rec.v[1].phys_mpidr == 0x80000001UL, "cpu0, then cpu1");
        expect(rec.v[0].mpidr_el1 == 0x80000000UL && rec.v[1].mpidr_el1 == 0x80000000UL, "the same virtual MPIDR");
        expect(rec.v[0].hppir1 == VINTID && rec.v[1].hppir1 == VINTID, "pending before and after the migration");
        expect(!rec.regs_lost && rec.nzcv_after == 0xa0000000UL, "registers and flags kept");
        expect(rec.irq_count == 1 && rec.iar == VINTID && rec.irq_phys_mpidr == 0x80000001UL, "vINTID 42 acknowledged on cpu1");
        expect(el2_isr_n == 4 && !(el2_isr[0] | el2_isr[1] | el2_isr[2] | el2_isr[3]), "no physical IRQ seen at EL2");
        expect(rec.v[2].hppir1 == 1023 && cpu0_after_put.lr0 == 0 && cpu1_after_put.lr0 == 0, "nothing left pending");

        regs_dump("ich_vtr", REG("cpu0", vtr[0]), REG("cpu1", vtr[1]), NULL);
        dump_vcpu("vcpu-saved-on-cpu0", &saved);
        ich_dump("cpu0-ich-after-save", &cpu0_after_put);
        ich_dump("cpu1-ich-before-restore", &cpu1_before);
        ich_dump("cpu1-ich-at-guest-exit", &cpu1_at_exit);
        dump_vcpu("vcpu-saved-on-cpu1", &vcpu);
        printf("%s\n", failures ? "FAIL" : "PASS");
        return failures ? STATUS_CHECK_FAILED : STATUS_OK;
}
