/*
 * par-attrs: the AT instructions as a hypervisor uses them from EL2 — PAR_EL1 for
 * successful translations (PA, NS, SH, ATTR from stage 1 alone and combined with stage 2,
 * with and without HCR_EL2.FWB) and for faults (FST, S, PTW). Everything runs at EL2:
 * the EL1&0 regime is configured but never entered, so AT is the only thing walking it.
 *
 * EL1 stage 1: 4K granule, T0SZ = 25 (39-bit VA, walk starts at level 1), tables in
 * s1_tables[] below. VA 0x10_0000_0000 + n * 4K maps page n with the attributes of row n
 * of rows[]; stage 2 maps those IPAs with the MemAttr/SH of the same row.
 *
 * Stage-1 Device and Non-cacheable rows use SH = 0b10, the value PAR_EL1.SH must report for
 * them: QEMU 7.2 copies the descriptor's SH into PAR_EL1 for stage-1-only results, which the
 * scenario qemu-dev-par-sh shows on its own.
 */
#include "vm.h"
#include "at.h"

#define VA_BASE      0x1000000000UL        /* level-1 index 64 */
#define IPA_BASE     0x80000000UL          /* IPAs the stage-1 pages output */
#define NPAGES       12

/* Stage-1 descriptor fields (D8.3): AttrIndx [4:2], AP [7:6], SH [9:8], AF [10]. */
#define S1_VALID     BIT(0)
#define S1_TABLE     BIT(1)
#define S1_PAGE      BIT(1)
#define S1_ATTRIDX(n) ((unsigned long)(n) << 2)
#define S1_AP(n)     ((unsigned long)(n) << 6)
#define S1_SH(n)     ((unsigned long)(n) << 8)
#define S1_AF        BIT(10)

/* MAIR_EL1: one attribute per index. */
#define MAIR_VALUE   (0x00UL | 0x04UL << 8 | 0x44UL << 16 | 0xffUL << 24 | \
                      0xaaUL << 32 | 0xbbUL << 40 | 0x4fUL << 48 | 0xf4UL << 56)

struct row { unsigned attridx, sh, ap, af; unsigned s2memattr, s2sh, s2map; };

static const struct row rows[NPAGES] = {
        /* idx sh ap af  s2attr s2sh map */
        { 3, 3, 0, 1, 0xf, 3, 1 },   /* WB x WB inner */
        { 3, 2, 0, 1, 0x5, 0, 1 },   /* WB x NC */
        { 4, 3, 1, 1, 0xf, 2, 1 },   /* WT x WB, outer from stage 2 */
        { 3, 0, 2, 1, 0xa, 0, 1 },   /* WB x WT, non-shareable, read-only */
        { 0, 2, 0, 1, 0xf, 3, 1 },   /* Device-nGnRnE x WB */
        { 3, 3, 0, 1, 0x1, 3, 1 },   /* WB x Device-nGnRE */
        { 1, 2, 0, 1, 0x0, 0, 1 },   /* nGnRE x nGnRnE */
        { 6, 3, 3, 1, 0xe, 3, 1 },   /* inner WB outer NC x outer WB inner WT */
        { 7, 3, 0, 1, 0xb, 3, 1 },   /* inner NC outer WB x WT/WB */
        { 2, 2, 0, 1, 0xf, 3, 1 },   /* NC x WB */
        { 3, 3, 0, 0, 0xf, 3, 1 },   /* access flag clear at stage 1 */
        { 3, 3, 0, 1, 0xf, 3, 0 },   /* IPA not mapped at stage 2 */
};

static uint64_t s1_l1[512] __attribute__((aligned(4096)));
static uint64_t s1_l2[512] __attribute__((aligned(4096)));
static uint64_t s1_l3[512] __attribute__((aligned(4096)));
static uint64_t s1_l3_unmapped_s2[512] __attribute__((aligned(4096)));

static void print_par(const char *what, uint64_t va, uint64_t par)
{
        if (par & 1)
                printf("%-8s va=0x%010lx PAR=0x%016lx fault FST=0x%02lx S=%lu PTW=%lu\n", what, va, par,
                       (par >> 1) & 0x3f, (par >> 9) & 1, (par >> 8) & 1);
        else
                printf("%-8s va=0x%010lx PAR=0x%016lx PA=0x%010lx ATTR=0x%02lx SH=%lu NS=%lu\n", what, va, par,
                       par & 0x000ffffffffff000UL, par >> 56, (par >> 7) & 3, (par >> 9) & 1);
}

static void all_forms(uint64_t va)
{
        print_par("S1E1R", va, at_s1e1r(va));
        print_par("S1E1W", va, at_s1e1w(va));
        print_par("S1E0R", va, at_s1e0r(va));
        print_par("S1E0W", va, at_s1e0w(va));
        print_par("S12E1R", va, at_s12e1r(va));
        print_par("S12E1W", va, at_s12e1w(va));
        print_par("S12E0R", va, at_s12e0r(va));
}

