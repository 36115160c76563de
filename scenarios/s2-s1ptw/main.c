/*
 * s2-s1ptw: stage-2 faults on stage-1 translation table walks. The guest turns its MMU on
 * (tables built by the host: a 1 GiB block for its own image, and three 2 MiB regions whose
 * level-3 tables live in pages stage 2 does not map). A load, an instruction fetch and an
 * AT S1E1R in those regions each take a stage-2 fault on the walk, reported to EL2 with
 * S1PTW=1 and HPFAR_EL2 = the table's IPA (the AT one as a Data Abort with CM=1, WnR=1);
 * the host maps the table page and the guest replays the access.
 */
#include "guest_fw.h"

#define VA_BASE   0x80000000UL
#define DATA_PA   0x45000000UL

int guest_main(uint64_t base);
extern uint64_t s1ptw_results[4];

static uint64_t s1_l1[512] __attribute__((aligned(4096)));
static uint64_t s1_l2[512] __attribute__((aligned(4096)));
static uint64_t s1_l3[3][512] __attribute__((aligned(4096)));

static enum exc_result on_abort(struct guest *g, struct el2_frame *f)
{
        uint64_t ipa = HPFAR_TO_IPA(f->hpfar);

        s2mmu_print_fault(ESR_EC(f->esr) == ESR_EC_IABT_LOW ? "instruction abort" : "data abort", f);
        if (!(ESR_ISS(f->esr) & ESR_DABT_S1PTW)) {
                printf("  not on a stage-1 walk\n");
                return EXC_UNHANDLED;
        }
        printf("  mapping the stage-1 table page at IPA 0x%lx and replaying\n", ipa);
        s2mmu_map(&g->mmu, ipa, ipa, PAGE_SIZE, S2_S2AP_RO | S2_ATTR_NORMAL);
        s2mmu_flush_ipa(&g->mmu, ipa);
        return EXC_HANDLED;
}

int main(void)
{
        struct guest *g = guest_create(4, S2MMU_GRANULE_4K, guest_main, VA_BASE);
        uint64_t normal = S1_ATTRIDX(0) | S1_AF | S1_SH_INNER | S1_AP_RW_EL1;
        uint32_t *code = (uint32_t *)(DATA_PA + 0x1000);

        *(volatile uint64_t *)(DATA_PA + 0x10) = 0x5eed5eed;
        code[0] = 0xd2800540;      /* mov x0, #42 */
        code[1] = 0xd65f03c0;      /* ret */
        /* Stage 1 (TTBR0_EL1): L1[1] = 1 GiB block over the guest image, L1[2] -> L2,
         * L2[0..2] -> three level-3 tables, each mapping two pages of DATA_PA. */
        s1_l1[1] = 0x40000000UL | normal | 1;
        s1_l1[2] = (uint64_t)s1_l2 | 3;
        for (int i = 0; i < 3; i++) {
                s1_l2[i] = (uint64_t)s1_l3[i] | 3;
                s1_l3[i][0] = DATA_PA | normal | 3;
                s1_l3[i][1] = (DATA_PA + 0x1000) | normal | 3;
        }
        /* Stage 2: the image, the level-1 and level-2 tables and the data; not the level-3 tables. */
        s2mmu_map(&g->mmu, (uint64_t)s1_l1, (uint64_t)s1_l1, PAGE_SIZE, S2_S2AP_RO | S2_ATTR_NORMAL);
        s2mmu_map(&g->mmu, (uint64_t)s1_l2, (uint64_t)s1_l2, PAGE_SIZE, S2_S2AP_RO | S2_ATTR_NORMAL);
        s2mmu_map(&g->mmu, DATA_PA, DATA_PA, 2 * PAGE_SIZE, S2_S2AP_RW | S2_ATTR_NORMAL);
        write_sysreg(0xffUL, mair_el1);
        write_sysreg(25UL | 1UL << 8 | 1UL << 10 | 3UL << 12 | 2UL << 32 | BIT(23), tcr_el1);
        write_sysreg((uint64_t)s1_l1, ttbr0_el1);
        isb();
        guest_on_exit(g, ESR_EC_DABT_LOW, on_abort);
        guest_on_exit(g, ESR_EC_IABT_LOW, on_abort);
        uint64_t status = guest_run(g);
        printf("guest status %lu, %u stage-2 faults on walks\n", status, g->exits);
        regs_dump("results", REG("load", s1ptw_results[0]), REG("call", s1ptw_results[1]),
                  REG("par_el1", s1ptw_results[2]), NULL);
        guest_destroy(g);
        return s1ptw_results[0] == 0x5eed5eed && s1ptw_results[1] == 42 && !(s1ptw_results[2] & 1) ? (int)status
                                                                                                     : STATUS_CHECK_FAILED;
}
