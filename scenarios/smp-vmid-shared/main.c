/*
 * smp-vmid-shared (-smp 2): one VMID and one set of stage-2 tables used by two CPUs at
 * once, then a second VMID on CPU 1 only. CPU 0 builds two stage 2s with s2mmu: VM A
 * (VMID 5) and VM B (VMID 6) map the same IPA_PAGE to different pages and IPA_RDV to one
 * rendezvous page. vCPUs run with the runtime's smp_vcpu_run (per-CPU host context and
 * current vCPU, a guest stack each; guest_call/guest_run are one guest at a time):
 *  1. VM A's vCPUs 0 and 1 on CPUs 0 and 1 at once, under the same VTTBR_EL2: each writes
 *     its slot of the page, they meet (exclusives in the rendezvous page), each reads the
 *     other's slot;
 *  2. CPU 1 switches to VM B (no TLBI: entries are tagged by VMID) while CPU 0 runs VM A
 *     again: both write slot 0 of "their" IPA_PAGE at the same time, they land in different
 *     pages, VM B reads its own page;
 *  3. CPU 1 back on VM A alone (again no TLBI): it sees what VM A's vCPU 0 wrote in 2.
 * The guests report their physical MPIDR (HVC) and MPIDR_EL1 (VMPIDR_EL2, set per vCPU).
 * CPU 0 prints once every phase is over.
 */
#include "s2mmu.h"
#include "smp.h"
#include "vmid_shared.h"

#define PA_A    0x45000000UL
#define PA_B    0x45001000UL
#define PA_RDV  0x45010000UL
#define ATTRS   (S2_S2AP_RW | S2_ATTR_NORMAL)
#define VMID_A  5
#define VMID_B  6
#define FILL_A  0xa0a0a0a0U
#define FILL_B  0xb0b0b0b0U

static struct s2mmu vm_a, vm_b;
static struct smp_vcpu a0, a1, b0;
static struct smp_vcpu *volatile cpu1_job;
static volatile uint32_t cpu1_seq, cpu1_done;
static uint32_t seq;
static uint64_t cpu1_ret;
static int failures;

static enum exc_result on_hvc(struct smp_vcpu *v, struct el2_frame *f)
{
        (void)v;
        if (ESR_EC(f->esr) != ESR_EC_HVC64 || ESR_HVC_IMM16(f->esr) != HVC_MPIDR)
                return EXC_UNHANDLED;
        f->x[0] = read_sysreg(mpidr_el1);
        return EXC_HANDLED;
}

/* CPU 1: runs the vCPUs CPU 0 hands it until it gets NULL. */
static void cpu1_main(unsigned long arg)
{
        uint32_t done = 0;

        (void)arg;
        for (;;) {
                smp_wait_ge(&cpu1_seq, done + 1);
                done = cpu1_seq;
                if (!cpu1_job)
                        return;
                cpu1_ret = (uint32_t)smp_vcpu_run(cpu1_job);   /* guest_main returns an int */
                smp_signal(&cpu1_done, done);
        }
}

static void cpu1_post(struct smp_vcpu *v)
{
        cpu1_job = v;
        smp_signal(&cpu1_seq, ++seq);
}

static void vcpu_setup(struct smp_vcpu *v, struct s2mmu *vm, unsigned slot, unsigned n, unsigned phase,
                       unsigned stack, uint64_t vmpidr)
{
        smp_vcpu_init(v, guest_main, VARG(slot, n, phase, vm->vmid), (uint64_t)vcpu_stacks[stack] + GSTACK,
                      s2mmu_vtcr(vm), s2mmu_vttbr(vm));
        v->vmpidr = vmpidr;
        v->handler = on_hvc;
}

static void expect(int ok, const char *what)
{
        if (!ok) {
                printf("  FAIL: %s\n", what);
                failures++;
        }
}

static void show_vcpu(const char *who, struct smp_vcpu *v, const volatile struct vm_page *pg, unsigned slot,
                      uint64_t ret)
{
        printf("  %s: VMID %lu, ran on cpu%u, physical MPIDR 0x%lx, MPIDR_EL1 0x%lx, wrote slot %u = 0x%08x, read slot %u = 0x%08lx\n",
               who, v->vttbr >> VTTBR_VMID_SHIFT, v->last_cpu, pg->mpidr[slot], pg->vmpidr[slot], slot, pg->slot[slot],
               slot ^ 1, ret);
}

static void show_page(const char *name, const volatile struct vm_page *pg)
{
        printf("  page %s:", name);
        for (unsigned i = 0; i < NSLOTS; i++)
                printf(" 0x%08x", pg->slot[i]);
        printf("\n");
}

