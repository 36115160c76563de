/* virtual-serror guest: masks PSTATE.A, has the host make a virtual SError pending, unmasks. */
#include "guest.h"

static volatile uint64_t serrors, esr;

/* The runtime's SError hook (guest_start.S). */
void guest_serror(void)
{
        esr = read_sysreg(esr_el1);
        serrors++;
}

int guest_main(uint64_t arg)
{
        uint64_t before;

        (void)arg;
        __asm__ volatile("msr daifset, #4" ::: "memory");
        GUEST_HVC(0x500, NULL, 0, 0, 0, 0, 0, 0, 0, 0);         /* host: VSE pending */
        before = serrors;                                       /* masked: not taken yet */
        __asm__ volatile("msr daifclr, #4\n\tisb" ::: "memory");
        GUEST_HVC(0x501, NULL, before, serrors, esr, 0, 0, 0, 0, 0);
        return 0;
}
