/*
 * s2-lpa-64k: FEAT_LPA with the 64K granule at stage 2 (AT S12E1R from EL2, stage 1 off):
 * a 4 TiB level-1 block, and descriptor bits [15:12], which are OA[51:48] only when
 * VTCR_EL2.PS selects 52 bits and are ignored (RES0) otherwise (Arm ARM D8.3.1).
 */
#include "s2mmu.h"
static uint64_t at(uint64_t ipa) { __asm__ volatile("at s12e1r, %0" :: "r"(ipa)); isb(); return read_sysreg(par_el1); }
int main(void)
{
        struct s2mmu m;
        write_sysreg(HCR_EL2_RW, hcr_el2);
        write_sysreg(SCTLR_EL1_RES1, sctlr_el1);
        isb();
        s2mmu_init(&m, 1, 16, 1);
        s2mmu_configure(&m, 48, 1);
        for (unsigned ps = 5; ps <= 6; ps++) {
                m.ps = ps;
                *s2mmu_slot(&m, 2UL << 42, 1) = 0x40000000000UL | S2_S2AP_RW | S2_ATTR_NORMAL | 1;  /* level-1 block, 4TB-aligned OA 0x400_0000_0000 */
                s2mmu_map(&m, 0x10000, 0x44000000, 0x10000, S2_S2AP_RW | S2_ATTR_NORMAL);
                *s2mmu_slot(&m, 0x20000, 3) = 0x44000000UL | (1UL << 12) | S2_S2AP_RW | S2_ATTR_NORMAL | 3; /* OA[51:48] = 1 */
                s2mmu_enable(&m);
                printf("PS=%u L1 block: PAR=0x%016lx\n", ps, at((2UL << 42) + 0x1234000));
                printf("PS=%u page OA[51:48]=1: PAR=0x%016lx\n", ps, at(0x20000));
                printf("PS=%u page: PAR=0x%016lx\n", ps, at(0x10000));
        }
        return 0;
}