int main(void)
{
        volatile struct vm_page *pa = (volatile struct vm_page *)PA_A, *pb = (volatile struct vm_page *)PA_B;
        uint64_t r;

        memset((void *)PA_A, 0, PAGE_SIZE);
        memset((void *)PA_B, 0, PAGE_SIZE);
        memset((void *)PA_RDV, 0, PAGE_SIZE);
        for (unsigned i = 0; i < NSLOTS; i++) {
                pa->slot[i] = FILL_A;
                pb->slot[i] = FILL_B;
        }
        s2mmu_init(&vm_a, VMID_A, S2MMU_GRANULE_4K, 1);
        s2mmu_map_guest_image(&vm_a, UART_PL011_BASE);
        s2mmu_map(&vm_a, IPA_PAGE, PA_A, PAGE_SIZE, ATTRS);
        s2mmu_map(&vm_a, IPA_RDV, PA_RDV, PAGE_SIZE, ATTRS);
        s2mmu_init(&vm_b, VMID_B, S2MMU_GRANULE_4K, 1);
        s2mmu_map_guest_image(&vm_b, UART_PL011_BASE);
        s2mmu_map(&vm_b, IPA_PAGE, PA_B, PAGE_SIZE, ATTRS);
        s2mmu_map(&vm_b, IPA_RDV, PA_RDV, PAGE_SIZE, ATTRS);
        /* nothing of VMIDs 5 and 6 in any TLB before the start (broadcast) */
        write_sysreg(s2mmu_vttbr(&vm_a), vttbr_el2);
        isb();
        s2mmu_flush_all(&vm_a);
        write_sysreg(s2mmu_vttbr(&vm_b), vttbr_el2);
        isb();
        s2mmu_flush_all(&vm_b);

        printf("smp-vmid-shared: VM A VMID %u VTTBR 0x%016lx, VM B VMID %u VTTBR 0x%016lx, IPA 0x%lx -> 0x%lx / 0x%lx\n",
               VMID_A, s2mmu_vttbr(&vm_a), VMID_B, s2mmu_vttbr(&vm_b), IPA_PAGE, PA_A, PA_B);
        if (smp_cpu_on(1, cpu1_main, 0) != PSCI_RET_SUCCESS) {
                printf("FAIL: CPU_ON (run with -smp 2)\n");
                return STATUS_CHECK_FAILED;
        }

        /* 1. VM A on both CPUs at once */
        vcpu_setup(&a0, &vm_a, 0, 2, 1, 0, 0x80000000UL);
        vcpu_setup(&a1, &vm_a, 1, 2, 1, 1, 0x80000001UL);
        cpu1_post(&a1);
        r = (uint32_t)smp_vcpu_run(&a0);
        smp_wait_eq(&cpu1_done, seq);
        printf("1. VM A's two vCPUs at once, one VTTBR on both CPUs:\n");
        show_vcpu("vcpu0", &a0, pa, 0, r);
        show_vcpu("vcpu1", &a1, pa, 1, cpu1_ret);
        expect(r == TAG(1, VMID_A, 1, 1) && cpu1_ret == TAG(1, VMID_A, 0, 0), "each sees the other's slot");
        expect(a0.last_cpu == 0 && a1.last_cpu == 1, "on cpu0 and cpu1");
        show_page("A", pa);
        show_page("B", pb);
        expect(pb->slot[0] == FILL_B && pb->slot[1] == FILL_B, "VM B's page untouched");

        /* 2. CPU 1 on VM B, CPU 0 on VM A, the same IPA at the same time */
        vcpu_setup(&a0, &vm_a, 0, 2, 2, 0, 0x80000000UL);
        vcpu_setup(&b0, &vm_b, 0, 2, 2, 1, 0x80000000UL);
        cpu1_post(&b0);
        r = (uint32_t)smp_vcpu_run(&a0);
        smp_wait_eq(&cpu1_done, seq);
        printf("2. cpu1 switched to VM B (no TLBI) while cpu0 runs VM A, both write slot 0 of IPA 0x%lx:\n", IPA_PAGE);
        show_vcpu("A vcpu0", &a0, pa, 0, r);
        show_vcpu("B vcpu0", &b0, pb, 0, cpu1_ret);
        expect(r == TAG(1, VMID_A, 1, 1) && cpu1_ret == FILL_B, "each VM reads its own page");
        expect(pa->slot[0] == TAG(2, VMID_A, 0, 0) && pb->slot[0] == TAG(2, VMID_B, 0, 1), "each wrote its own page");
        show_page("A", pa);
        show_page("B", pb);

        /* 3. CPU 1 back on VM A, alone */
        vcpu_setup(&a1, &vm_a, 1, 1, 3, 1, 0x80000001UL);
        cpu1_post(&a1);
        smp_wait_eq(&cpu1_done, seq);
        printf("3. cpu1 back on VM A (no TLBI), alone:\n");
        show_vcpu("A vcpu1", &a1, pa, 1, cpu1_ret);
        expect(cpu1_ret == TAG(2, VMID_A, 0, 0) && pa->slot[1] == TAG(3, VMID_A, 1, 1), "VM A's page, not VM B's");
        show_page("A", pa);
        show_page("B", pb);
        expect(pb->slot[1] == FILL_B, "VM B's page untouched");

        cpu1_post(NULL);
        smp_wait_cpu_off(1);
        regs_dump("rendezvous", REG("phase1", ((struct rdv_page *)PA_RDV)->arrived[1]),
                  REG("phase2", ((struct rdv_page *)PA_RDV)->arrived[2]),
                  REG("phase3", ((struct rdv_page *)PA_RDV)->arrived[3]), REG("exits_a0", a0.exits), NULL);
        printf("%s\n", failures ? "FAIL" : "PASS");
        return failures ? STATUS_CHECK_FAILED : STATUS_OK;
}
