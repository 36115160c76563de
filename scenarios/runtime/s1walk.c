/* Stage-1 walk matrix probed with AT; see s1walk.h. */
#include "s1walk.h"

#define DATA_PA      0x44000000UL
#define BEYOND_IPS   (1UL << 47)      /* TCR_EL1.IPS = 40 bits below */
#define TCR_IPS_40   (2UL << 32)
#define TCR_EPD1     BIT(23)

static int failures;

static uint64_t at_s1(uint64_t va, int el0, int write)
{
        if (el0 && write)
                __asm__ volatile("at s1e0w, %0" :: "r"(va));
        else if (el0)
                __asm__ volatile("at s1e0r, %0" :: "r"(va));
        else if (write)
                __asm__ volatile("at s1e1w, %0" :: "r"(va));
        else
                __asm__ volatile("at s1e1r, %0" :: "r"(va));
        isb();
        return read_sysreg(par_el1);
}

static void probe(const char *what, uint64_t va, int el0, int write, int want_fault, uint64_t want_fst, uint64_t want_pa)
{
        uint64_t par = at_s1(va, el0, write);
        const char *op = el0 ? (write ? "S1E0W" : "S1E0R") : (write ? "S1E1W" : "S1E1R");
        int ok;

        if (par & 1) {
                printf("%-34s %s va=0x%013lx PAR=0x%016lx fault FST=0x%02lx S=%lu\n", what, op, va, par,
                       (par >> 1) & 0x3f, (par >> 9) & 1);
                ok = want_fault && ((par >> 1) & 0x3f) == want_fst;
        } else {
                printf("%-34s %s va=0x%013lx PAR=0x%016lx PA=0x%lx ATTR=0x%02lx SH=%lu\n", what, op, va, par,
                       par & 0x000ffffffffff000UL, par >> 56, (par >> 7) & 3);
                ok = !want_fault && (par & 0x000ffffffffff000UL) == (want_pa & ~0xfffUL);
        }
        if (!ok) {
                printf("  MISMATCH: expected %s 0x%lx\n", want_fault ? "fault FST" : "PA", want_fault ? want_fst : want_pa);
                failures++;
        }
}

