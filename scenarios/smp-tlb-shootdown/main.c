/*
 * smp-tlb-shootdown (-smp 2): a stage-2 TLB shootdown. CPU 0 builds one stage 2 (VMID 1,
 * guest_fw/s2mmu) and CPU 1 runs the guest on it (guest_run on CPU 1 installs VTCR/VTTBR/
 * HCR_EL2 there). The guest reads its pages and records what it sees in guest memory
 * (`shared`, identity-mapped, which the host reads directly); CPU 0 changes the tables:
 *  A. the guest has IPA_A's translation cached and waits; CPU 0 remaps IPA_A to another
 *     page with break-before-make: invalid descriptor, DSB ISH, TLBI IPAS2E1IS, DSB ISH,
 *     TLBI VMALLE1IS, DSB ISH, the new descriptor; then signals and the guest reads again;
 *  B. the same for IPA_B while the guest reads it in a loop (it may fault in the break
 *     window: CPU 1's hypervisor then waits for the new descriptor and replays the load);
 *     the guest stops after one read that follows the signal; only the distinct values in
 *     the order seen are printed (how many reads, and whether one faulted, depend on timing);
 *  C. s2mmu_unmap (break + TLBI VMALLS12E1IS) from CPU 0; the guest's next read faults on
 *     CPU 1, whose hypervisor maps another page there and replays.
 * A TLBI by IPA or VMID acts on the VMID in the issuing CPU's VTTBR_EL2: CPU 0, which runs
 * no guest, installs the guest's VTTBR before its TLBIs. Only CPU 0 prints, at the end.
 */
#include "guest_fw.h"
#include "smp.h"
#include "shootdown.h"

#define PA_A1   0x45000000UL
#define PA_A2   0x45001000UL
#define PA_B1   0x45002000UL
#define PA_B2   0x45003000UL
#define PA_C    0x45004000UL
#define ATTRS   (S2_S2AP_RW | S2_ATTR_NORMAL)
#define W32(a)  (*(volatile uint32_t *)(a))

static struct guest *g;
static volatile uint32_t made;          /* host -> CPU 1's hypervisor: phase B's new descriptor is in */
static volatile uint32_t cpu1_done;
static uint64_t guest_status;
static struct el2_frame c_fault;        /* phase C's abort, as CPU 1 took it */
static unsigned c_faults, other_faults;

static enum exc_result on_hvc(struct guest *gg, struct el2_frame *f)
{
        (void)gg;
        if (ESR_HVC_IMM16(f->esr) != HVC_MPIDR)
                return EXC_UNHANDLED;
        f->x[0] = read_sysreg(mpidr_el1);
        return EXC_HANDLED;
}

/* CPU 1: a stage-2 abort of the guest. */
static enum exc_result on_abort(struct guest *gg, struct el2_frame *f)
{
        uint64_t ipa = HPFAR_TO_IPA(f->hpfar);

        if ((ESR_xFSC(f->esr) & 0x3c) != FSC_TRANSLATION(0))
                return EXC_UNHANDLED;
        if (ipa == IPA_B) {
                /* the break window of phase B: wait for the make, then replay */
                while (smp_load_acquire(&made) < 1)
                        smp_wfe();
                return EXC_HANDLED;
        }
        if (ipa == IPA_A && smp_load_acquire(&shared.go) >= 3) {
                /* phase C: map on demand (only this CPU changes the tables now), replay */
                c_fault = *f;
                c_faults++;
                s2mmu_map(&gg->mmu, IPA_A, PA_C, PAGE_SIZE, ATTRS);
                s2mmu_flush_ipa(&gg->mmu, IPA_A);
                return EXC_HANDLED;
        }
        other_faults++;
        return EXC_UNHANDLED;
}

static void cpu1_main(unsigned long arg)
{
        (void)arg;
        guest_status = guest_run(g);
        smp_signal(&cpu1_done, 1);
}

/* Break-before-make with the broadcast invalidation, on CPU 0. */
static void remap_is(uint64_t ipa, uint64_t pa)
{
        uint64_t *d = s2mmu_desc(&g->mmu, ipa, NULL);

        *d = 0;                                                 /* break */
        dsb(ish);
        __asm__ volatile("tlbi ipas2e1is, %0" :: "r"(ipa >> PAGE_SHIFT) : "memory");
        dsb(ish);
        __asm__ volatile("tlbi vmalle1is" ::: "memory");
        dsb(ish);
        *d = pa | ATTRS | S2_DESC_PAGE | S2_DESC_VALID;         /* make */
        dsb(ish);
        isb();
}

