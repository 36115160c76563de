/*
 * scxtnum: the software context number registers of FEAT_CSV2_2 (D19.2 SCXTNUM_EL0/EL1/EL2),
 * each one row of the model's register table:
 *   - storage of SCXTNUM_EL2, SCXTNUM_EL1 and SCXTNUM_EL0 at EL2;
 *   - FEAT_VHE: with HCR_EL2.E2H = 1, SCXTNUM_EL1 at EL2 reaches SCXTNUM_EL2 and
 *     SCXTNUM_EL12 (op1 = 5) reaches SCXTNUM_EL1;
 *   - a guest at EL1 with HCR_EL2.EnSCXT = 0: every access to SCXTNUM_EL1/EL0 traps to EL2
 *     with EC 0x18 and the MRS/MSR ISS (the host emulates reads, skips writes); with
 *     EnSCXT = 1 the same accesses run.
 * Without FEAT_CSV2_2 (ID_AA64PFR0_EL1.CSV2 < 2, e.g. -cpu cortex-a57) each encoding is
 * UNDEFINED at EL2, with and without E2H: the host counts the UNDEFINED exceptions instead.
 */
#include "vm.h"

int guest_main(uint64_t arg);   /* guest.c */

#define HCR_EL2_ENSCXT  BIT(53)
#define EMULATED        0x5c00000000000000UL

#define SCXTNUM_EL0  s3_3_c13_c0_7
#define SCXTNUM_EL1  s3_0_c13_c0_7
#define SCXTNUM_EL2  s3_4_c13_c0_7
#define SCXTNUM_EL12 s3_5_c13_c0_7

static unsigned undefs, traps;

static enum exc_result on_current_sync(struct el2_frame *f)
{
        enum exc_result r = skip_undefined(f, &undefs);
        if (r == EXC_HANDLED)
                printf("  UNDEFINED at EL2 (ESR_EL2 0x%lx): skipped\n", f->esr);
        return r;
}

static enum exc_result on_lower_sync(struct el2_frame *f)
{
        uint64_t ec = ESR_EC(f->esr), iss = ESR_ISS(f->esr);

        if (ec == ESR_EC_HVC64 && ESR_HVC_IMM16(f->esr) == 0x300) {
                regs_dump("guest-view", REG("scxtnum_el1-first", f->x[0]), REG("scxtnum_el0-first", f->x[1]),
                          REG("scxtnum_el1-after", f->x[2]), REG("scxtnum_el0-after", f->x[3]), NULL);
                return EXC_HANDLED;
        }
        if (ec == ESR_EC_HVC64)
                return EXC_UNHANDLED;
        if (ec == ESR_EC_SYS64) {
                unsigned rt = (iss >> 5) & 0x1f;
                traps++;
                printf("  trap %u: EC=0x18 ISS=0x%07lx Op0=%lu Op1=%lu CRn=%lu CRm=%lu Op2=%lu Rt=%u %s\n", traps, iss,
                       (iss >> 20) & 3, (iss >> 14) & 7, (iss >> 10) & 0xf, (iss >> 1) & 0xf, (iss >> 17) & 7, rt,
                       iss & 1 ? "read" : "write");
                if ((iss & 1) && rt != 31)
                        f->x[rt] = EMULATED | iss;
                f->elr += 4;
                return EXC_HANDLED;
        }
        if (ec == ESR_EC_UNKNOWN) {
                undefs++;
                printf("  UNDEFINED at EL1 (ESR_EL2 0x%lx): skipped\n", f->esr);
                f->elr += 4;
                return EXC_HANDLED;
        }
        return EXC_UNHANDLED;
}

int main(void)
{
        uint64_t pfr0 = read_sysreg(id_aa64pfr0_el1), hcr;
        unsigned csv2 = (pfr0 >> 56) & 0xf;
        int have = csv2 >= 2, failures = 0;

        el2_set_current_sync_handler(on_current_sync);
        el2_set_lower_sync_handler(on_lower_sync);
        printf("scxtnum: ID_AA64PFR0_EL1.CSV2 = %u (%s)\n", csv2, have ? "FEAT_CSV2_2" : "no FEAT_CSV2_2");
        s2_init();
        vm_map_guest_image();
        s2_enable(1);

        if (!have) {
                /* Every encoding UNDEFINED at EL2, with and without E2H. */
                write_sysreg(1UL, SCXTNUM_EL2);
                write_sysreg(1UL, SCXTNUM_EL1);
                write_sysreg(1UL, SCXTNUM_EL0);
                (void)read_sysreg(SCXTNUM_EL2);
                (void)read_sysreg(SCXTNUM_EL1);
                (void)read_sysreg(SCXTNUM_EL0);
                hcr = read_sysreg(hcr_el2);
                write_sysreg(hcr | HCR_EL2_E2H, hcr_el2);
                isb();
                (void)read_sysreg(SCXTNUM_EL12);
                write_sysreg(1UL, SCXTNUM_EL12);
                write_sysreg(hcr, hcr_el2);
                isb();
                printf("%u UNDEFINED\n", undefs);
                if (undefs != 8)
                        failures++;
                printf("%s\n", failures ? "FAIL" : "PASS");
                return failures ? STATUS_CHECK_FAILED : STATUS_OK;
        }

        write_sysreg(0x2222UL, SCXTNUM_EL2);
        write_sysreg(0x1111UL, SCXTNUM_EL1);
        write_sysreg(0x0e0eUL, SCXTNUM_EL0);
        isb();
        regs_dump("e2h0", REG("scxtnum_el2", read_sysreg(SCXTNUM_EL2)), REG("scxtnum_el1", read_sysreg(SCXTNUM_EL1)),
                  REG("scxtnum_el0", read_sysreg(SCXTNUM_EL0)), NULL);

        hcr = read_sysreg(hcr_el2);
        write_sysreg(hcr | HCR_EL2_E2H, hcr_el2);
        isb();
        regs_dump("e2h1", REG("scxtnum_el1-name", read_sysreg(SCXTNUM_EL1)), REG("scxtnum_el12", read_sysreg(SCXTNUM_EL12)),
                  NULL);
        write_sysreg(0x3333UL, SCXTNUM_EL12);           /* SCXTNUM_EL1 */
        write_sysreg(0x4444UL, SCXTNUM_EL1);            /* SCXTNUM_EL2 */
        write_sysreg(hcr, hcr_el2);
        isb();
        regs_dump("e2h0-after", REG("scxtnum_el2", read_sysreg(SCXTNUM_EL2)), REG("scxtnum_el1", read_sysreg(SCXTNUM_EL1)),
                  NULL);

        printf("guest with HCR_EL2.EnSCXT = 0:\n");
        guest_call(guest_main, 0);
        printf("guest with HCR_EL2.EnSCXT = 1:\n");
        write_sysreg(hcr | HCR_EL2_ENSCXT, hcr_el2);
        isb();
        guest_call(guest_main, 0);
        write_sysreg(hcr, hcr_el2);
        isb();
        regs_dump("final", REG("scxtnum_el1", read_sysreg(SCXTNUM_EL1)), REG("scxtnum_el0", read_sysreg(SCXTNUM_EL0)), NULL);

        /* Six traps (the guest's four accesses and its two reads for the report), no UNDEFINED. */
        printf("%u traps, %u UNDEFINED\n", traps, undefs);
        if (traps != 6 || undefs != 0)
                failures++;
        printf("%s\n", failures ? "FAIL" : "PASS");
        return failures ? STATUS_CHECK_FAILED : STATUS_OK;
}
