/* Stage-2 walk matrix probed with AT; see s2walk.h. */
#include "s2walk.h"

#define DATA_PA      0x44000000UL     /* backing memory of the probed pages */

static int failures;

static uint64_t at_s12e1(uint64_t ipa, int write)
{
        if (write)
                __asm__ volatile("at s12e1w, %0" :: "r"(ipa));
        else
                __asm__ volatile("at s12e1r, %0" :: "r"(ipa));
        isb();
        return read_sysreg(par_el1);
}

/* One probe: prints PAR_EL1 decoded, and checks the outcome the case itself implies. */
static void probe(const char *what, uint64_t ipa, int write, int want_fault, uint64_t want_fst, uint64_t want_pa)
{
        uint64_t par = at_s12e1(ipa, write);
        int ok;

        if (par & 1) {
                printf("%-34s %s ipa=0x%013lx PAR=0x%016lx fault FST=0x%02lx S=%lu PTW=%lu\n", what, write ? "W" : "R",
                       ipa, par, (par >> 1) & 0x3f, (par >> 9) & 1, (par >> 8) & 1);
                ok = want_fault && ((par >> 1) & 0x3f) == want_fst;
        } else {
                printf("%-34s %s ipa=0x%013lx PAR=0x%016lx PA=0x%lx ATTR=0x%02lx SH=%lu\n", what, write ? "W" : "R",
                       ipa, par, par & 0x000ffffffffff000UL, par >> 56, (par >> 7) & 3);
                ok = !want_fault && (par & 0x000ffffffffff000UL) == (want_pa & ~0xfffUL);
        }
        if (!ok) {
                printf("  MISMATCH: expected %s 0x%lx\n", want_fault ? "fault FST" : "PA", want_fault ? want_fst : want_pa);
                failures++;
        }
}

