/*
 * s1-el2-regimes: stage 1 at EL2 itself, in both EL2 translation regimes.
 *   EL2 (HCR_EL2.E2H = 0): TCR_EL2 in its EL2 format, TTBR0_EL2 only, AP[1] ignored.
 *   EL2&0 (E2H = 1, TGE = 1, VHE): TCR_EL2 in the EL1 format with two VA ranges, TTBR1_EL2
 *   for the upper range, and PSTATE.PAN against pages EL0 can access.
 * The host runs on its own tables (1 GiB block over RAM, 2 MiB block over the UART) and
 * probes a read-only page, an execute-never page and an unmapped page with AT S1E2R/W and
 * real accesses; the faults are taken at EL2 (EC 0x25 / 0x21) and skipped. Also TCR_EL2.TBI
 * (tagged addresses) and a range of pages with the contiguous hint.
 */
#include "s2mmu.h"

#define DATA_PA     0x45000000UL
#define VA_TEST     0x80000000UL
#define VA_UPPER    0xffffff8080000000UL      /* TTBR1 range with T1SZ = 25 */
#define MARK        0xfa017UL

#define PSTATE_PAN      BIT(22)

static unsigned faults;

static enum exc_result on_fault(struct el2_frame *f)
{
        struct el2_frame shown = *f;

        faults++;
        /* ISS[24:14] masked: QEMU 7.2 reports an instruction syndrome for these stage-1 faults
         * (s2diff list --deviations: isv-for-stage1-aborts-at-el2) */
        shown.esr &= ~(0x7ffUL << 14);
        s2mmu_print_fault(ESR_EC(f->esr) == ESR_EC_IABT_CUR ? "EL2 instruction abort" : "EL2 data abort", &shown);
        f->x[0] = MARK;
        if (ESR_EC(f->esr) == ESR_EC_IABT_CUR)
                f->elr = f->x[30];
        else
                f->elr += 4;
        return EXC_HANDLED;
}

static uint64_t par_of(uint64_t va, int write)
{
        if (write)
                __asm__ volatile("at s1e2w, %0" :: "r"(va));
        else
                __asm__ volatile("at s1e2r, %0" :: "r"(va));
        isb();
        return read_sysreg(par_el1);
}

static uint64_t load(uint64_t va)
{
        register uint64_t x0 __asm__("x0") = va;

        __asm__ volatile("ldr %0, [%0]" : "+r"(x0) :: "memory");
        return x0;
}

static uint64_t store(uint64_t va)
{
        register uint64_t x0 __asm__("x0") = 0;

        __asm__ volatile("str %1, [%2]" : "+r"(x0) : "r"(0x5eedUL), "r"(va) : "memory");
        return x0;
}

static uint64_t call(uint64_t va)
{
        register uint64_t x0 __asm__("x0");

        __asm__ volatile("blr %1" : "=r"(x0) : "r"(va) : "x30", "memory");
        return x0;
}

static void probes(const char *regime, uint64_t base)
{
        printf("-- %s, VA 0x%lx\n", regime, base);
        printf("AT read-only page: R PAR=0x%016lx W PAR=0x%016lx\n", par_of(base, 0), par_of(base, 1));
        printf("AT unmapped page:  R PAR=0x%016lx\n", par_of(base + 0x2000, 0));
        printf("load read-only page:  0x%lx\n", load(base + 8));
        printf("store read-only page: 0x%lx\n", store(base + 16));
        printf("call XN page:         0x%lx\n", call(base + 0x1000));
        printf("load unmapped page:   0x%lx\n", load(base + 0x2000));
}

static void map_common(struct s2mmu *m, uint64_t va, uint64_t ap_ro)
{
        uint64_t normal = S1_ATTRIDX(0) | S1_AF | S1_SH_INNER;

        s2mmu_map(m, 0x40000000UL, 0x40000000UL, 1UL << 30, normal | S1_AP_RW_EL1);
        s2mmu_map(m, 0x09000000UL, 0x09000000UL, 2UL << 20, S1_ATTRIDX(1) | S1_AF | S1_AP_RW_EL1 | S1_PXN | S1_UXN);
        s2mmu_map(m, va, DATA_PA, 0x1000, normal | ap_ro);
        s2mmu_map(m, va + 0x1000, DATA_PA + 0x1000, 0x1000, normal | S1_AP_RW_EL1 | S1_PXN | S1_UXN);
}

