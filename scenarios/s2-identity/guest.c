/* s2-identity guest: runs at EL1 with its MMU off, through the host's stage-2 map. */
#include "guest.h"

static uint64_t guest_data_word = 0x600df00d12345678UL;   /* guest .data */
static volatile uint64_t guest_counter;                   /* guest .bss */

int guest_main(uint64_t arg)
{
        uint64_t el = read_sysreg(CurrentEL);
        uint64_t sctlr = read_sysreg(sctlr_el1);
        uint64_t midr = read_sysreg(midr_el1);
        uint64_t mpidr = read_sysreg(mpidr_el1);

        guest_puts("guest: hello from EL1 through the stage-2 identity map\n");
        guest_puts("guest: CurrentEL=");
        guest_puthex(el);
        guest_puts(" SCTLR_EL1=");
        guest_puthex(sctlr);
        guest_puts("\nguest: arg=");
        guest_puthex(arg);
        guest_putc('\n');

        for (int i = 0; i < 3; i++)
                guest_counter++;

        guest_puts("guest: leaving with hvc #0\n");
        for (;;)
                GUEST_HVC(HVC_GUEST_EXIT, NULL, 0, el, sctlr, arg, midr, mpidr,
                          guest_data_word, guest_counter);
}
