/* Stage-2 translation table manager; see s2mmu.h. */
#include "s2mmu.h"

static uint8_t *pool_base;
static uint64_t pool_used;

static __noreturn void s2mmu_fail(const char *what, uint64_t v)
{
        printf("s2mmu: %s (0x%lx)\n", what, v);
        exit_status(STATUS_CHECK_FAILED);
}

/* n tables of the granule's size, zeroed, aligned to their total size. */
static uint64_t *pool_alloc(unsigned granule, unsigned n)
{
        uint64_t bytes = (uint64_t)n << granule;
        uint64_t off;

        if (!pool_base)
                pool_base = (uint8_t *)(((uint64_t)__image_end + (1UL << 20) - 1) & ~((1UL << 20) - 1));
        off = (pool_used + bytes - 1) & ~(bytes - 1);
        if (off + bytes > S2MMU_POOL_BYTES)
                s2mmu_fail("out of table memory", bytes);
        pool_used = off + bytes;
        memset(pool_base + off, 0, bytes);
        return (uint64_t *)(pool_base + off);
}

unsigned s2mmu_level_shift(const struct s2mmu *m, unsigned level)
{
        return m->granule + (m->granule - 3) * (3 - level);
}

/* D8.3: blocks at levels 1-2 with 4K, level 2 with 16K and 64K, and level 1 with 64K when
 * FEAT_LPA is implemented (ID_AA64MMFR0_EL1.PARange = 52 bits). */
int s2mmu_block_allowed(const struct s2mmu *m, unsigned level)
{
        if (m->granule == 12)
                return level == 1 || level == 2;
        if (m->granule == 16 && level == 1)
                return (read_sysreg(id_aa64mmfr0_el1) & 0xf) == 6;
        return level == 2;
}

/* VTCR_EL2.SL0 for a start level (D17.2.174): 4K 0:L2 1:L1 2:L0; 16K/64K 0:L3 1:L2 2:L1. */
static unsigned sl0_for(const struct s2mmu *m)
{
        return m->granule == 12 ? 2 - m->start_level : 3 - m->start_level;
}

void s2mmu_configure(struct s2mmu *m, unsigned ipa_bits, unsigned start_level)
{
        unsigned stride = m->granule - 3;
        unsigned lowest = m->granule == 12 ? 0 : 1;
        int bits;

        if (!m->stage1 && (start_level < lowest || start_level > 3 || (m->granule == 12 && start_level == 3)))
                s2mmu_fail("no VTCR_EL2.SL0 encoding for this start level", start_level);
        bits = (int)ipa_bits - (int)s2mmu_level_shift(m, start_level);
        if (bits < 1 || bits > (int)stride + 4)
                s2mmu_fail("IPA size and start level are inconsistent (more than 16 tables or none)", ipa_bits);
        m->ipa_bits = ipa_bits;
        m->start_level = start_level;
        m->root_tables = bits > (int)stride ? 1U << (bits - stride) : 1;
        m->root = pool_alloc(m->granule, m->root_tables);
}

void s2mmu_init(struct s2mmu *m, unsigned vmid, unsigned granule, int allow_block)
{
        unsigned stride = granule - 3, level;

        if (granule != 12 && granule != 14 && granule != 16)
                s2mmu_fail("granule must be 12, 14 or 16 (log2 of 4K, 16K, 64K)", granule);
        m->vmid = vmid;
        m->granule = granule;
        m->allow_block = allow_block;
        m->vtcr_extra = 0;
        m->ps = VTCR_PS_48BIT;
        m->stage1 = 0;
        /* A 40-bit IPA space from the natural start level (the one needing no concatenation). */
        m->start_level = level = 3;
        while (level > (granule == 12 ? 0U : 1U) && 40 - (int)s2mmu_level_shift(m, level) > (int)stride)
                m->start_level = --level;
        s2mmu_configure(m, 40, level);
}

/* Stage-1 tables for a va_bits-bit VA range (TCR_ELx.TnSZ = 64 - va_bits): the walk starts
 * at the level the size implies (D8.2.6), never with concatenated tables. */