int main(void)
{
        uint64_t table_attrs = S2_S2AP_RW | S2_ATTR_NORMAL;

        printf("par-attrs: AT from EL%lu\n", CURRENTEL_EL(read_sysreg(CurrentEL)));
        write_sysreg(HCR_EL2_RW, hcr_el2);   /* EL1 is AArch64: its regime uses TCR_EL1 etc. */

        /* Stage 1 (EL1&0): L1[64] -> L2, L2[0] -> L3, L3[n] -> IPA_BASE + n * 4K. */
        s1_l1[VA_BASE >> 30] = (uint64_t)s1_l2 | S1_TABLE | S1_VALID;
        s1_l2[0] = (uint64_t)s1_l3 | S1_TABLE | S1_VALID;
        s1_l2[1] = (uint64_t)s1_l3_unmapped_s2 | S1_TABLE | S1_VALID;
        for (int n = 0; n < NPAGES; n++) {
                const struct row *r = &rows[n];
                s1_l3[n] = (IPA_BASE + n * PAGE_SIZE) | S1_PAGE | S1_VALID | S1_ATTRIDX(r->attridx) |
                           S1_SH(r->sh) | S1_AP(r->ap) | (r->af ? S1_AF : 0);
        }
        s1_l3_unmapped_s2[0] = IPA_BASE | S1_PAGE | S1_VALID | S1_AF | S1_ATTRIDX(3) | S1_SH(3);
        write_sysreg(MAIR_VALUE, mair_el1);
        write_sysreg(25UL | 1UL << 23 /* EPD1 */ | 1UL << 8 | 1UL << 10 | 3UL << 12 | 2UL << 32 /* IPS 40 */, tcr_el1);
        write_sysreg((uint64_t)s1_l1, ttbr0_el1);
        write_sysreg(SCTLR_EL1_RES1 | SCTLR_ELx_M, sctlr_el1);
        isb();

        /* Before stage 2 is on, the S12 forms are stage 1 only. */
        printf("-- stage 2 off\n");
        all_forms(VA_BASE);
        print_par("S1E1R", VA_BASE + 0x3fff000, at_s1e1r(VA_BASE + 0x3fff000));

        /* Stage 2: the stage-1 tables identity-mapped (their walk goes through stage 2,
         * except s1_l3_unmapped_s2), and the IPAs of rows[] to PAs in RAM. */
        s2_init();
        vm_map_guest_image();
        s2_map_page((uint64_t)s1_l1, (uint64_t)s1_l1, table_attrs);
        s2_map_page((uint64_t)s1_l2, (uint64_t)s1_l2, table_attrs);
        s2_map_page((uint64_t)s1_l3, (uint64_t)s1_l3, table_attrs);
        for (int n = 0; n < NPAGES; n++) {
                const struct row *r = &rows[n];
                if (r->s2map)
                        s2_map_page(IPA_BASE + n * PAGE_SIZE, 0x48000000UL + n * PAGE_SIZE,
                                    S2_S2AP_RW | S2_MEMATTR(r->s2memattr) | S2_SH(r->s2sh) | S2_AF);
        }
        s2_enable(5);

        printf("-- stage 2 on\n");
        for (int n = 0; n < NPAGES; n++)
                all_forms(VA_BASE + n * PAGE_SIZE + 0x123);
        printf("-- unmapped VA at level 3, stage-1 table not mapped at stage 2\n");
        all_forms(VA_BASE + 0x100000);
        all_forms(VA_BASE + 0x200000);

        /* FEAT_S2FWB: stage-2 MemAttr 0b0xx Device (forced), 0b101 Non-cacheable unless
         * stage 1 is Device, 0b110 Write-Back (forced), 0b111 stage 1's attributes. */
        printf("-- HCR_EL2.FWB\n");
        write_sysreg(read_sysreg(hcr_el2) | BIT(46), hcr_el2);
        /* New memory attributes: break-before-make (invalid, TLBI, then the new descriptor). */
        uint64_t old[10];
        for (int n = 0; n < 10; n++) {
                uint64_t *pte = s2_pte(IPA_BASE + n * PAGE_SIZE, 0);
                old[n] = *pte;
                *pte = 0;
        }
        s2_flush_all();
        for (int n = 0; n < 10; n++) {
                static const unsigned fwb_attr[10] = { 7, 5, 6, 7, 7, 1, 0, 6, 5, 3 };
                *s2_pte(IPA_BASE + n * PAGE_SIZE, 0) = (old[n] & ~S2_MEMATTR(0xf)) | S2_MEMATTR(fwb_attr[n]);
        }
        dsb(ishst);
        isb();
        for (int n = 0; n < 10; n++)
                print_par("S12E1R", VA_BASE + n * PAGE_SIZE, at_s12e1r(VA_BASE + n * PAGE_SIZE));
        write_sysreg(read_sysreg(hcr_el2) & ~BIT(46), hcr_el2);
        isb();

        printf("-- EL2 regime, MMU off: out of the PA range\n");
        print_par("S1E2R", 0x10000000000000UL, at_s1e2r(0x10000000000000UL));

        printf("-- EL1 MMU off, stage 2 on\n");
        write_sysreg(SCTLR_EL1_RES1, sctlr_el1);
        isb();
        print_par("S12E1R", (uint64_t)s1_l1, at_s12e1r((uint64_t)s1_l1));
        print_par("S12E0W", (uint64_t)s1_l2, at_s12e0w((uint64_t)s1_l2));
        print_par("S12E1R", 0x7000000UL, at_s12e1r(0x7000000UL));
        return 0;
}