int s1walk_run(const struct s1walk_cfg *cfg)
{
        struct s2mmu m;
        unsigned g = cfg->granule;
        uint64_t gsize = 1UL << g;
        uint64_t rw = S1_AP_RW_ALL | S1_ATTRIDX(0) | S1_AF | S1_SH_INNER;
        char what[48];

        s1mmu_init(&m, g, cfg->va_bits);
        printf("s1walk: %uK granule, %u-bit VA, start level %u\n", 1U << (g - 10), cfg->va_bits, m.start_level);
        write_sysreg(HCR_EL2_RW, hcr_el2);          /* EL1 is AArch64, stage 2 off */
        write_el1(0xffUL | 0x04UL << 8 | 0x44UL << 16, mair);
        write_el1((64UL - cfg->va_bits) | (uint64_t)VTCR_TG0_FOR(g) << 14 | 1UL << 8 | 1UL << 10 | 3UL << 12 |
                  TCR_IPS_40 | TCR_EPD1, tcr);
        for (unsigned i = 0; i < 8; i++)
                *(volatile uint64_t *)(DATA_PA + i * gsize) = 0xda7a000000000000UL | i;

        s2mmu_map(&m, 0, DATA_PA, gsize, rw);
        s2mmu_map(&m, 2 * gsize, DATA_PA + 2 * gsize, gsize, S1_AP_RW_ALL | S1_ATTRIDX(0) | S1_SH_INNER);   /* AF = 0 */
        s2mmu_map(&m, 3 * gsize, DATA_PA + 3 * gsize, gsize, S1_AP_RW_EL1 | S1_ATTRIDX(0) | S1_AF | S1_SH_INNER);
        s2mmu_map(&m, 4 * gsize, DATA_PA + 4 * gsize, gsize, S1_AP_RO_EL1 | S1_ATTRIDX(0) | S1_AF | S1_SH_INNER);
        s2mmu_map(&m, 5 * gsize, BEYOND_IPS, gsize, rw);
        /* Device memory with SH = 0b10, the value PAR_EL1.SH reports for it (see qemu-deviations) */
        s2mmu_map(&m, 6 * gsize, DATA_PA + 6 * gsize, gsize, S1_AP_RW_ALL | S1_ATTRIDX(1) | S1_AF | (2UL << 8));
        for (unsigned level = m.start_level; level < 3; level++) {
                uint64_t span = 1UL << s2mmu_level_shift(&m, level);
                unsigned entries = level == m.start_level ? 1U << (cfg->va_bits - s2mmu_level_shift(&m, level)) : 1U << (g - 3);

                if (entries >= 4)
                        *s2mmu_slot(&m, (entries - 1) * span, level) = BEYOND_IPS | S2_DESC_TABLE | S2_DESC_VALID;
                if (!s2mmu_block_allowed(&m, level) || entries < 7)
                        continue;
                uint64_t bpa = DATA_PA & ~(span - 1);
                *s2mmu_slot(&m, 2 * span, level) = bpa | rw | S2_DESC_VALID;
                *s2mmu_slot(&m, 3 * span, level) = bpa | S1_AP_RW_ALL | S1_ATTRIDX(0) | S1_SH_INNER | S2_DESC_VALID;
                *s2mmu_slot(&m, 4 * span, level) = bpa | S1_AP_RO_ALL | S1_ATTRIDX(0) | S1_AF | S1_SH_INNER | S2_DESC_VALID;
                *s2mmu_slot(&m, 5 * span, level) = BEYOND_IPS | rw | S2_DESC_VALID;
        }
        dsb(ishst);
        write_el1((uint64_t)m.root, ttbr0);
        write_el1(SCTLR_EL1_RES1 | SCTLR_ELx_M, sctlr);
        isb();
        __asm__ volatile("tlbi vmalle1" ::: "memory");
        dsb(ish);
        isb();

        probe("page", 0x10, 0, 0, 0, 0, DATA_PA);
        probe("page", 0x18, 1, 1, 0, 0, DATA_PA);
        probe("device page", 6 * gsize, 0, 0, 0, 0, DATA_PA + 6 * gsize);
        for (unsigned level = m.start_level; level <= 3; level++) {
                snprintf(what, sizeof(what), "translation fault, level %u", level);
                probe(what, 1UL << s2mmu_level_shift(&m, level), 0, 0, 1, FSC_TRANSLATION(level), 0);
        }
        probe("access flag, page", 2 * gsize, 0, 0, 1, FSC_ACCESS_FLAG(3), 0);
        probe("EL1-only page", 3 * gsize, 0, 1, 0, 0, DATA_PA + 3 * gsize);
        probe("EL1-only page", 3 * gsize, 1, 0, 1, FSC_PERMISSION(3), 0);
        probe("read-only page", 4 * gsize, 0, 0, 0, 0, DATA_PA + 4 * gsize);
        probe("read-only page", 4 * gsize, 0, 1, 1, FSC_PERMISSION(3), 0);
        probe("output beyond IPS, page", 5 * gsize, 0, 0, 1, 0x00 | 3, 0);
        for (unsigned level = m.start_level; level < 3; level++) {
                uint64_t span = 1UL << s2mmu_level_shift(&m, level);
                unsigned entries = level == m.start_level ? 1U << (cfg->va_bits - s2mmu_level_shift(&m, level)) : 1U << (g - 3);

                if (entries >= 4) {
                        snprintf(what, sizeof(what), "table beyond IPS, level %u", level);
                        probe(what, (entries - 1) * span, 0, 0, 1, 0x00 | level, 0);
                }
                if (!s2mmu_block_allowed(&m, level) || entries < 7)
                        continue;
                uint64_t off = DATA_PA & (span - 1);
                snprintf(what, sizeof(what), "block, level %u", level);
                probe(what, 2 * span + off + 0x20, 1, 0, 0, 0, DATA_PA);
                snprintf(what, sizeof(what), "access flag, block, level %u", level);
                probe(what, 3 * span + off, 0, 0, 1, FSC_ACCESS_FLAG(level), 0);
                snprintf(what, sizeof(what), "read-only block, level %u", level);
                probe(what, 4 * span + off, 1, 1, 1, FSC_PERMISSION(level), 0);
                snprintf(what, sizeof(what), "output beyond IPS, block, level %u", level);
                probe(what, 5 * span + off, 0, 0, 1, 0x00 | level, 0);
        }
        if (cfg->va_bits < 48) {
                uint64_t par = at_s1(1UL << cfg->va_bits, 0, 0);
                printf("%-34s S1E1R va=0x%013lx PAR=0x%016lx\n", "VA beyond T0SZ", 1UL << cfg->va_bits, par);
                if (!(par & 1) || ((par >> 1) & 0x3c) != 0x04) {
                        printf("  MISMATCH: expected a translation fault\n");
                        failures++;
                }
        }
        write_el1((uint64_t)m.root | BEYOND_IPS, ttbr0);
        isb();
        __asm__ volatile("tlbi vmalle1" ::: "memory");
        dsb(ish);
        isb();
        {
                uint64_t par = at_s1(0x10, 0, 0);
                printf("%-34s S1E1R va=0x%013lx PAR=0x%016lx\n", "TTBR0_EL1 beyond IPS", 0x10UL, par);
                if (!(par & 1) || ((par >> 1) & 0x3c) != 0x00) {
                        printf("  MISMATCH: expected an address size fault\n");
                        failures++;
                }
        }
        write_el1(SCTLR_EL1_RES1, sctlr);
        isb();
        s2mmu_destroy(&m);
        printf("s1walk: %d mismatch(es)\n", failures);
        return failures ? STATUS_CHECK_FAILED : 0;
}
