/*
 * strict-missing-tlbi-is (-smp 2): written for `s2diff run --strict`, the SMP form of
 * strict-missing-tlbi. A guest on CPU 1 (VMID 1, stage 2 built by CPU 0) reads an IPA, so
 * CPU 1's TLB holds its translation; CPU 0 remaps the IPA with break-before-make but
 * invalidates with the local forms, TLBI IPAS2E1 + TLBI VMALLE1 (with DSB ISH), which reach
 * only CPU 0's TLB. CPU 1 may go on using the old translation: the guest's next read may
 * see either page, so both pages hold the same word and only that is printed; --strict
 * reports missing-tlbi at that load on PE 1. Then CPU 0 makes the pages differ and CPU 1's
 * own hypervisor invalidates CPU 1's TLB (TLBI VMALLS12E1, local, on CPU 1, at the guest's
 * request by HVC): the guest's last read must see the new page (no finding there).
 */
#include "guest_fw.h"
#include "smp.h"

#define IPA             0x80000000UL
#define PA1             0x45000000UL
#define PA2             0x45001000UL
#define ATTRS           (S2_S2AP_RW | S2_ATTR_NORMAL)
#define HVC_MPIDR       1
#define HVC_LOCAL_TLBI  2
#define W32(a)          (*(volatile uint32_t *)(a))

struct mtis {
        volatile uint32_t state, go;
        uint64_t mpidr;
        uint32_t before, after, fixed;
};
extern struct mtis shared;
int guest_main(uint64_t arg);

static struct guest *g;
static volatile uint32_t cpu1_done;
static uint64_t guest_status;

static enum exc_result on_hvc(struct guest *gg, struct el2_frame *f)
{
        (void)gg;
        if (ESR_HVC_IMM16(f->esr) == HVC_MPIDR) {
                f->x[0] = read_sysreg(mpidr_el1);
                return EXC_HANDLED;
        }
        if (ESR_HVC_IMM16(f->esr) == HVC_LOCAL_TLBI) {
                /* this CPU's TLB only, for the VMID in its VTTBR_EL2 (the guest's) */
                dsb(ishst);
                __asm__ volatile("tlbi vmalls12e1" ::: "memory");
                dsb(nsh);
                isb();
                return EXC_HANDLED;
        }
        return EXC_UNHANDLED;
}

static void cpu1_main(unsigned long arg)
{
        (void)arg;
        guest_status = guest_run(g);
        smp_signal(&cpu1_done, 1);
}

int main(void)
{
        uint64_t *d;
        int ok;

        W32(PA1) = 0x600d;
        W32(PA2) = 0x600d;
        g = guest_create(1, S2MMU_GRANULE_4K, guest_main, 0);
        s2mmu_map(&g->mmu, IPA, PA1, PAGE_SIZE, ATTRS);
        guest_on_exit(g, ESR_EC_HVC64, on_hvc);
        /* CPU 0's TLBIs name the VMID in its own VTTBR_EL2: the guest's */
        write_sysreg(s2mmu_vtcr(&g->mmu), vtcr_el2);
        write_sysreg(s2mmu_vttbr(&g->mmu), vttbr_el2);
        isb();

        printf("strict-missing-tlbi-is: guest VMID %u on cpu1, remapped by cpu0 with local TLBIs\n", g->mmu.vmid);
        if (smp_cpu_on(1, cpu1_main, 0) != PSCI_RET_SUCCESS) {
                printf("FAIL: CPU_ON (run with -smp 2)\n");
                return STATUS_CHECK_FAILED;
        }

        smp_wait_eq(&shared.state, 1);
        d = s2mmu_desc(&g->mmu, IPA, NULL);
        *d = 0;                                                 /* break */
        dsb(ish);
        __asm__ volatile("tlbi ipas2e1, %0" :: "r"(IPA >> PAGE_SHIFT) : "memory");   /* local */
        dsb(ish);
        __asm__ volatile("tlbi vmalle1" ::: "memory");                              /* local */
        dsb(ish);
        *d = PA2 | ATTRS | S2_DESC_PAGE | S2_DESC_VALID;        /* make */
        dsb(ish);
        isb();
        smp_signal(&shared.go, 1);

        smp_wait_eq(&shared.state, 2);
        W32(PA1) = 0xdead;
        W32(PA2) = 0x2222;
        dsb(ish);
        smp_signal(&shared.go, 2);

        smp_wait_eq(&cpu1_done, 1);
        smp_wait_cpu_off(1);

        ok = shared.mpidr == 0x80000001UL && shared.before == 0x600d && shared.after == 0x600d &&
             shared.fixed == 0x2222 && guest_status == 0;
        printf("guest on MPIDR 0x%lx: before the remap 0x%x, after it 0x%x (old and new page hold the same word)\n",
               shared.mpidr, shared.before, shared.after);
        printf("after cpu1's own TLBI VMALLS12E1: 0x%x (new page) %s\n", shared.fixed, ok ? "ok" : "MISMATCH");
        regs_dump("stage2", REG("vttbr", s2mmu_vttbr(&g->mmu)), REG("desc", *s2mmu_desc(&g->mmu, IPA, NULL)), NULL);
        guest_destroy(g);
        return ok ? STATUS_OK : STATUS_CHECK_FAILED;
}