int main(void)
{
        struct s2mmu lo, hi;
        uint32_t *code = (uint32_t *)(DATA_PA + 0x1000);

        *(volatile uint64_t *)(DATA_PA + 8) = 0xda7a;
        code[0] = 0xd2800540;      /* mov x0, #42 */
        code[1] = 0xd65f03c0;      /* ret */
        el2_set_current_sync_handler(on_fault);
        write_sysreg(0xffUL | 0x04UL << 8, mair_el2);

        /* EL2 regime: TCR_EL2 (E2H = 0 layout): T0SZ, IRGN0/ORGN0/SH0, TG0, PS [18:16], RES1 31, 23. */
        s1mmu_init(&lo, S2MMU_GRANULE_4K, 39);
        map_common(&lo, VA_TEST, S1_AP_RO_EL1);
        write_sysreg(25UL | 1UL << 8 | 1UL << 10 | 3UL << 12 | 2UL << 16 | BIT(23) | BIT(31), tcr_el2);
        write_sysreg((uint64_t)lo.root, ttbr0_el2);
        __asm__ volatile("tlbi alle2" ::: "memory");
        dsb(ish);
        write_sysreg(SCTLR_EL2_RES1 | SCTLR_ELx_M, sctlr_el2);
        isb();
        probes("EL2 regime (E2H=0)", VA_TEST);
        /* TCR_EL2.TBI: the top byte of a data address is ignored, or must be zero. */
        printf("load with tag 0x5a, TBI=0: 0x%lx\n", load(0x5aUL << 56 | (VA_TEST + 8)));
        write_sysreg(read_sysreg(tcr_el2) | BIT(20), tcr_el2);
        isb();
        printf("load with tag 0x5a, TBI=1: 0x%lx\n", load(0x5aUL << 56 | (VA_TEST + 8)));
        /* 16 pages with the contiguous hint (one TLB entry may cover them all). */
        for (unsigned i = 0; i < 16; i++)
                *s2mmu_slot(&lo, 0x80100000UL + i * 0x1000, 3) = (DATA_PA + i * 0x1000) | S1_ATTRIDX(0) | S1_AF |
                        S1_SH_INNER | S1_AP_RW_EL1 | S1_CONTIGUOUS | 3;
        dsb(ishst);
        __asm__ volatile("tlbi alle2" ::: "memory");
        dsb(ish);
        isb();
        printf("contiguous range: 0x%lx 0x%lx PAR=0x%016lx\n", load(0x80100008UL), load(0x8010f000UL),
               par_of(0x8010a000UL, 1));

        /* Hierarchical controls: APTable[1] (no writes below) and XNTable in the level-2
         * table descriptor of the VA_TEST region (D8.4.2). */
        s2mmu_map(&lo, VA_TEST + 0x3000, DATA_PA + 0x1000, 0x1000, S1_ATTRIDX(0) | S1_AF | S1_SH_INNER | S1_AP_RW_EL1);
        s2mmu_map(&lo, VA_TEST + 0x4000, DATA_PA + 0x2000, 0x1000, S1_ATTRIDX(0) | S1_AF | S1_SH_INNER | S1_AP_RW_EL1);
        __asm__ volatile("tlbi alle2" ::: "memory");
        dsb(ish);
        isb();
        printf("store RW page: 0x%lx, call executable page: 0x%lx\n", store(VA_TEST + 0x4000), call(VA_TEST + 0x3000));
        *s2mmu_slot(&lo, VA_TEST, 2) |= BIT(62) | BIT(60);      /* APTable = 0b10, XNTable */
        dsb(ishst);
        __asm__ volatile("tlbi alle2" ::: "memory");
        dsb(ish);
        isb();
        printf("with APTable/XNTable: store 0x%lx, call 0x%lx, AT W PAR=0x%016lx\n", store(VA_TEST + 0x4000),
               call(VA_TEST + 0x3000), par_of(VA_TEST + 0x4000, 1));

        /* FEAT_HAFDBS at stage 1: TCR_EL2.HA (bit 21) sets the access flag, HD (bit 22) makes a
         * read-only page with DBM writable on a store. */
        s2mmu_map(&lo, 0x80200000UL, DATA_PA, 0x1000, S1_ATTRIDX(0) | S1_SH_INNER | S1_AP_RW_EL1);          /* AF = 0 */
        s2mmu_map(&lo, 0x80201000UL, DATA_PA + 0x2000, 0x1000, S1_ATTRIDX(0) | S1_AF | S1_SH_INNER | S1_AP_RO_EL1 | S1_DBM);
        __asm__ volatile("tlbi alle2" ::: "memory");
        dsb(ish);
        isb();
        printf("AF clear, HA=0: 0x%lx; RO+DBM store, HD=0: 0x%lx\n", load(0x80200008UL), store(0x80201000UL));
        write_sysreg(read_sysreg(tcr_el2) | BIT(21) | BIT(22), tcr_el2);
        isb();
        printf("AF clear, HA=1: 0x%lx; RO+DBM store, HD=1: 0x%lx\n", load(0x80200008UL), store(0x80201000UL));
        printf("descriptors now: 0x%016lx 0x%016lx\n", *s2mmu_slot(&lo, 0x80200000UL, 3), *s2mmu_slot(&lo, 0x80201000UL, 3));
        write_sysreg(SCTLR_EL2_RES1, sctlr_el2);
        isb();

        /* EL2&0 regime: E2H = TGE = 1; TCR_EL2 in the EL1 layout: T0SZ, T1SZ, TG0 4K, TG1 4K
         * (0b10), IPS [34:32]; TTBR1_EL2 maps the upper range. */
        s1mmu_init(&hi, S2MMU_GRANULE_4K, 39);
        map_common(&hi, VA_UPPER & ((1UL << 39) - 1), S1_AP_RO_EL1);
        s2mmu_map(&lo, 0x80010000UL, DATA_PA, 0x1000, S1_ATTRIDX(0) | S1_AF | S1_SH_INNER | S1_AP_RW_ALL);   /* EL0-accessible */
        write_sysreg(HCR_EL2_E2H | HCR_EL2_TGE | HCR_EL2_RW, hcr_el2);
        isb();
        write_sysreg(25UL | 1UL << 8 | 1UL << 10 | 3UL << 12 | 25UL << 16 | 1UL << 24 | 1UL << 26 | 3UL << 28 |
                     2UL << 30 | 2UL << 32, tcr_el2);
        write_sysreg((uint64_t)lo.root, ttbr0_el2);
        write_sysreg((uint64_t)hi.root, s3_4_c2_c0_1);   /* TTBR1_EL2 */
        __asm__ volatile("tlbi alle2" ::: "memory");
        dsb(ish);
        write_sysreg(SCTLR_EL2_RES1 | SCTLR_ELx_M, sctlr_el2);
        isb();
        probes("EL2&0 regime (E2H=1, TGE=1), TTBR1_EL2", VA_UPPER);
        printf("-- PSTATE.PAN\n");
        printf("load EL0-accessible page, PAN=0: 0x%lx\n", load(0x80010008UL));
        __asm__ volatile(".inst 0xd500419f" ::: "memory");   /* msr pan, #1 */
        printf("load EL0-accessible page, PAN=1: 0x%lx\n", load(0x80010008UL));
        printf("AT S1E2R with PAN=1: PAR=0x%016lx\n", par_of(0x80010008UL, 0));
        __asm__ volatile(".inst 0xd500409f" ::: "memory");   /* msr pan, #0 */
        write_sysreg(SCTLR_EL2_RES1, sctlr_el2);
        isb();
        write_sysreg(HCR_EL2_RW, hcr_el2);
        isb();
        printf("%u faults taken at EL2\n", faults);
        return 0;
}
