/*
 * s2-demand-fault: the guest touches IPAs that stage 2 does not map. Each access traps
 * to EL2 as a Data Abort from a lower EL; the host prints ESR_EL2/FAR_EL2/HPFAR_EL2,
 * maps the faulting IPA page to a backing page, invalidates the TLBs and returns to
 * the same instruction, which then completes. Four faults:
 *   1 read,  level-2 translation fault  (IPA_A)            -> map RW
 *   2 write, level-3 translation fault  (IPA_B, same 2 MiB) -> map RW
 *   3 read,  level-1 translation fault  (IPA_C, new 1 GiB)  -> map read-only
 *   4 write, level-3 permission fault   (IPA_C again)       -> upgrade to RW
 */
#include "vm.h"
#include "demand.h"

int guest_main(uint64_t arg);   /* guest.c */

struct fault_plan {
        const char *what;
        uint64_t far;           /* VA = IPA: the guest's MMU is off */
        int write;
        uint64_t fsc;
        int page;               /* index in backing[] */
        uint64_t map_attrs;
};

static const struct fault_plan plan[] = {
        { "read, level-2 translation fault", IPA_A + OFF_A_READ, 0, FSC_TRANSLATION(2), 0,
          S2_ATTR_NORMAL | S2_S2AP_RW | S2_XN },
        { "write, level-3 translation fault", IPA_B + OFF_B_WRITE, 1, FSC_TRANSLATION(3), 1,
          S2_ATTR_NORMAL | S2_S2AP_RW | S2_XN },
        { "read, level-1 translation fault", IPA_C + OFF_C_READ, 0, FSC_TRANSLATION(1), 2,
          S2_ATTR_NORMAL | S2_S2AP_RO | S2_XN },
        { "write, level-3 permission fault", IPA_C + OFF_C_WRITE, 1, FSC_PERMISSION(3), 2,
          S2_ATTR_NORMAL | S2_S2AP_RW | S2_XN },
};

static uint64_t backing[3][512] __attribute__((aligned(PAGE_SIZE)));
static unsigned nfaults, nchecks;
static int failures;

static void check(const char *what, uint64_t got, uint64_t want)
{
        if (got != want) {
                printf("  MISMATCH %s: 0x%016lx, expected 0x%016lx\n", what, got, want);
                failures++;
        }
}

static enum exc_result on_data_abort(struct el2_frame *f)
{
        const struct fault_plan *p;
        uint64_t ipa = HPFAR_TO_IPA(f->hpfar) | (f->far & (PAGE_SIZE - 1));
        uint64_t iss = ESR_ISS(f->esr);
        char label[16];

        if (nfaults >= ARRAY_SIZE(plan)) {
                printf("unplanned data abort (a mapping did not take effect?)\n");
                unexpected_exception(f, VEC_LOWER64_SYNC);
        }
        p = &plan[nfaults++];
        snprintf(label, sizeof(label), "fault%u", nfaults);
        printf("fault %u: %s at FAR 0x%lx, IPA 0x%lx\n", nfaults, p->what, f->far, ipa);
        printf("  ESR_EL2 0x%08lx: EC=0x%02lx IL=%lu ISV=%lu SAS=%lu SRT=%lu SF=%lu WnR=%lu S1PTW=%lu DFSC=0x%02lx\n",
               f->esr, ESR_EC(f->esr), (f->esr & ESR_IL) ? 1UL : 0UL,
               (iss & ESR_DABT_ISV) ? 1UL : 0UL, (iss >> ESR_DABT_SAS_SHIFT) & 3,
               (iss >> ESR_DABT_SRT_SHIFT) & 31, (iss & ESR_DABT_SF) ? 1UL : 0UL,
               (iss & ESR_DABT_WNR) ? 1UL : 0UL, (iss & ESR_DABT_S1PTW) ? 1UL : 0UL,
               ESR_xFSC(f->esr));
        regs_dump(label,
                  REG("esr_el2", f->esr), REG("far_el2", f->far),
                  REG("hpfar_el2", f->hpfar), REG("elr_el2", f->elr),
                  REG("spsr_el2", f->spsr), REG("ipa", ipa),
                  NULL);

