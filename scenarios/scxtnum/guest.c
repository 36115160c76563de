/* Guest side of scxtnum: reads and writes SCXTNUM_EL1 and SCXTNUM_EL0 at EL1 and reports
 * what it saw (the host emulates a trapped read with EMULATED | ISS). */
#include "guest.h"

#define HVC_REPORT 0x300

#define SCXTNUM_EL0 s3_3_c13_c0_7
#define SCXTNUM_EL1 s3_0_c13_c0_7

int guest_main(uint64_t arg)
{
        uint64_t el1, el0;

        (void)arg;
        el1 = read_sysreg(SCXTNUM_EL1);
        el0 = read_sysreg(SCXTNUM_EL0);
        write_sysreg(el1 + 1, SCXTNUM_EL1);
        write_sysreg(el0 + 2, SCXTNUM_EL0);
        GUEST_HVC(HVC_REPORT, NULL, el1, el0, read_sysreg(SCXTNUM_EL1), read_sysreg(SCXTNUM_EL0), 0, 0, 0, 0);
        return 0;
}
