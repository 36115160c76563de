/*
 * s2-hafdbs: FEAT_HAFDBS at stage 2. With VTCR_EL2.HA the access flag of a page the guest
 * touches is set by the walk instead of faulting; with VTCR_EL2.HD a write to a page that
 * is read-only at stage 2 but has DBM set makes it writable (S2AP[1] set) instead of
 * faulting. The host prints the descriptors before and after.
 */
#include "guest_fw.h"

#define IPA   0x80000000UL
#define PA1   0x45000000UL
#define S2_DBM BIT(51)

int guest_read(uint64_t ipa);
int guest_write(uint64_t ipa);

static enum exc_result on_abort(struct guest *g, struct el2_frame *f)
{
        (void)g;
        s2mmu_print_fault("abort", f);
        f->x[0] = 0xbad;
        f->elr += 4;
        return EXC_HANDLED;
}

int main(void)
{
        uint64_t mmfr1 = read_sysreg(id_aa64mmfr1_el1);
        struct guest *g = guest_create(1, S2MMU_GRANULE_4K, guest_read, IPA);
        uint64_t *d0, *d1, *d2;

        printf("ID_AA64MMFR1_EL1.HAFDBS = %lu\n", mmfr1 & 0xf);
        *(volatile uint32_t *)PA1 = 0xaf;
        s2mmu_map(&g->mmu, IPA, PA1, PAGE_SIZE, S2_S2AP_RW | S2_MEMATTR_NORMAL_WB | S2_SH_INNER);          /* AF = 0 */
        s2mmu_map(&g->mmu, IPA + PAGE_SIZE, PA1 + PAGE_SIZE, PAGE_SIZE, S2_S2AP_RO | S2_ATTR_NORMAL | S2_DBM);
        s2mmu_map(&g->mmu, IPA + 2 * PAGE_SIZE, PA1 + 2 * PAGE_SIZE, PAGE_SIZE, S2_S2AP_RO | S2_ATTR_NORMAL);
        d0 = s2mmu_desc(&g->mmu, IPA, NULL);
        d1 = s2mmu_desc(&g->mmu, IPA + PAGE_SIZE, NULL);
        d2 = s2mmu_desc(&g->mmu, IPA + 2 * PAGE_SIZE, NULL);
        guest_on_exit(g, ESR_EC_DABT_LOW, on_abort);

        printf("-- VTCR_EL2.HA = 0: the access flag faults\n");
        printf("read: 0x%lx, descriptor 0x%016lx\n", guest_run(g), *d0);
        g->mmu.vtcr_extra = VTCR_EL2_HA | BIT(22);   /* HA, HD */
        printf("-- VTCR_EL2.HA = 1, HD = 1\n");
        printf("read: 0x%lx, descriptor 0x%016lx\n", guest_run(g), *d0);
        g->entry = guest_write;
        g->arg = IPA + PAGE_SIZE;
        printf("write to RO + DBM: 0x%lx, descriptor 0x%016lx\n", guest_run(g), *d1);
        g->arg = IPA + 2 * PAGE_SIZE;
        printf("write to RO: 0x%lx, descriptor 0x%016lx\n", guest_run(g), *d2);
        printf("%u aborts\n", g->exits);
        guest_destroy(g);
        return 0;
}