void s1mmu_init(struct s2mmu *m, unsigned granule, unsigned va_bits)
{
        unsigned stride = granule - 3, level = 3;

        memset(m, 0, sizeof(*m));
        m->granule = granule;
        m->allow_block = 1;
        m->stage1 = 1;
        while (va_bits - (granule + stride * (3 - level)) > stride)
                level--;
        s2mmu_configure(m, va_bits, level);
}

static uint64_t *next_table(struct s2mmu *m, uint64_t *slot)
{
        uint64_t d = *slot;

        if (!(d & S2_DESC_VALID)) {
                uint64_t *t = pool_alloc(m->granule, 1);
                *slot = (uint64_t)t | S2_DESC_TABLE | S2_DESC_VALID;
                return t;
        }
        if ((d & S2_DESC_TYPE_MASK) != (S2_DESC_TABLE | S2_DESC_VALID))
                s2mmu_fail("a block is in the way of a table", d);
        return (uint64_t *)(d & S2_DESC_ADDR_MASK & ~((1UL << m->granule) - 1));
}

static unsigned index_at(const struct s2mmu *m, uint64_t ipa, unsigned level)
{
        unsigned shift = s2mmu_level_shift(m, level);
        unsigned bits = level == m->start_level ? m->ipa_bits - shift : m->granule - 3;

        return (ipa >> shift) & ((1UL << bits) - 1);
}

uint64_t *s2mmu_slot(struct s2mmu *m, uint64_t ipa, unsigned level)
{
        uint64_t *t = m->root;

        if (ipa >> m->ipa_bits)
                s2mmu_fail("IPA outside the IPA space", ipa);
        for (unsigned l = m->start_level; l < level; l++)
                t = next_table(m, &t[index_at(m, ipa, l)]);
        return &t[index_at(m, ipa, level)];
}

uint64_t *s2mmu_desc(struct s2mmu *m, uint64_t ipa, unsigned *level)
{
        uint64_t *t = m->root;

        for (unsigned l = m->start_level; l <= 3; l++) {
                uint64_t *slot = &t[index_at(m, ipa, l)];

                if (!(*slot & S2_DESC_VALID))
                        return NULL;
                if (l == 3 || (*slot & S2_DESC_TYPE_MASK) == S2_DESC_VALID) {
                        if (level)
                                *level = l;
                        return slot;
                }
                t = (uint64_t *)(*slot & S2_DESC_ADDR_MASK & ~((1UL << m->granule) - 1));
        }
        return NULL;
}

void s2mmu_map(struct s2mmu *m, uint64_t ipa, uint64_t pa, uint64_t size, uint64_t flags)
{
        uint64_t gsize = 1UL << m->granule;

        if ((ipa | pa | size) & (gsize - 1))
                s2mmu_fail("IPA, PA and size must be granule aligned", ipa | pa | size);
        while (size) {
                unsigned level = 3;

                for (unsigned l = m->start_level; l < 3; l++) {
                        uint64_t bsize = 1UL << s2mmu_level_shift(m, l);

                        if (m->allow_block && s2mmu_block_allowed(m, l) && !((ipa | pa) & (bsize - 1)) && size >= bsize) {
                                level = l;
                                break;
                        }
                }
                uint64_t step = 1UL << s2mmu_level_shift(m, level);
                uint64_t *slot = s2mmu_slot(m, ipa, level);

                *slot = pa | flags | S2_DESC_VALID | (level == 3 ? S2_DESC_PAGE : S2_DESC_BLOCK);
                ipa += step;
                pa += step;
                size -= step;
        }
        dsb(ishst);
}

void s2mmu_unmap(struct s2mmu *m, uint64_t ipa, uint64_t size)
{
        while (size) {
                unsigned level;
                uint64_t *d = s2mmu_desc(m, ipa, &level);
                uint64_t step = 1UL << (d ? s2mmu_level_shift(m, level) : m->granule);

                if (d)
                        *d = 0;
                ipa += step;
                size = size > step ? size - step : 0;
        }
        s2mmu_flush_all(m);
}