static int check(int ok, const char *what)
{
        printf("  %-52s %s\n", what, ok ? "ok" : "MISMATCH");
        return !ok;
}

int main(void)
{
        int failures = 0;

        W32(PA_A1) = 0x1111;
        W32(PA_A2) = 0x2222;
        W32(PA_B1) = 0x3333;
        W32(PA_B2) = 0x4444;
        W32(PA_C) = 0x5555;
        g = guest_create(1, S2MMU_GRANULE_4K, guest_main, 0);
        s2mmu_map(&g->mmu, IPA_A, PA_A1, PAGE_SIZE, ATTRS);
        s2mmu_map(&g->mmu, IPA_B, PA_B1, PAGE_SIZE, ATTRS);
        guest_on_exit(g, ESR_EC_HVC64, on_hvc);
        guest_on_exit(g, ESR_EC_DABT_LOW, on_abort);

        /* CPU 0's TLBIs must name the guest's VMID */
        write_sysreg(s2mmu_vtcr(&g->mmu), vtcr_el2);
        write_sysreg(s2mmu_vttbr(&g->mmu), vttbr_el2);
        isb();

        printf("smp-tlb-shootdown: guest VMID %u on cpu1, stage 2 changed by cpu0\n", g->mmu.vmid);
        if (smp_cpu_on(1, cpu1_main, 0) != PSCI_RET_SUCCESS) {
                printf("FAIL: CPU_ON (run with -smp 2)\n");
                return STATUS_CHECK_FAILED;
        }

        /* A */
        smp_wait_eq(&shared.state, 1);
        remap_is(IPA_A, PA_A2);
        smp_signal(&shared.go, 1);

        /* B */
        smp_wait_eq(&shared.state, 2);
        remap_is(IPA_B, PA_B2);
        smp_signal(&made, 1);
        smp_signal(&shared.go, 2);

        /* C */
        smp_wait_eq(&shared.state, 3);
        s2mmu_unmap(&g->mmu, IPA_A, PAGE_SIZE);
        smp_signal(&shared.go, 3);

        smp_wait_eq(&cpu1_done, 1);
        smp_wait_cpu_off(1);

        printf("guest: physical MPIDR 0x%lx (by HVC), MPIDR_EL1 0x%lx, exit status %lu\n", shared.mpidr,
               shared.vmpidr, guest_status);
        failures += check(shared.mpidr == 0x80000001UL, "the guest ran on cpu1");
        printf("A: IPA 0x%lx read 0x%x, remapped by cpu0, then 0x%x\n", IPA_A, shared.a_before, shared.a_after);
        failures += check(shared.a_before == 0x1111 && shared.a_after == 0x2222, "cpu1 sees the new page after the IS TLBIs");
        printf("B: IPA 0x%lx remapped while the guest reads it:", IPA_B);
        for (unsigned i = 0; i < shared.b_changes && i < LOG_MAX; i++)
                printf(" 0x%x", shared.b_seen[i]);
        printf(" (%u distinct value%s in that order)\n", shared.b_changes, shared.b_changes == 1 ? "" : "s");
        failures += check(shared.b_changes == 2 && shared.b_seen[0] == 0x3333 && shared.b_seen[1] == 0x4444,
                          "old value, then only the new one");
        s2mmu_print_fault("C: cpu1 abort after cpu0's unmap", &c_fault);
        printf("C: after the demand map the guest reads 0x%x (%u fault%s)\n", shared.c_value, c_faults,
               c_faults == 1 ? "" : "s");
        failures += check(c_faults == 1 && shared.c_value == 0x5555 && ESR_xFSC(c_fault.esr) == FSC_TRANSLATION(3),
                          "one level-3 translation fault, then the new page");
        failures += check(other_faults == 0, "no other abort");
        regs_dump("stage2", REG("vttbr", s2mmu_vttbr(&g->mmu)), REG("vtcr", s2mmu_vtcr(&g->mmu)),
                  REG("desc_a", *s2mmu_desc(&g->mmu, IPA_A, NULL)), REG("desc_b", *s2mmu_desc(&g->mmu, IPA_B, NULL)), NULL);
        guest_destroy(g);
        printf("%s\n", failures ? "FAIL" : "PASS");
        return failures ? STATUS_CHECK_FAILED : STATUS_OK;
}
