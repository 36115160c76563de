/*
 * vhe-redirect: FEAT_VHE register redirection (D5.x, "Virtualization Host Extensions").
 * With HCR_EL2.E2H = 1, an EL2 access by an EL1 register name reaches the EL2 register
 * (SCTLR_EL1 -> SCTLR_EL2, MAIR_EL1 -> MAIR_EL2, ...) and the *_EL12 names reach the EL1
 * registers; without E2H the *_EL12 names are UNDEFINED. The classic pitfall: a VHE host
 * that sets up a guest's SCTLR through SCTLR_EL1 has changed its own SCTLR_EL2. Then a
 * guest at EL1 (E2H = 1, TGE = 0) reads back what the host wrote through the EL12 names.
 * The timers too: CNTP_* at EL2 reach CNTHP_*, CNTP_*_EL02 the EL1 physical timer.
 * (*_EL12 with E2H = 0 is UNDEFINED, but QEMU 7.2 allows it: that is the catalogued
 * deviation el12-accessible-without-e2h, provoked by harness/fixtures/qemu-deviations.S.)
 * Register writes here keep EL2 working: values written to EL2 registers are the values
 * they already hold, or registers EL2 does not use while its MMU is off.
 */
#include "vm.h"

int guest_main(uint64_t arg);   /* guest.c */

static unsigned undefs;

static enum exc_result on_current_sync(struct el2_frame *f)
{
        if (ESR_EC(f->esr) != ESR_EC_UNKNOWN)
                return EXC_UNHANDLED;
        undefs++;
        printf("  UNDEFINED at 0x%lx (ESR_EL2 0x%lx): skipped\n", f->elr, f->esr);
        f->elr += 4;
        return EXC_HANDLED;
}

static enum exc_result on_lower_sync(struct el2_frame *f)
{
        if (ESR_EC(f->esr) == ESR_EC_HVC64 && ESR_HVC_IMM16(f->esr) == 0x200) {
                regs_dump("guest-view", REG("sctlr_el1", f->x[0]), REG("mair_el1", f->x[1]),
                          REG("contextidr_el1", f->x[2]), REG("tcr_el1", f->x[3]), REG("cpacr_el1", f->x[4]), NULL);
                return EXC_HANDLED;
        }
        return EXC_UNHANDLED;
}

#define E2H_ON()  do { write_sysreg(read_sysreg(hcr_el2) | HCR_EL2_E2H, hcr_el2); isb(); } while (0)
#define E2H_OFF() do { write_sysreg(read_sysreg(hcr_el2) & ~HCR_EL2_E2H, hcr_el2); isb(); } while (0)

