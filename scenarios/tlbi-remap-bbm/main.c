/*
 * tlbi-remap-bbm: remapping a guest IPA to a page with other contents the way the
 * architecture requires: invalid descriptor, TLBI IPAS2E1IS + VMALLE1IS (s2mmu_flush_ipa),
 * the new descriptor, then the guest reads the new contents. Also a block split: a 2 MiB
 * block replaced (with break-before-make) by a table of pages with one page remapped.
 * `--strict` finds nothing here.
 */
#include "guest_fw.h"

#define IPA     0x80000000UL
#define BLK_IPA 0x80200000UL
#define PA1     0x45000000UL
#define PA2     0x45001000UL
#define BLK_PA  0x45200000UL

int guest_read(uint64_t ipa);

int main(void)
{
        struct guest *g = guest_create(2, S2MMU_GRANULE_4K, guest_read, IPA);
        unsigned level;
        uint64_t *d;
        int failures = 0;

        *(volatile uint32_t *)PA1 = 0x1111;
        *(volatile uint32_t *)PA2 = 0x2222;
        *(volatile uint32_t *)(BLK_PA + 0x3000) = 0x3333;
        s2mmu_map(&g->mmu, IPA, PA1, PAGE_SIZE, S2_S2AP_RW | S2_ATTR_NORMAL);
        s2mmu_map(&g->mmu, BLK_IPA, BLK_PA, 2UL << 20, S2_S2AP_RW | S2_ATTR_NORMAL);
        d = s2mmu_desc(&g->mmu, BLK_IPA, &level);
        printf("block mapping at level %u: 0x%016lx\n", level, *d);

        g->arg = IPA;
        uint64_t a = guest_run(g);
        s2mmu_unmap(&g->mmu, IPA, PAGE_SIZE);                    /* break + TLBI */
        s2mmu_map(&g->mmu, IPA, PA2, PAGE_SIZE, S2_S2AP_RW | S2_ATTR_NORMAL);   /* make */
        s2mmu_flush_ipa(&g->mmu, IPA);
        uint64_t b = guest_run(g);
        printf("page remap: 0x%lx -> 0x%lx %s\n", a, b, a == 0x1111 && b == 0x2222 ? "ok" : "MISMATCH");
        failures += !(a == 0x1111 && b == 0x2222);

        g->arg = BLK_IPA + 0x3000;
        a = guest_run(g);
        s2mmu_unmap(&g->mmu, BLK_IPA, 2UL << 20);                /* break the block + TLBI */
        s2mmu_map(&g->mmu, BLK_IPA, BLK_PA, 2UL << 20, S2_S2AP_RW | S2_ATTR_NORMAL | 0);
        /* s2mmu_map made a block again; split it by hand into pages, one remapped. */
        *s2mmu_desc(&g->mmu, BLK_IPA, NULL) = 0;
        s2mmu_flush_all(&g->mmu);
        g->mmu.allow_block = 0;
        s2mmu_map(&g->mmu, BLK_IPA, BLK_PA, 2UL << 20, S2_S2AP_RW | S2_ATTR_NORMAL);
        s2mmu_unmap(&g->mmu, BLK_IPA + 0x3000, PAGE_SIZE);
        s2mmu_map(&g->mmu, BLK_IPA + 0x3000, PA2, PAGE_SIZE, S2_S2AP_RW | S2_ATTR_NORMAL);
        s2mmu_flush_ipa(&g->mmu, BLK_IPA + 0x3000);
        d = s2mmu_desc(&g->mmu, BLK_IPA + 0x3000, &level);
        b = guest_run(g);
        printf("block split: level %u, 0x%lx -> 0x%lx %s\n", level, a, b, a == 0x3333 && b == 0x2222 ? "ok" : "MISMATCH");
        failures += !(a == 0x3333 && b == 0x2222);
        guest_destroy(g);
        return failures ? STATUS_CHECK_FAILED : 0;
}
