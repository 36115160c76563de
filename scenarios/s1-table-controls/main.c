/*
 * s1-table-controls: the TCR_ELx controls that change how a stage-1 walk treats what it
 * finds, seen through AT from EL2 (the EL1&0 and EL2 regimes are configured, never entered):
 *   FEAT_HPDS  TCR_EL1.HPD0/HPD1, TCR_EL2.HPD: APTable/XNTable/PXNTable in table descriptors
 *              are ignored (D8.4.2, "Hierarchical permissions").
 *   FEAT_E0PD  TCR_EL1.E0PD0/E0PD1: an EL0 access (AT S1E0*) to that VA range is a level-0
 *              Translation fault; EL1 accesses are unaffected (D8.2.12).
 * Each setting is printed with PAR_EL1 of AT S1E1R/W and S1E0R/W for a page under a table
 * descriptor whose APTable = 0b11 (no EL0 access, read-only). On a CPU without a feature
 * the control bit is RES0 and nothing changes, which the output shows as well
 * (--cpu cortex-a57 has neither).
 */
#include "runtime.h"
#include "at.h"
#include "s2mmu.h"

#define VA_LOW       0x0000001000000000UL   /* TTBR0: level-1 index 64 */
#define VA_HIGH      0xffffff8000000000UL   /* TTBR1: T1SZ = 25, the bottom of the upper range */

#define S1_VALID     BIT(0)
#define S1_TABLE     BIT(1)
#define S1_PAGE      BIT(1)
#define S1_AP_RW_ALL (1UL << 6)
#define S1_APTABLE(n) ((unsigned long)(n) << 61)
#define S1_ATTR_WB   (0UL << 2)             /* MAIR index 0 */

#define TCR_EL1_BASE (25UL | 25UL << 16 | 1UL << 8 | 1UL << 10 | 3UL << 12 | \
                      1UL << 24 | 1UL << 26 | 3UL << 28 | 2UL << 30 /* TG1 4K */ | 2UL << 32 /* IPS 40 */)
#define TCR_HPD0     BIT(41)
#define TCR_HPD1     BIT(42)
#define TCR_E0PD0    BIT(55)
#define TCR_E0PD1    BIT(56)
#define TCR_EL2_HPD  BIT(24)

static uint64_t lo_l1[512] __attribute__((aligned(4096)));
static uint64_t hi_l1[512] __attribute__((aligned(4096)));
static uint64_t l2[512] __attribute__((aligned(4096)));
static uint64_t l3[512] __attribute__((aligned(4096)));
static uint64_t target_page[512] __attribute__((aligned(4096)));

static void print_par(const char *what, uint64_t par)
{
        if (par & 1)
                printf("  %-6s fault FST=0x%02lx\n", what, (par >> 1) & 0x3f);
        else
                printf("  %-6s ok    PA=0x%010lx\n", what, par & 0x000ffffffffff000UL);
}

static void el10_forms(const char *label, uint64_t tcr_extra)
{
        write_sysreg(TCR_EL1_BASE | tcr_extra, tcr_el1);
        __asm__ volatile("tlbi vmalle1" ::: "memory");
        dsb(ish);
        isb();
        printf("%s (TCR_EL1=0x%016lx)\n", label, read_sysreg(tcr_el1));
        for (int high = 0; high < 2; high++) {
                uint64_t va = high ? VA_HIGH : VA_LOW;
                printf(" %s range\n", high ? "TTBR1" : "TTBR0");
                print_par("S1E1R", at_s1e1r(va));
                print_par("S1E1W", at_s1e1w(va));
                print_par("S1E0R", at_s1e0r(va));
                print_par("S1E0W", at_s1e0w(va));
        }
}