int main(void)
{
        uint64_t sctlr_el2;
        int failures = 0;

        el2_set_current_sync_handler(on_current_sync);
        el2_set_lower_sync_handler(on_lower_sync);
        s2_init();
        vm_map_guest_image();
        s2_enable(1);

        /* Known EL1 and EL2 values, E2H = 0. */
        write_sysreg(SCTLR_EL1_RES1 | BIT(12), sctlr_el1);      /* I-cache enable: a visible bit */
        write_sysreg(0x1111UL, mair_el1);
        write_sysreg(0x2222UL, mair_el2);
        write_sysreg(0x33UL, contextidr_el1);
        write_sysreg(0x10UL, tcr_el1);
        write_sysreg(0x1000UL, ttbr0_el1);
        write_sysreg(0x2000UL, ttbr0_el2);
        write_sysreg(3UL << 20, cpacr_el1);
        isb();
        sctlr_el2 = read_sysreg(sctlr_el2);
        regs_dump("e2h0", REG("sctlr_el1", read_sysreg(sctlr_el1)), REG("sctlr_el2", sctlr_el2),
                  REG("mair_el1", read_sysreg(mair_el1)), REG("mair_el2", read_sysreg(mair_el2)),
                  REG("ttbr0_el1", read_sysreg(ttbr0_el1)), REG("ttbr0_el2", read_sysreg(ttbr0_el2)),
                  REG("cptr_el2", read_sysreg(cptr_el2)), REG("cpacr_el1", read_sysreg(cpacr_el1)), NULL);

        printf("E2H = 1:\n");
        E2H_ON();
        /* EL1 names reach EL2 registers, EL12 names the EL1 ones. */
        regs_dump("e2h1-read", REG("sctlr_el1-name", read_sysreg(sctlr_el1)), REG("sctlr_el12", read_sysreg(EL12_sctlr)),
                  REG("mair_el1-name", read_sysreg(mair_el1)), REG("mair_el12", read_sysreg(EL12_mair)),
                  REG("ttbr0_el1-name", read_sysreg(ttbr0_el1)), REG("ttbr0_el12", read_sysreg(EL12_ttbr0)),
                  REG("contextidr_el1-name", read_sysreg(contextidr_el1)), REG("contextidr_el12", read_sysreg(EL12_contextidr)),
                  REG("cpacr_el1-name", read_sysreg(cpacr_el1)), REG("cpacr_el12", read_sysreg(EL12_cpacr)),
                  REG("tcr_el12", read_sysreg(EL12_tcr)), NULL);
        /* Timer redirection: CNTP_* at EL2 reach the EL2 physical timer (CNTHP_*), CNTP_*_EL02
         * the EL1 one. IMASK only: nothing is enabled. */
        write_sysreg(2, s3_4_c14_c2_1);                 /* CNTHP_CTL_EL2 = IMASK */
        write_sysreg(0, s3_5_c14_c2_1);                 /* CNTP_CTL_EL02 = 0 */
        write_sysreg(0x1234, s3_4_c14_c2_2);            /* CNTHP_CVAL_EL2 */
        write_sysreg(0x5678, s3_5_c14_c2_2);            /* CNTP_CVAL_EL02 */
        isb();
        regs_dump("e2h1-timers", REG("cntp_ctl-name", read_sysreg(cntp_ctl_el0)), REG("cntp_ctl_el02", read_sysreg(s3_5_c14_c2_1)),
                  REG("cntp_cval-name", read_sysreg(cntp_cval_el0)), REG("cntp_cval_el02", read_sysreg(s3_5_c14_c2_2)),
                  REG("cntkctl-name", read_sysreg(cntkctl_el1)), REG("cnthctl_el2", read_sysreg(cnthctl_el2)), NULL);
        write_sysreg(0, s3_4_c14_c2_1);
        isb();
        if (read_sysreg(sctlr_el1) != sctlr_el2) {
                printf("SCTLR_EL1 at EL2 with E2H is not SCTLR_EL2\n");
                failures++;
        }
        /* Writes: the EL1 name changes the EL2 register (same value: EL2 keeps working). */
        write_sysreg(sctlr_el2, sctlr_el1);
        write_sysreg(0x4444UL, mair_el1);          /* MAIR_EL2 (EL2 MMU off: unused) */
        write_sysreg(0x5555UL, EL12_mair);         /* MAIR_EL1 */
        write_sysreg(SCTLR_EL1_RES1 | BIT(2), EL12_sctlr);  /* the guest's SCTLR: C bit */
        write_sysreg(0x77UL, EL12_contextidr);
        write_sysreg(0x66UL, contextidr_el1);      /* CONTEXTIDR_EL2 */
        write_sysreg(0x3000UL, ttbr0_el1);         /* TTBR0_EL2 */
        write_sysreg(0x25UL, EL12_tcr);
        isb();
        printf("guest at EL1 with E2H = 1, TGE = 0:\n");
        guest_call(guest_main, 0);

        E2H_OFF();
        regs_dump("e2h0-after", REG("sctlr_el1", read_sysreg(sctlr_el1)), REG("sctlr_el2", read_sysreg(sctlr_el2)),
                  REG("mair_el1", read_sysreg(mair_el1)), REG("mair_el2", read_sysreg(mair_el2)),
                  REG("contextidr_el1", read_sysreg(contextidr_el1)), REG("contextidr_el2", read_sysreg(s3_4_c13_c0_1)),
                  REG("ttbr0_el1", read_sysreg(ttbr0_el1)), REG("ttbr0_el2", read_sysreg(ttbr0_el2)),
                  REG("tcr_el1", read_sysreg(tcr_el1)), NULL);
        write_sysreg(0, ttbr0_el2);
        isb();
        if (undefs != 0) {
                printf("unexpected UNDEFINED accesses: %u\n", undefs);
                failures++;
        }
        printf("%s\n", failures ? "FAIL" : "PASS");
        return failures ? STATUS_CHECK_FAILED : STATUS_OK;
}
