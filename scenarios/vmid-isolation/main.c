/*
 * vmid-isolation: two guests with their own stage 2 and VMIDs map the same IPA to
 * different pages. They run alternately; switching VTTBR_EL2 (VMID and tables) needs no
 * TLBI because TLB entries are tagged by VMID, and each guest reads its own page.
 */
#include "guest_fw.h"

#define IPA   0x80000000UL
#define PA1   0x45000000UL
#define PA2   0x45001000UL

int guest_read(uint64_t ipa);

int main(void)
{
        struct guest *g1 = guest_create(1, S2MMU_GRANULE_4K, guest_read, IPA);
        struct guest *g2 = guest_create(2, S2MMU_GRANULE_4K, guest_read, IPA);
        int failures = 0;

        *(volatile uint32_t *)PA1 = 0x1001;
        *(volatile uint32_t *)PA2 = 0x2002;
        s2mmu_map(&g1->mmu, IPA, PA1, PAGE_SIZE, S2_S2AP_RO | S2_ATTR_NORMAL);
        s2mmu_map(&g2->mmu, IPA, PA2, PAGE_SIZE, S2_S2AP_RO | S2_ATTR_NORMAL);
        for (int round = 0; round < 3; round++) {
                uint64_t a = guest_run(g1), b = guest_run(g2);

                printf("round %d: VMID %u reads 0x%lx, VMID %u reads 0x%lx %s\n", round, g1->mmu.vmid, a,
                       g2->mmu.vmid, b, a == 0x1001 && b == 0x2002 ? "ok" : "MISMATCH");
                failures += !(a == 0x1001 && b == 0x2002);
        }
        regs_dump("vttbr", REG("vttbr_g1", s2mmu_vttbr(&g1->mmu)), REG("vttbr_g2", s2mmu_vttbr(&g2->mmu)), NULL);
        guest_destroy(g1);
        guest_destroy(g2);
        return failures ? STATUS_CHECK_FAILED : 0;
}
