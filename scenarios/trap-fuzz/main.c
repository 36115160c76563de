/*
 * trap-fuzz: runs the cases of a batch the harness loads at TRAP_BLOB (u64 magic, u64 count,
 * then count struct trap_case), each one instruction word at EL1 or EL0 in a slot
 * [word, HVC #2 (EL1) / SVC #0 (EL0)] under the case's HCR_EL2, CPTR_EL2, MDCR_EL2,
 * CNTHCTL_EL2, HSTR_EL2 and CPACR_EL1, and prints "<index> <el> <vector> <ESR> <ELR - slot>"
 * for the exception it ends in: el 2 for one EL2 took (a trap, the HVC after an executed word,
 * an EL0 SVC under TGE), el 1 for one EL1 took (UNDEFINED at EL1, the SVC after an executed
 * EL0 word), with ESR_EL1/ELR_EL1 and the EL1 vector entry (0-15) it came through.
 *
 * Between cases the EL1 state a word may have changed is set again: SCTLR_EL1 (MMU off),
 * VBAR_EL1 = TRAP_VALUE where a fresh copy of the vector template is, ELR_EL1 = slot + 4 and
 * SPSR_EL1 = EL1h (an ERET at EL1 lands on the HVC), MDSCR_EL1, the timers' controls.
 * Every general-purpose register holds TRAP_VALUE, so an MSR writes it (VBAR_EL1 = the vector
 * copy, SCTLR_EL1 = MMU off) and a DC ZVA clears part of the copy, which the next case renews.
 */
#include "runtime.h"

#define TRAP_BLOB      0x46000000UL
#define TRAP_MAGIC     0x5a5a505041525454UL  /* "TTRAPPZZ" */
#define TRAP_SLOT      0x45000000UL
#define TRAP_VALUE     0x4f000000UL
#define HVC_2          0xd4000042u
#define SVC_0          0xd4000001u

struct trap_case {
        uint64_t hcr, cptr, mdcr, cnthctl, hstr, cpacr;
        uint64_t word_el;       /* word | el << 32 */
        uint64_t reserved;
};

void trap_enter(const struct trap_case *c, uint64_t value);
void trap_return(void) __noreturn;
extern const char el1_vector_template[], el1_vector_template_end[];

static struct el2_frame exit_frame;

static enum exc_result on_exit(struct el2_frame *f)
{
        exit_frame = *f;
        return EXC_GUEST_EXIT;
}

static void leave(struct el2_frame *f)
{
        (void)f;
        trap_return();
}

int main(void)
{
        const uint64_t *hdr = (const uint64_t *)TRAP_BLOB;
        const struct trap_case *cases = (const struct trap_case *)(TRAP_BLOB + 16);
        volatile uint32_t *slot = (volatile uint32_t *)TRAP_SLOT;
        char *vectors = (char *)TRAP_VALUE;

        if (hdr[0] != TRAP_MAGIC) {
                printf("trap-fuzz: no batch at 0x%lx (s2diff loads one)\n", TRAP_BLOB);
                return 0;
        }
        write_sysreg(HCR_EL2_RW, hcr_el2);
        isb();
        el2_set_lower_sync_handler(on_exit);
        el2_guest_exit_hook = leave;
        for (uint64_t i = 0; i < hdr[1]; i++) {
                const struct trap_case *c = &cases[i];
                unsigned el = (unsigned)(c->word_el >> 32);

                memcpy(vectors, el1_vector_template, (size_t)(el1_vector_template_end - el1_vector_template));
                slot[0] = (uint32_t)c->word_el;
                slot[1] = el == 1 ? HVC_2 : SVC_0;
                slot[2] = HVC_2;
                dsb(ish);
                __asm__ volatile("ic iallu" ::: "memory");
                dsb(ish);
                write_sysreg(SCTLR_EL1_RES1, sctlr_el1);
                write_sysreg(TRAP_VALUE, vbar_el1);
                write_sysreg(TRAP_SLOT + 4, elr_el1);
                write_sysreg(0x3c5UL, spsr_el1);
                write_sysreg(TRAP_VALUE, sp_el1);
                write_sysreg(c->cpacr, cpacr_el1);
                write_sysreg(0UL, mdscr_el1);
                write_sysreg(0UL, cntkctl_el1);
                write_sysreg(0UL, cntv_ctl_el0);
                write_sysreg(0UL, cntp_ctl_el0);
                write_sysreg(0UL, pmuserenr_el0);
                isb();
                trap_enter(c, TRAP_VALUE);
                unsigned took = 2, vector = 0;
                uint64_t esr = exit_frame.esr, elr = exit_frame.elr;
                if ((esr >> 26) == 0x16 && (esr & 0xffff) >= 0x100 && (esr & 0xffff) < 0x110) {
                        took = 1;
                        vector = (unsigned)(esr & 0xf);
                        esr = read_sysreg(esr_el1);
                        elr = read_sysreg(elr_el1);
                }
                printf("%lx %x %x %lx %lx\n", i, took, vector, esr, elr - TRAP_SLOT);
        }
        printf("DONE %lu\n", hdr[1]);
        return 0;
}
