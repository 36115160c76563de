/*
 * strict-missing-tlbi: written for `s2diff run --strict`. The host remaps a guest IPA with
 * break-before-make but leaves out the TLBI after the break: invalid descriptor, DSB, new
 * valid descriptor (another PA), then the guest reads the IPA again. The TLB may still
 * hold the old translation, so the architecture leaves the result open; --strict reports
 * missing-tlbi at the guest's load. Old and new PA hold the same word, so QEMU and the
 * model agree whichever translation they use.
 */
#include "guest_fw.h"

#define IPA   0x80000000UL
#define PA1   0x45000000UL
#define PA2   0x45001000UL

int guest_read(uint64_t ipa);

int main(void)
{
        struct guest *g = guest_create(1, S2MMU_GRANULE_4K, guest_read, IPA);
        uint64_t *d;

        *(volatile uint32_t *)PA1 = 0x600d;
        *(volatile uint32_t *)PA2 = 0x600d;
        s2mmu_map(&g->mmu, IPA, PA1, PAGE_SIZE, S2_S2AP_RW | S2_ATTR_NORMAL);
        printf("first read: 0x%lx\n", guest_run(g));
        d = s2mmu_desc(&g->mmu, IPA, NULL);
        *d = 0;                                  /* break ... */
        dsb(ishst);                              /* ... but no TLBI */
        *d = PA2 | S2_S2AP_RW | S2_ATTR_NORMAL | S2_DESC_PAGE | S2_DESC_VALID;
        dsb(ishst);
        isb();
        printf("second read: 0x%lx\n", guest_run(g));
        guest_destroy(g);
        return 0;
}
