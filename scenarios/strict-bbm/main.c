/*
 * strict-bbm: written for `s2diff run --strict`. The host replaces a valid stage-2 page
 * descriptor by another valid one with a different output address, without
 * break-before-make, then invalidates the TLB and lets the guest read the IPA again.
 * --strict reports break-before-make at the host's store. Old and new PA hold the same
 * word, so QEMU and the model agree whatever the hardware would have done.
 */
#include "guest_fw.h"

#define IPA   0x80000000UL
#define PA1   0x45000000UL
#define PA2   0x45001000UL

int guest_read(uint64_t ipa);

int main(void)
{
        struct guest *g = guest_create(1, S2MMU_GRANULE_4K, guest_read, IPA);

        *(volatile uint32_t *)PA1 = 0xb0b;
        *(volatile uint32_t *)PA2 = 0xb0b;
        s2mmu_map(&g->mmu, IPA, PA1, PAGE_SIZE, S2_S2AP_RW | S2_ATTR_NORMAL);
        printf("first read: 0x%lx\n", guest_run(g));
        *s2mmu_desc(&g->mmu, IPA, NULL) = PA2 | S2_S2AP_RW | S2_ATTR_NORMAL | S2_DESC_PAGE | S2_DESC_VALID;
        s2mmu_flush_ipa(&g->mmu, IPA);
        printf("second read: 0x%lx\n", guest_run(g));
        guest_destroy(g);
        return 0;
}
