/*
 * pauth-deviations: the two places where QEMU 7.2's pointer authentication deviates from the
 * Arm ARM (harness/qemu-deviations.ts), so that `s2diff repro` (the model imitating QEMU)
 * and `s2diff run` (the model following the Arm ARM, reporting the deviation) show them:
 *   - xpac-nop-while-keys-disabled: XPACI/XPACD/XPACLRI with no key enabled;
 *   - addpac-extension-from-own-range-tbi: AddPAC in the EL2&0 regime for pointers whose bit
 *     55 differs from bit 63, with TBI set for one range only, and with T0SZ != T1SZ.
 * Not in the suite (the run diverges by design); on a CPU without FEAT_PAuth it only counts
 * UNDEFINED instructions.
 */
#include "runtime.h"
#include "../pauth/pac.h"

static unsigned undefs;

static enum exc_result on_current_sync(struct el2_frame *f)
{
        return skip_undefined(f, &undefs);
}

static const u64 keys[10] = {
        0x0123456789abcdefUL, 0xfedcba9876543210UL, 0x84be85ce9804e94bUL, 0xec2802d4e0a488e9UL,
        0x1111222233334444UL, 0x5555666677778888UL, 0x0f1e2d3c4b5a6978UL, 0x8796a5b4c3d2e1f0UL,
        0xec2802d4e0a488e9UL, 0x84be85ce9804e94bUL,
};

static const u64 tcrs[] = {
        25 | 25UL << 16 | 2UL << 30 | BIT(37),                  /* TBI0 only */
        25 | 25UL << 16 | 2UL << 30 | BIT(38),                  /* TBI1 only */
        25 | 25UL << 16 | 2UL << 30 | BIT(37) | BIT(51),        /* TBI0 with TBID0: data keys only */
        20 | 30UL << 16 | 2UL << 30,                            /* no TBI, T0SZ != T1SZ */
};

int main(void)
{
        const u64 a = 0x0080004000123450UL, b = 0xff7fff8000001230UL, s = 0x0000010040001230UL;
        uint64_t tcr0 = read_sysreg(tcr_el2), sctlr0 = read_sysreg(sctlr_el2);

        el2_set_current_sync_handler(on_current_sync);
        t_set_keys(keys);
        write_sysreg(25, tcr_el2);
        isb();
        printf("keys disabled: xpaci %016lx xpacd %016lx xpaclri %016lx\n", t_xpaci(s), t_xpacd(s), t_xpaclri(s));
        write_sysreg(sctlr0 | SCTLR_EnDB, sctlr_el2);
        isb();
        printf("EnDB only:     xpaci %016lx xpacd %016lx xpaclri %016lx\n", t_xpaci(s), t_xpacd(s), t_xpaclri(s));

        if ((read_sysreg(id_aa64mmfr1_el1) >> 8) & 0xf) {
                write_sysreg(read_sysreg(hcr_el2) | HCR_EL2_E2H, hcr_el2);
                write_sysreg(sctlr0 | SCTLR_KEYS, sctlr_el2);
                isb();
                for (unsigned i = 0; i < sizeof(tcrs) / sizeof(tcrs[0]); i++) {
                        write_sysreg(tcrs[i], tcr_el2);
                        isb();
                        printf("E2H TCR %016lx:\n", tcrs[i]);
                        printf("  %016lx: ia %016lx da %016lx aut %016lx %016lx\n", a, t_pacia(a, 3), t_pacda(a, 3),
                               t_autia(t_pacia(a, 3), 3), t_autda(t_pacda(a, 3), 3));
                        printf("  %016lx: ia %016lx da %016lx aut %016lx %016lx\n", b, t_pacia(b, 3), t_pacda(b, 3),
                               t_autia(t_pacia(b, 3), 3), t_autda(t_pacda(b, 3), 3));
                }
                write_sysreg(read_sysreg(hcr_el2) & ~HCR_EL2_E2H, hcr_el2);
        }
        write_sysreg(tcr0, tcr_el2);
        write_sysreg(sctlr0, sctlr_el2);
        isb();
        printf("%u UNDEFINED\n", undefs);
        return STATUS_OK;
}
