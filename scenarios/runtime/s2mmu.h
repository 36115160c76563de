/*
 * s2mmu: a stage-2 translation table manager for any granule (4K, 16K, 64K), any legal
 * IPA size and start level (with concatenated start tables), page and block mappings.
 * Descriptor fields are the architecture's (runtime.h S2_* macros, Arm ARM D8.3).
 *
 *   struct s2mmu m;
 *   s2mmu_init(&m, vmid, S2MMU_GRANULE_4K, allow_block);   // 40-bit IPA, natural start level
 *   s2mmu_configure(&m, ipa_bits, start_level);              // optional, before mapping
 *   s2mmu_map(&m, ipa, pa, size, S2_S2AP_RW | S2_ATTR_NORMAL);
 *   s2mmu_enable(&m);                                        // VTCR_EL2, VTTBR_EL2, HCR_EL2.VM
 *   ... s2mmu_unmap(&m, ipa, size); s2mmu_disable(&m); s2mmu_destroy(&m);
 *
 * Tables come from a pool in RAM after the image (S2MMU_POOL_BYTES, 1 MiB aligned, so a
 * concatenated start table is aligned to its size as VTTBR_EL2.BADDR requires).
 */
#ifndef S2DIFF_S2MMU_H
#define S2DIFF_S2MMU_H

#include "runtime.h"

#define S2MMU_GRANULE_4K     12
#define S2MMU_GRANULE_16K    14
#define S2MMU_GRANULE_64K    16
#define S2MMU_POOL_BYTES     (4UL << 20)

/* VTCR_EL2.TG0 encodings (D17.2.174) and VTCR_EL2.PS 48 bits */
#define VTCR_TG0_FOR(g)      ((g) == 12 ? VTCR_TG0_4K : (g) == 14 ? VTCR_TG0_16K : VTCR_TG0_64K)
#define VTCR_PS_48BIT        5
#define VTCR_EL2_HA          BIT(21)
#define VTTBR_CNP            BIT(0)

/* Stage-2 descriptor: the contiguous hint (bit 52). */
#define S2_CONTIGUOUS        BIT(52)

/* Stage-1 descriptor attribute bits (D8.3.2) */
#define S1_ATTRIDX(n)        ((unsigned long)(n) << 2)
#define S1_NS                BIT(5)
#define S1_AP_RW_EL1         (0UL << 6)   /* AP[2:1] = 00: EL1 read/write, EL0 none */
#define S1_AP_RW_ALL         (1UL << 6)   /* 01: read/write at EL1 and EL0 */
#define S1_AP_RO_EL1         (2UL << 6)   /* 10: EL1 read-only, EL0 none */
#define S1_AP_RO_ALL         (3UL << 6)   /* 11: read-only at EL1 and EL0 */
#define S1_SH_INNER          (3UL << 8)
#define S1_AF                BIT(10)
#define S1_NG                BIT(11)
#define S1_DBM               BIT(51)
#define S1_CONTIGUOUS        BIT(52)
#define S1_PXN               BIT(53)
#define S1_UXN               BIT(54)

struct s2mmu {
        unsigned vmid;
        unsigned granule;        /* log2 of the granule size: 12, 14 or 16 */
        unsigned ipa_bits;       /* 64 - VTCR_EL2.T0SZ */
        unsigned start_level;
        unsigned root_tables;    /* concatenated tables at the start level */
        int allow_block;
        uint64_t *root;
        uint64_t vtcr_extra;     /* e.g. VTCR_EL2_HA */
        unsigned ps;             /* VTCR_EL2.PS encoding (default VTCR_PS_48BIT) */
        int stage1;              /* built by s1mmu_init: stage-1 tables (same layout) */
};

void s2mmu_init(struct s2mmu *m, unsigned vmid, unsigned granule, int allow_block);
/* The same manager for stage-1 tables (the descriptor layout is shared; flags are the
 * S1_* attribute bits): the start level follows from the VA size. */
void s1mmu_init(struct s2mmu *m, unsigned granule, unsigned va_bits);
/* Chooses T0SZ and SL0; stops the image with a message for an illegal combination. */
void s2mmu_configure(struct s2mmu *m, unsigned ipa_bits, unsigned start_level);
/* Maps [ipa, ipa + size) to pa with the descriptor attribute bits `flags` (S2AP, MemAttr,
 * SH, AF, XN, ...): blocks where allowed and aligned, pages otherwise. */
void s2mmu_map(struct s2mmu *m, uint64_t ipa, uint64_t pa, uint64_t size, uint64_t flags);
/* Invalid descriptors for [ipa, ipa + size) (whole blocks/pages), then TLB invalidation. */
void s2mmu_unmap(struct s2mmu *m, uint64_t ipa, uint64_t size);
/* The descriptor that maps ipa (block or page) and its level, or NULL. */
uint64_t *s2mmu_desc(struct s2mmu *m, uint64_t ipa, unsigned *level);
/* The table descriptor slot at `level` on the walk of ipa, creating tables above it. */
uint64_t *s2mmu_slot(struct s2mmu *m, uint64_t ipa, unsigned level);
unsigned s2mmu_level_shift(const struct s2mmu *m, unsigned level);
int s2mmu_block_allowed(const struct s2mmu *m, unsigned level);
uint64_t s2mmu_vtcr(const struct s2mmu *m);
uint64_t s2mmu_vttbr(const struct s2mmu *m);
void s2mmu_enable(struct s2mmu *m);
void s2mmu_disable(struct s2mmu *m);
/* Forgets every table (the pool is reused by the next s2mmu_init). */
void s2mmu_destroy(struct s2mmu *m);
void s2mmu_flush_ipa(struct s2mmu *m, uint64_t ipa);
void s2mmu_flush_all(struct s2mmu *m);
/* Identity-maps the guest's text (read-only), data + stack (read-write, XN) and the
 * device page at `uart` (0 for none). */
void s2mmu_map_guest_image(struct s2mmu *m, uint64_t uart);
/* One line decoding an abort's ESR (EC, ISV/SAS/SRT/SF/AR, CM, S1PTW, WnR, xFSC) with FAR and IPA. */
void s2mmu_print_fault(const char *what, const struct el2_frame *f);

#endif