uint64_t s2mmu_vtcr(const struct s2mmu *m)
{
        return VTCR_EL2_RES1 | VTCR_EL2_T0SZ(64 - m->ipa_bits) | VTCR_EL2_SL0(sl0_for(m)) |
               VTCR_EL2_IRGN0(VTCR_RGN_WBWA) | VTCR_EL2_ORGN0(VTCR_RGN_WBWA) |
               VTCR_EL2_SH0(VTCR_SH_INNER) | VTCR_EL2_TG0(VTCR_TG0_FOR(m->granule)) |
               VTCR_EL2_PS(m->ps) | m->vtcr_extra;
}

/* VTTBR_EL2 (D17.2.175): BADDR, VMID[55:48] (8-bit VMIDs: VTCR_EL2.VS = 0). */
uint64_t s2mmu_vttbr(const struct s2mmu *m)
{
        return ((uint64_t)m->root & VTTBR_BADDR_MASK) | ((uint64_t)(m->vmid & 0xff) << VTTBR_VMID_SHIFT);
}

void s2mmu_flush_all(struct s2mmu *m)
{
        (void)m;
        dsb(ishst);
        __asm__ volatile("tlbi vmalls12e1is" ::: "memory");
        dsb(ish);
        isb();
}

/* A stage-2 change: the stage-2 entry (IPAS2E1IS) and the combined entries (VMALLE1IS). */
void s2mmu_flush_ipa(struct s2mmu *m, uint64_t ipa)
{
        (void)m;
        dsb(ishst);
        __asm__ volatile("tlbi ipas2e1is, %0" :: "r"(ipa >> 12) : "memory");
        dsb(ish);
        __asm__ volatile("tlbi vmalle1is" ::: "memory");
        dsb(ish);
        isb();
}

void s2mmu_enable(struct s2mmu *m)
{
        write_sysreg(s2mmu_vtcr(m), vtcr_el2);
        write_sysreg(s2mmu_vttbr(m), vttbr_el2);
        isb();
        write_sysreg(read_sysreg(hcr_el2) | HCR_EL2_VM | HCR_EL2_RW, hcr_el2);
        isb();
        s2mmu_flush_all(m);
}

void s2mmu_disable(struct s2mmu *m)
{
        write_sysreg(read_sysreg(hcr_el2) & ~HCR_EL2_VM, hcr_el2);
        isb();
        s2mmu_flush_all(m);
}

void s2mmu_destroy(struct s2mmu *m)
{
        m->root = NULL;
        pool_used = 0;
}

void s2mmu_map_guest_image(struct s2mmu *m, uint64_t uart)
{
        uint64_t g = 1UL << m->granule;
        uint64_t ts = (uint64_t)__guest_text_start & ~(g - 1), te = ((uint64_t)__guest_text_end + g - 1) & ~(g - 1);
        uint64_t ds = (uint64_t)__guest_data_start & ~(g - 1), de = ((uint64_t)__guest_data_end + g - 1) & ~(g - 1);

        if (te > ds)
                s2mmu_fail("guest text and data share a granule; use the 4K granule for guests", ds);
        s2mmu_map(m, ts, ts, te - ts, S2_ATTR_NORMAL | S2_S2AP_RO);
        s2mmu_map(m, ds, ds, de - ds, S2_ATTR_NORMAL | S2_S2AP_RW | S2_XN);
        if (uart)
                s2mmu_map(m, uart & ~(g - 1), uart & ~(g - 1), g, S2_ATTR_DEVICE | S2_S2AP_RW);
}

void s2mmu_print_fault(const char *what, const struct el2_frame *f)
{
        uint64_t iss = ESR_ISS(f->esr);
        uint64_t ipa = HPFAR_TO_IPA(f->hpfar) | (f->far & (PAGE_SIZE - 1));

        printf("%s: EC=0x%02lx ISV=%lu SAS=%lu SRT=%lu SF=%lu AR=%lu CM=%lu S1PTW=%lu WnR=%lu xFSC=0x%02lx FAR=0x%lx IPA=0x%lx\n",
               what, ESR_EC(f->esr), (iss >> 24) & 1, (iss >> 22) & 3, (iss >> 16) & 31, (iss >> 15) & 1,
               (iss >> 14) & 1, (iss >> 8) & 1, (iss >> 7) & 1, (iss >> 6) & 1, ESR_xFSC(f->esr), f->far, ipa);
}
