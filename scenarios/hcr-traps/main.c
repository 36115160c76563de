/*
 * hcr-traps: the EL2 trap controls a hypervisor relies on, one at a time. For each test the
 * guest asks the host to set one trap bit (HCR_EL2 TID1/TID2/TID3/TACR/TVM/TRVM/TTLB/TSW/
 * TPCP/TPU/TDZ/TWI/TSC, CPTR_EL2.TFP, MDCR_EL2.TDA), then performs one access. The host
 * prints the syndrome (EC, ISS: for EC 0x18 Op0/Op2/Op1/CRn/Rt/CRm/Direction, D17.2.37),
 * emulates a trapped read by writing EMULATED_READ | ISS into Rt, and resumes after it.
 * The guest then reports the value it saw, and runs the access again untrapped (a value
 * from the real register; only printed as "changed"/"same" where it is CPU-specific).
 */
#include "vm.h"
#include "traps.h"

int guest_main(uint64_t arg);   /* guest.c */

static unsigned ntraps;
static int failures;
static uint64_t armed_hcr, armed_cptr, armed_mdcr;

#define CPTR_EL2_RES1   (0x33ffUL)      /* bits [13:12] and [9:0] are RES1 (non-VHE layout) */

static enum exc_result on_lower_sync(struct el2_frame *f)
{
        uint64_t ec = ESR_EC(f->esr), iss = ESR_ISS(f->esr);

        if (ec == ESR_EC_HVC64 && ESR_HVC_IMM16(f->esr) == HVC_SET_TRAPS) {
                armed_hcr = f->x[0];
                armed_cptr = f->x[1];
                armed_mdcr = f->x[2];
                write_sysreg(HCR_EL2_VM | HCR_EL2_RW | armed_hcr, hcr_el2);
                write_sysreg(CPTR_EL2_RES1 | armed_cptr, cptr_el2);
                write_sysreg(armed_mdcr, mdcr_el2);
                isb();
                return EXC_HANDLED;
        }
        if (ec == ESR_EC_HVC64 && ESR_HVC_IMM16(f->esr) == HVC_REPORT) {
                printf("  test %2lu %s: guest read 0x%016lx\n", f->x[0] & 0xff,
                       f->x[0] & 0x100 ? "untrapped" : "trapped  ", f->x[1]);
                return EXC_HANDLED;
        }
        if (ec == ESR_EC_HVC64)
                return EXC_UNHANDLED;   /* the runtime's exit/panic calls */

        ntraps++;
        printf("trap %2u: EC=0x%02lx (%s) IL=%lu ISS=0x%07lx with HCR_EL2 bits 0x%lx CPTR 0x%lx MDCR 0x%lx\n",
               ntraps, ec, esr_class_name(ec), (f->esr >> 25) & 1, iss, armed_hcr, armed_cptr, armed_mdcr);
        if (ec == ESR_EC_SYS64) {
                unsigned rt = (iss >> 5) & 0x1f, dir_read = iss & 1;
                printf("         Op0=%lu Op2=%lu Op1=%lu CRn=%lu Rt=%u CRm=%lu %s\n", (iss >> 20) & 3,
                       (iss >> 17) & 7, (iss >> 14) & 7, (iss >> 10) & 0xf, rt, (iss >> 1) & 0xf,
                       dir_read ? "read" : "write");
                if (dir_read && rt != 31)
                        f->x[rt] = EMULATED_READ | iss;
        } else if (ec == 0x01) {
                printf("         %s\n", iss & 1 ? "WFE" : "WFI");
        } else if (ec == ESR_EC_SMC64) {
                printf("         imm16=0x%04lx\n", iss & 0xffff);
                f->x[0] = EMULATED_READ | 0x5c;
        } else if (ec == 0x07) {
                /* FP trapped: let it run by clearing TFP, and re-execute the instruction */
                write_sysreg(CPTR_EL2_RES1, cptr_el2);
                isb();
                return EXC_HANDLED;
        } else {
                failures++;
                return EXC_UNHANDLED;
        }
        /* SMC traps report the preferred return address of the SMC itself (D1.10.5). */
        f->elr += 4;
        return EXC_HANDLED;
}

int main(void)
{
        uint64_t status;

        s2_init();
        vm_map_guest_image();
        s2_enable(1);
        el2_set_lower_sync_handler(on_lower_sync);
        printf("hcr-traps: %d tests\n", NTESTS);
        status = guest_call(guest_main, 0);
        write_sysreg(HCR_EL2_VM | HCR_EL2_RW, hcr_el2);
        write_sysreg(CPTR_EL2_RES1, cptr_el2);
        isb();
        printf("guest exited with status %lu after %u traps\n", status, ntraps);
        if (ntraps != 20) {
                printf("expected 20 traps\n");
                failures++;
        }
        printf("%s\n", failures || status ? "FAIL" : "PASS");
        return failures || status ? STATUS_CHECK_FAILED : STATUS_OK;
}
