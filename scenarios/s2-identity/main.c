/*
 * s2-identity: EL2 builds a 4 KiB-granule stage-2 identity map of the guest's pages
 * and the UART, turns stage 2 on (HCR_EL2.VM) and enters a guest at EL1h with its
 * MMU off. The guest prints through the UART itself, reads a few registers and leaves
 * with HVC #0; the host prints the exit frame and checks what the guest reported.
 */
#include "vm.h"

int guest_main(uint64_t arg);   /* guest.c */

#define GUEST_ARG   0x0123456789abcdefUL

static int failures;

static void check(const char *what, uint64_t got, uint64_t want)
{
        printf("check %-36s 0x%016lx %s\n", what, got, got == want ? "ok" : "MISMATCH");
        if (got != want) {
                printf("  expected 0x%016lx\n", want);
                failures++;
        }
}

int main(void)
{
        uint64_t ret;
        const struct el2_frame *f = &guest_exit_frame;

        printf("s2-identity: host at EL%lu\n", CURRENTEL_EL(read_sysreg(CurrentEL)));
        s2_init();
        vm_map_guest_image();
        s2_enable(1);
        printf("guest text 0x%lx-0x%lx (RO), guest data 0x%lx-0x%lx (RW, XN), UART 0x%lx\n",
               (uint64_t)__guest_text_start, (uint64_t)__guest_text_end,
               (uint64_t)__guest_data_start, (uint64_t)__guest_data_end, UART_PL011_BASE);
        regs_dump("stage2",
                  REG("hcr_el2", read_sysreg(hcr_el2)),
                  REG("vtcr_el2", read_sysreg(vtcr_el2)),
                  REG("vttbr_el2", read_sysreg(vttbr_el2)),
                  REG("sctlr_el1", read_sysreg(sctlr_el1)),
                  REG("l1_desc1", *(uint64_t *)(s2_root_table() + 8)),
                  REG("pte_text", *s2_pte((uint64_t)__guest_text_start, 0)),
                  REG("pte_data", *s2_pte((uint64_t)__guest_data_start, 0)),
                  REG("pte_uart", *s2_pte(UART_PL011_BASE, 0)),
                  NULL);

        printf("entering the guest\n");
        ret = guest_call(guest_main, GUEST_ARG);
        printf("back at EL%lu: the guest exited with x0=0x%lx\n",
               CURRENTEL_EL(read_sysreg(CurrentEL)), ret);
        regs_dump_frame("guest-exit", f);

        check("exit: ESR_EL2.EC is HVC64", ESR_EC(f->esr), ESR_EC_HVC64);
        check("exit: HVC immediate", ESR_HVC_IMM16(f->esr), HVC_GUEST_EXIT);
        check("exit: ESR_EL2.IL", f->esr & ESR_IL, ESR_IL);
        check("exit: SPSR_EL2.M is EL1h", f->spsr & 0xf, SPSR_M_EL1H);
        check("guest status (x0)", f->x[0], 0);
        check("guest CurrentEL (x1)", f->x[1], 1 << CURRENTEL_EL_SHIFT);
        check("guest SCTLR_EL1.M (x2)", f->x[2] & SCTLR_ELx_M, 0);
        check("guest arg echo (x3)", f->x[3], GUEST_ARG);
        check("guest MIDR_EL1 = VPIDR_EL2 (x4)", f->x[4], read_sysreg(vpidr_el2));
        check("guest MPIDR_EL1 = VMPIDR_EL2 (x5)", f->x[5], read_sysreg(vmpidr_el2));
        check("guest data word (x6)", f->x[6], 0x600df00d12345678UL);
        check("guest bss counter (x7)", f->x[7], 3);

        printf("%s\n", failures ? "FAIL" : "PASS");
        return failures ? STATUS_CHECK_FAILED : STATUS_OK;
}