int s2walk_run(const struct s2walk_cfg *cfg)
{
        struct s2mmu m;
        unsigned g = cfg->granule, first = cfg->start_level;
        uint64_t gsize = 1UL << g;
        uint64_t rw = S2_S2AP_RW | S2_ATTR_NORMAL;
        char what[48];
        /* The smallest VTCR_EL2.PS that holds the IPA space (QEMU faults an IPA space larger
         * than PS), and an output address beyond it where one is encodable (below bit 48). */
        unsigned ps_bits = cfg->ipa_bits <= 40 ? 40 : cfg->ipa_bits <= 42 ? 42 : cfg->ipa_bits <= 44 ? 44 : 48;
        uint64_t beyond = ps_bits < 48 ? 1UL << 47 : 0;

        printf("s2walk: %uK granule, %u-bit IPA, start level %u\n", 1U << (g - 10), cfg->ipa_bits, first);
        write_sysreg(HCR_EL2_RW, hcr_el2);          /* EL1 is AArch64 */
        write_el1(SCTLR_EL1_RES1, sctlr);    /* EL1&0 stage 1 off: VA = IPA */
        isb();
        s2mmu_init(&m, 7, g, 1);
        s2mmu_configure(&m, cfg->ipa_bits, first);
        m.ps = ps_bits == 40 ? 2 : ps_bits == 42 ? 3 : ps_bits == 44 ? 4 : 5;
        printf("root: %u concatenated table(s); VTCR_EL2=0x%lx (PS %u bits)\n", m.root_tables, s2mmu_vtcr(&m), ps_bits);
        for (unsigned i = 0; i < 8; i++)
                *(volatile uint64_t *)(DATA_PA + i * gsize) = 0xda7a000000000000UL | i;

        /* Index 0 at every level leads to a page at IPA 0: the path the probes below share. */
        s2mmu_map(&m, 0, DATA_PA, gsize, rw);
        s2mmu_map(&m, 2 * gsize, DATA_PA + 2 * gsize, gsize, S2_S2AP_RW | S2_MEMATTR_NORMAL_WB | S2_SH_INNER);  /* AF = 0 */
        s2mmu_map(&m, 3 * gsize, DATA_PA + 3 * gsize, gsize, S2_S2AP_NONE | S2_ATTR_NORMAL);
        s2mmu_map(&m, 4 * gsize, DATA_PA + 4 * gsize, gsize, S2_S2AP_RO | S2_ATTR_NORMAL);
        if (beyond)
                s2mmu_map(&m, 5 * gsize, beyond, gsize, rw);
        s2mmu_map(&m, 6 * gsize, DATA_PA + 6 * gsize, gsize, S2_S2AP_RW | S2_MEMATTR_DEVICE_nGnRE | S2_AF);
        for (unsigned level = first; level < 3; level++) {
                uint64_t span = 1UL << s2mmu_level_shift(&m, level);
                unsigned entries = level == first ? 1U << (cfg->ipa_bits - s2mmu_level_shift(&m, level)) : 1U << (g - 3);

                /* A table whose address is beyond VTCR_EL2.PS, in the last entry. */
                if (beyond && entries >= 4)
                        *s2mmu_slot(&m, (entries - 1) * span, level) = beyond | S2_DESC_TABLE | S2_DESC_VALID;
                if (!s2mmu_block_allowed(&m, level) || entries < 7) {
                        if (s2mmu_block_allowed(&m, level))
                                printf("level %u: %u entries, block probes skipped\n", level, entries);
                        continue;
                }
                uint64_t bpa = DATA_PA & ~(span - 1);
                *s2mmu_slot(&m, 2 * span, level) = bpa | rw | S2_DESC_VALID;
                *s2mmu_slot(&m, 3 * span, level) = bpa | S2_S2AP_RW | S2_MEMATTR_NORMAL_WB | S2_SH_INNER | S2_DESC_VALID;
                *s2mmu_slot(&m, 4 * span, level) = bpa | S2_S2AP_RO | S2_ATTR_NORMAL | S2_DESC_VALID;
                if (beyond)
                        *s2mmu_slot(&m, 5 * span, level) = beyond | rw | S2_DESC_VALID;
        }
        dsb(ishst);
        s2mmu_enable(&m);

        probe("page", 0x10, 0, 0, 0, DATA_PA);
        probe("page", 0x18, 1, 0, 0, DATA_PA);
        probe("device page", 6 * gsize, 0, 0, 0, DATA_PA + 6 * gsize);
        for (unsigned level = first; level <= 3; level++) {
                snprintf(what, sizeof(what), "translation fault, level %u", level);
                probe(what, 1UL << s2mmu_level_shift(&m, level), 0, 1, FSC_TRANSLATION(level), 0);
        }
        probe("access flag, page", 2 * gsize, 0, 1, FSC_ACCESS_FLAG(3), 0);
        probe("S2AP none, page", 3 * gsize, 0, 1, FSC_PERMISSION(3), 0);
        probe("S2AP none, page", 3 * gsize, 1, 1, FSC_PERMISSION(3), 0);
        probe("S2AP read-only, page", 4 * gsize, 0, 0, 0, DATA_PA + 4 * gsize);
        probe("S2AP read-only, page", 4 * gsize, 1, 1, FSC_PERMISSION(3), 0);
        if (beyond)
                probe("output beyond PS, page", 5 * gsize, 0, 1, 0x00 | 3, 0);
        for (unsigned level = first; level < 3; level++) {
                uint64_t span = 1UL << s2mmu_level_shift(&m, level);
                unsigned entries = level == first ? 1U << (cfg->ipa_bits - s2mmu_level_shift(&m, level)) : 1U << (g - 3);

                if (beyond && entries >= 4) {
                        snprintf(what, sizeof(what), "table beyond PS, level %u", level);
                        probe(what, (entries - 1) * span, 0, 1, 0x00 | level, 0);
                }
                if (!s2mmu_block_allowed(&m, level) || entries < 7)
                        continue;
                uint64_t off = DATA_PA & (span - 1);
                snprintf(what, sizeof(what), "block, level %u", level);
                probe(what, 2 * span + off + 0x20, 0, 0, 0, DATA_PA);
                snprintf(what, sizeof(what), "access flag, block, level %u", level);
                probe(what, 3 * span + off, 0, 1, FSC_ACCESS_FLAG(level), 0);
                snprintf(what, sizeof(what), "S2AP read-only, block, level %u", level);
                probe(what, 4 * span + off, 1, 1, FSC_PERMISSION(level), 0);
                if (beyond) {
                        snprintf(what, sizeof(what), "output beyond PS, block, level %u", level);
                        probe(what, 5 * span + off, 0, 1, 0x00 | level, 0);
                }
        }
        if (cfg->ipa_bits < 48) {
                /* Beyond T0SZ: a translation fault (the level is checked against QEMU by the diff). */
                uint64_t par = at_s12e1(1UL << cfg->ipa_bits, 0);
                printf("%-34s R ipa=0x%013lx PAR=0x%016lx\n", "IPA beyond T0SZ", 1UL << cfg->ipa_bits, par);
                if (!(par & 1) || ((par >> 1) & 0x3c) != 0x04) {
                        printf("  MISMATCH: expected a translation fault\n");
                        failures++;
                }
        }
        /* VTTBR_EL2.BADDR beyond VTCR_EL2.PS: an address-size fault. */
        write_sysreg(s2mmu_vttbr(&m) | beyond, vttbr_el2);
        s2mmu_flush_all(&m);
        if (beyond) {
                uint64_t par = at_s12e1(0x10, 0);
                printf("%-34s R ipa=0x%013lx PAR=0x%016lx\n", "VTTBR beyond PS", 0x10UL, par);
                if (!(par & 1) || ((par >> 1) & 0x3c) != 0x00) {
                        printf("  MISMATCH: expected an address size fault\n");
                        failures++;
                }
        }
        write_sysreg(s2mmu_vttbr(&m), vttbr_el2);
        s2mmu_disable(&m);
        s2mmu_destroy(&m);
        printf("s2walk: %d mismatch(es)\n", failures);
        return failures ? STATUS_CHECK_FAILED : 0;
}
