/*
 * virtual-serror: a hypervisor injects an SError into its guest (Arm ARM D1.3.7, virtual
 * SError; VSESR_EL2 with FEAT_RAS): HCR_EL2.AMO routes physical SErrors to EL2 and enables the
 * virtual one, HCR_EL2.VSE makes it pending, PSTATE.A masks it at EL1, and taking it clears
 * VSE and gives ESR_EL1 = EC 0x2f with VSESR_EL2's IDS/ISS.
 */
#include "vm.h"

int guest_main(uint64_t arg);   /* guest.c */

#define HCR_EL2_VSE (1UL << 8)
#define VSESR_EL2   s3_4_c5_c2_3

static int failures;

static enum exc_result on_lower_sync(struct el2_frame *f)
{
        if (ESR_EC(f->esr) != ESR_EC_HVC64)
                return EXC_UNHANDLED;
        if (ESR_HVC_IMM16(f->esr) == 0x500) {
                write_sysreg(0x1234UL | (1UL << 24), VSESR_EL2);        /* IDS | ISS */
                write_sysreg(read_sysreg(hcr_el2) | HCR_EL2_AMO | HCR_EL2_VSE, hcr_el2);
                isb();
                printf("host: VSE set, HCR_EL2 0x%lx\n", read_sysreg(hcr_el2));
                return EXC_HANDLED;
        }
        if (ESR_HVC_IMM16(f->esr) == 0x501) {
                regs_dump("guest", REG("serrors_while_masked", f->x[0]), REG("serrors", f->x[1]), REG("esr_el1", f->x[2]),
                          REG("hcr_vse_after", (read_sysreg(hcr_el2) >> 8) & 1), NULL);
                if (f->x[0] != 0 || f->x[1] != 1)
                        failures++;
                return EXC_HANDLED;
        }
        return EXC_UNHANDLED;
}

int main(void)
{
        el2_set_lower_sync_handler(on_lower_sync);
        s2_init();
        vm_map_guest_image();
        s2_enable(1);
        guest_call(guest_main, 0);
        printf("%s\n", failures ? "FAIL" : "PASS");
        return failures ? STATUS_CHECK_FAILED : STATUS_OK;
}
