/*
 * exception-model: synchronous exceptions taken at EL2 itself (Arm ARM D1.10, AArch64
 * exception vectors and AArch64.TakeException): which vector (current EL with SP_EL0 or
 * with SP_ELx), ESR_EL2 (EC, IL, ISS), FAR_EL2, ELR_EL2 and SPSR_EL2 (SPSel, DAIF, IL).
 *  - BRK with SPSel = 0 -> vector 0x000 (current EL, SP_EL0), and with SPSel = 1 -> 0x200;
 *  - HVC at EL2 -> EC 0x16 to EL2, preferred return after the HVC;
 *  - BR to PC + 2 -> PC alignment fault, EC 0x22, FAR = ELR = the misaligned PC;
 *  - ERET with SPSR_EL2.M = EL3h (EL3 not implemented) -> illegal exception return: PSTATE.IL
 *    set, the next instruction takes an Illegal Execution state exception (EC 0x0e);
 *  - SMC with an unknown function -> QEMU's PSCI answers NOT_SUPPORTED (-1) in x0.
 */
#include "runtime.h"

static unsigned taken;
static int failures;

static enum exc_result on_current_sync(struct el2_frame *f)
{
        uint64_t ec = ESR_EC(f->esr);
        extern char after_misaligned[];

        taken++;
        printf("exception %u: EC 0x%02lx (%s) IL %lu ISS 0x%07lx ELR %s SPSR 0x%lx\n", taken, ec, esr_class_name(ec),
               (f->esr >> 25) & 1, ESR_ISS(f->esr), f->elr == (uint64_t)after_misaligned - 2 ? "misaligned" : "in main",
               f->spsr);
        regs_dump("exc", REG("esr_el2", f->esr), REG("spsr_el2", f->spsr), REG("far_el2", ec == 0x22 ? f->far : 0), NULL);
        if (ec == 0x3c) {                       /* BRK: resume after it */
                f->elr += 4;
        } else if (ec == 0x22) {                /* PC alignment: resume at the label */
                f->elr = (uint64_t)after_misaligned;
        } else if (ec == 0x0e) {                /* Illegal state: clear PSTATE.IL, retry the instruction */
                f->spsr &= ~(1UL << 20);
        } else if (ec != ESR_EC_HVC64) {        /* HVC: ELR already points after it */
                failures++;
                return EXC_UNHANDLED;
        }
        return EXC_HANDLED;
}

int main(void)
{
        uint64_t x0;

        el2_set_current_sync_handler(on_current_sync);

        printf("BRK with SPSel = 0 (vector 0x000):\n");
        __asm__ volatile("mov x9, sp\n\tmsr sp_el0, x9\n\tmsr spsel, #0\n\tbrk #0x11\n\tmsr spsel, #1"
                         ::: "x9", "memory");
        printf("BRK with SPSel = 1 (vector 0x200):\n");
        __asm__ volatile("brk #0x22" ::: "memory");
        printf("HVC at EL2:\n");
        __asm__ volatile("hvc #0x33" ::: "x0", "x1", "x2", "x3", "memory");
        printf("BR to a misaligned address:\n");
        __asm__ volatile("adr x9, after_misaligned\n\tsub x9, x9, #2\n\tbr x9\n\tnop\n"
                         ".global after_misaligned\nafter_misaligned:" ::: "x9", "memory");
        printf("ERET to EL3 (illegal exception return):\n");
        __asm__ volatile("mrs x10, spsr_el2\n\tmrs x11, elr_el2\n\t"
                         "mov x9, #0x3cd\n\tmsr spsr_el2, x9\n\tadr x9, 1f\n\tmsr elr_el2, x9\n\teret\n"
                         "1:\tmsr spsr_el2, x10\n\tmsr elr_el2, x11" ::: "x9", "x10", "x11", "memory");
        printf("SMC with an unknown function:\n");
        {
                register uint64_t r0 __asm__("x0") = 0x8400ff00UL;
                __asm__ volatile("smc #0" : "+r"(r0) :: "x1", "x2", "x3", "memory");
                x0 = r0;
        }
        printf("  x0 = 0x%lx\n", x0);
        printf("%u exceptions\n", taken);
        if (taken != 5 || x0 != 0xffffffffffffffffUL)
                failures++;
        printf("%s\n", failures ? "FAIL" : "PASS");
        return failures ? STATUS_CHECK_FAILED : STATUS_OK;
}
