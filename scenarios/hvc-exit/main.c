/*
 * hvc-exit: the guest calls the host with HVC #imm (several immediates) and x0-x7 as
 * arguments. The host prints the arguments and ESR_EL2's ISS (the imm16), replies in
 * x0 (and x1), and for two special calls also changes ELR_EL2 (skip an instruction)
 * and SPSR_EL2.NZCV. The guest checks every reply and exits with its failure count.
 */
#include "vm.h"
#include "hvc.h"

int guest_main(uint64_t arg);   /* guest.c */

#define GUEST_ARG 0x1000000100000001UL

static unsigned ncalls;
static int failures;

static enum exc_result on_lower_sync(struct el2_frame *f)
{
        uint64_t imm, result;
        char label[16];

        if (ESR_EC(f->esr) != ESR_EC_HVC64)
                return EXC_UNHANDLED;
        imm = ESR_HVC_IMM16(f->esr);
        if (imm == HVC_GUEST_EXIT || imm == HVC_GUEST_PANIC)
                return EXC_UNHANDLED;   /* the runtime's */

        ncalls++;
        printf("hvc #0x%04lx (ISS 0x%07lx) from ELR 0x%lx\n", imm, ESR_ISS(f->esr), f->elr);
        if (imm == HVC_SKIP) {
                result = HVC_SKIP_RESULT;
                f->elr += 4;
                printf("  skipping the instruction after the HVC, resuming at 0x%lx\n", f->elr);
        } else if (imm == HVC_FLAGS) {
                result = f->spsr & 0xf0000000UL;
                f->spsr = (f->spsr & ~0xf0000000UL) | HVC_FLAGS_NEW;
                printf("  guest NZCV 0x%lx, returning with NZCV 0x%lx\n", result, HVC_FLAGS_NEW);
        } else if (imm == HVC_CALL_A || imm == HVC_CALL_B || imm == HVC_CALL_C ||
                   imm == HVC_CALL_D || imm == HVC_CALL_E) {
                result = hvc_result(imm, f->x);
                f->x[1] = imm;
        } else {
                printf("  unknown call\n");
                failures++;
                result = 0;
        }
        snprintf(label, sizeof(label), "hvc%u", ncalls);
        regs_dump(label,
                  REG("esr_el2", f->esr), REG("iss", ESR_ISS(f->esr)),
                  REG("elr_el2", f->elr), REG("spsr_el2", f->spsr),
                  REG("x0", f->x[0]), REG("x1", f->x[1]), REG("x2", f->x[2]),
                  REG("x3", f->x[3]), REG("x4", f->x[4]), REG("x5", f->x[5]),
                  REG("x6", f->x[6]), REG("x7", f->x[7]), REG("result", result),
                  NULL);
        f->x[0] = result;
        return EXC_HANDLED;     /* ELR_EL2 already points after the HVC */
}

int main(void)
{
        uint64_t status;

        s2_init();
        vm_map_guest_image();
        s2_enable(1);
        el2_set_lower_sync_handler(on_lower_sync);
        printf("hvc-exit: entering the guest\n");

        status = guest_call(guest_main, GUEST_ARG);
        printf("guest exited with status %lu after %u calls\n", status, ncalls);
        regs_dump_frame("guest-exit", &guest_exit_frame);

        if (ncalls != 7) {
                printf("expected 7 calls\n");
                failures++;
        }
        if (status != 0)
                failures++;
        printf("%s\n", failures ? "FAIL" : "PASS");
        return failures ? STATUS_CHECK_FAILED : STATUS_OK;
}
