/*
 * software-step: the Software Step exception (Arm ARM D2.12) as a hypervisor uses it.
 *  1. at EL2: MDCR_EL2.TDE makes EL2 the debug target, MDSCR_EL1.KDE|SS enable stepping at
 *     it; clearing PSTATE.D with PSTATE.SS = 0 makes a step exception pending at once (ISV 0),
 *     the handler sets SPSR_EL2.SS, and each ERET steps one instruction (ISV 1), until the
 *     stepped MSR DAIFSet masks D again;
 *  2. a guest at EL1 stepped from EL2 (EC 0x32, debug target EL2 > EL1, so PSTATE.D does not
 *     matter), through a load-exclusive (ISS.EX), until the host turns MDSCR_EL1.SS off.
 */
#include "vm.h"

int guest_main(uint64_t arg);   /* guest.c */

static unsigned steps;
static int guest_phase;

static enum exc_result on_step(struct el2_frame *f)
{
        uint64_t ec = ESR_EC(f->esr), iss = ESR_ISS(f->esr);

        if (ec != 0x32 && ec != 0x33)
                return EXC_UNHANDLED;
        steps++;
        printf("step %2u: EC 0x%02lx ISV %lu EX %lu IFSC 0x%02lx ELR 0x%lx SPSR 0x%lx\n", steps, ec, (iss >> 24) & 1,
               (iss >> 6) & 1, iss & 0x3f, f->elr, f->spsr);
        if (guest_phase && steps >= 14) {
                write_sysreg(read_sysreg(mdscr_el1) & ~1UL, mdscr_el1);     /* stop stepping the guest */
                isb();
        }
        f->spsr |= 1UL << 21;           /* SPSR.SS: step the next instruction */
        return EXC_HANDLED;
}

int main(void)
{
        el2_set_current_sync_handler(on_step);
        el2_set_lower_sync_handler(on_step);
        write_sysreg(0, oslar_el1);                                     /* OS lock off */
        write_sysreg(read_sysreg(mdcr_el2) | (1UL << 8), mdcr_el2);    /* TDE: debug target EL2 */
        write_sysreg((1UL << 13) | 1, mdscr_el1);                       /* KDE | SS */
        isb();
        printf("stepping at EL2:\n");
        __asm__ volatile("msr daifclr, #8\n\tmov x9, #1\n\tadd x9, x9, #2\n\tmsr daifset, #8" ::: "x9", "memory");
        printf("%u steps at EL2\n", steps);

        s2_init();
        vm_map_guest_image();
        s2_enable(1);
        steps = 0;
        guest_phase = 1;
        printf("stepping a guest at EL1:\n");
        uint64_t r = guest_call(guest_main, 40);
        write_sysreg(0, mdscr_el1);
        isb();
        printf("guest returned %lu after %u steps\n", r, steps);
        return r == 43 ? STATUS_OK : STATUS_CHECK_FAILED;
}
