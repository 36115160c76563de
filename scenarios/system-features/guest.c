/* Guest side of system-features: the EL1 registers read, written with ones and read back,
 * each reported to the host; with arg = 1, ESB with PSTATE.A masked first. */
#include "guest.h"
#include "probe.h"

#define REPORT(name, enc) do {                                                          \
                uint64_t a = read_sysreg(enc), b;                                       \
                write_sysreg(~0UL, enc);                                                \
                b = read_sysreg(enc);                                                   \
                GUEST_HVC(HVC_REPORT, NULL, (uint64_t)name, a, b, 0, 0, 0, 0, 0);       \
        } while (0);
#define REPORT_RO(name, enc) GUEST_HVC(HVC_REPORT, NULL, (uint64_t)name, read_sysreg(enc), 0, 0, 0, 0, 0, 0);

int guest_main(uint64_t arg)
{
        if (arg == 1) {
                __asm__ volatile("msr daifset, #4\n\thint #16\n\tisb" ::: "memory");   /* PSTATE.A = 1; ESB */
                REPORT("disr_el1 (VDISR_EL2)", s3_0_c12_c1_1);
                __asm__ volatile("msr daifclr, #4" ::: "memory");
                return 0;
        }
        LOR_REGS(REPORT);
        LOR_RO_REGS(REPORT_RO);
        RAS_REGS(REPORT);
        RAS_RO_REGS(REPORT_RO);
        return 0;
}
