/* Guest side of vhe-redirect: reports the EL1 registers as the guest sees them. */
#include "guest.h"

#define HVC_REPORT 0x200

int guest_main(uint64_t arg)
{
        (void)arg;
        GUEST_HVC(HVC_REPORT, NULL, read_sysreg(sctlr_el1), read_sysreg(mair_el1), read_sysreg(contextidr_el1),
                  read_sysreg(tcr_el1), read_sysreg(cpacr_el1), 0, 0, 0);
        return 0;
}