int main(void)
{
        uint64_t mmfr1 = read_sysreg(id_aa64mmfr1_el1), mmfr2 = read_sysreg(id_aa64mmfr2_el1);
        printf("s1-table-controls: HPDS=%lu E0PD=%lu\n", (mmfr1 >> 12) & 0xf, (mmfr2 >> 60) & 0xf);
        write_sysreg(HCR_EL2_RW, hcr_el2);

        /* Both EL1&0 ranges share one level-2 table reached through a table descriptor with
         * APTable = 0b11, and one page mapped read/write at EL0 and EL1 below it. */
        l3[0] = (uint64_t)target_page | S1_PAGE | S1_VALID | S1_AF | S1_AP_RW_ALL | S1_SH_INNER | S1_ATTR_WB;
        l2[0] = (uint64_t)l3 | S1_TABLE | S1_VALID;
        lo_l1[VA_LOW >> 30] = (uint64_t)l2 | S1_TABLE | S1_VALID | S1_APTABLE(3);
        hi_l1[0] = (uint64_t)l2 | S1_TABLE | S1_VALID | S1_APTABLE(3);
        write_sysreg(0xffUL, mair_el1);
        write_sysreg((uint64_t)lo_l1, ttbr0_el1);
        write_sysreg((uint64_t)hi_l1, ttbr1_el1);
        write_sysreg(SCTLR_EL1_RES1 | SCTLR_ELx_M, sctlr_el1);
        isb();

        el10_forms("hierarchical permissions on", 0);
        el10_forms("HPD0", TCR_HPD0);
        el10_forms("HPD1", TCR_HPD1);
        el10_forms("HPD0+HPD1", TCR_HPD0 | TCR_HPD1);
        el10_forms("E0PD0", TCR_E0PD0);
        el10_forms("E0PD1", TCR_E0PD1);
        el10_forms("E0PD0+HPD0", TCR_E0PD0 | TCR_HPD0);

        /* The EL2 regime: RAM and the UART identity-mapped (the code keeps running), and
         * VA_LOW mapped read/write below a level-1 table descriptor with APTable = 0b10
         * (read-only). TCR_EL2.HPD lifts that limit. */
        struct s2mmu m;
        write_sysreg(0xffUL | 0x04UL << 8, mair_el2);
        s1mmu_init(&m, S2MMU_GRANULE_4K, 39);
        s2mmu_map(&m, RAM_BASE, RAM_BASE, 0x10000000UL, S1_ATTRIDX(0) | S1_AF | S1_SH_INNER | S1_AP_RW_EL1);
        s2mmu_map(&m, UART_PL011_BASE, UART_PL011_BASE, 0x1000, S1_ATTRIDX(1) | S1_AF | S1_AP_RW_EL1 | S1_PXN);
        s2mmu_map(&m, VA_LOW, (uint64_t)target_page, 0x1000, S1_ATTRIDX(0) | S1_AF | S1_SH_INNER | S1_AP_RW_EL1);
        *s2mmu_slot(&m, VA_LOW, 1) |= S1_APTABLE(2);
        write_sysreg((uint64_t)m.root, ttbr0_el2);
        for (int hpd = 0; hpd < 2; hpd++) {
                write_sysreg(25UL | 1UL << 8 | 1UL << 10 | 3UL << 12 | 2UL << 16 | BIT(23) | BIT(31) | (hpd ? TCR_EL2_HPD : 0), tcr_el2);
                __asm__ volatile("tlbi alle2" ::: "memory");
                dsb(ish);
                isb();
                write_sysreg(SCTLR_EL2_RES1 | SCTLR_ELx_M | BIT(2) | BIT(12), sctlr_el2);
                isb();
                printf("EL2 regime%s (TCR_EL2=0x%08lx)\n", hpd ? ", HPD" : "", read_sysreg(tcr_el2));
                print_par("S1E2R", at_s1e2r(VA_LOW));
                print_par("S1E2W", at_s1e2w(VA_LOW));
                write_sysreg(SCTLR_EL2_RES1 | BIT(12), sctlr_el2);
                isb();
        }
        return 0;
}
