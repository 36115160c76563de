/* timer-counter guest: reads the physical counter and the physical timer (trapped or not). */
#include "guest.h"

int guest_main(uint64_t arg)
{
        uint64_t pct = read_sysreg(cntpct_el0);
        uint64_t vct = read_sysreg(cntvct_el0);
        uint64_t ctl = read_sysreg(cntp_ctl_el0);

        GUEST_HVC(0x400, NULL, pct, vct, ctl, arg, 0, 0, 0, 0);
        return 0;
}
