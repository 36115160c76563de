/* Guest side of s2-s1ptw: MMU on at EL1, then a load, a call and an AT whose stage-1
 * walks need table pages that stage 2 does not map yet. */
#include "guest.h"

uint64_t s1ptw_results[4];

int guest_main(uint64_t base)
{
        uint64_t par;
        int (*fn)(void) = (int (*)(void))(base + 0x201000);

        write_sysreg(SCTLR_EL1_RES1 | SCTLR_ELx_M, sctlr_el1);
        isb();
        s1ptw_results[0] = *(volatile uint64_t *)(base + 0x10);          /* data: S1PTW abort, then replay */
        s1ptw_results[1] = (uint64_t)fn();                              /* fetch: S1PTW abort, then replay */
        __asm__ volatile("at s1e1r, %0" :: "r"(base + 0x400000));       /* AT: S1PTW abort to EL2 */
        isb();
        par = read_sysreg(par_el1);
        s1ptw_results[2] = par;
        write_sysreg(SCTLR_EL1_RES1, sctlr_el1);
        isb();
        return 0;
}