        check("EC", ESR_EC(f->esr), ESR_EC_DABT_LOW);
        check("IL", f->esr & ESR_IL, ESR_IL);
        check("ISV", iss & ESR_DABT_ISV, ESR_DABT_ISV);
        check("SAS (64-bit access)", (iss >> ESR_DABT_SAS_SHIFT) & 3, 3);
        check("SF", iss & ESR_DABT_SF, ESR_DABT_SF);
        check("WnR", (iss & ESR_DABT_WNR) ? 1 : 0, p->write);
        check("S1PTW", iss & ESR_DABT_S1PTW, 0);
        check("DFSC", ESR_xFSC(f->esr), p->fsc);
        check("FAR_EL2", f->far, p->far);
        check("HPFAR_EL2 -> IPA", ipa, p->far);

        s2_map_page(ipa & ~(PAGE_SIZE - 1), (uint64_t)backing[p->page], p->map_attrs);
        s2_flush_ipa(ipa);
        printf("  mapped IPA 0x%lx -> PA 0x%lx (%s), resuming at 0x%lx\n",
               ipa & ~(PAGE_SIZE - 1), (uint64_t)backing[p->page],
               (p->map_attrs & S2_S2AP_MASK) == S2_S2AP_RW ? "RW" : "RO", f->elr);
        return EXC_HANDLED;     /* ELR_EL2 unchanged: the access is replayed */
}

static enum exc_result on_lower_sync(struct el2_frame *f)
{
        if (ESR_EC(f->esr) == ESR_EC_DABT_LOW)
                return on_data_abort(f);
        if (ESR_EC(f->esr) == ESR_EC_HVC64 && ESR_HVC_IMM16(f->esr) == HVC_CHECK) {
                nchecks++;
                printf("guest check %lu: 0x%016lx %s\n", f->x[0], f->x[1],
                       f->x[1] == f->x[2] ? "ok" : "MISMATCH");
                check("guest check", f->x[1], f->x[2]);
                return EXC_HANDLED;     /* ELR_EL2 already points after the HVC */
        }
        return EXC_UNHANDLED;
}

int main(void)
{
        uint64_t status;

        backing[0][OFF_A_READ / 8] = PATTERN_A;
        backing[2][OFF_C_READ / 8] = PATTERN_C;

        s2_init();
        vm_map_guest_image();
        s2_enable(1);
        el2_set_lower_sync_handler(on_lower_sync);
        printf("s2-demand-fault: stage 2 on, nothing mapped at 0x%lx, 0x%lx, 0x%lx\n",
               IPA_A, IPA_B, IPA_C);

        status = guest_call(guest_main, 0);
        printf("guest exited with status %lu after %u faults and %u checks\n",
               status, nfaults, nchecks);
        regs_dump_frame("guest-exit", &guest_exit_frame);

        check("guest status", status, 0);
        check("number of faults", nfaults, ARRAY_SIZE(plan));
        check("number of guest checks", nchecks, 5);
        check("guest write reached backing page 1", backing[1][OFF_B_WRITE / 8], VALUE_B);
        check("guest write reached backing page 2", backing[2][OFF_C_WRITE / 8], VALUE_C);
        regs_dump("backing",
                  REG("page0_a", backing[0][OFF_A_READ / 8]),
                  REG("page1_b", backing[1][OFF_B_WRITE / 8]),
                  REG("page2_c_rd", backing[2][OFF_C_READ / 8]),
                  REG("page2_c_wr", backing[2][OFF_C_WRITE / 8]),
                  REG("pte_a", *s2_pte(IPA_A, 0)),
                  REG("pte_b", *s2_pte(IPA_B, 0)),
                  REG("pte_c", *s2_pte(IPA_C, 0)),
                  NULL);

        printf("%s\n", failures ? "FAIL" : "PASS");
        return failures ? STATUS_CHECK_FAILED : STATUS_OK;
}
