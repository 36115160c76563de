/*
 * pauth: FEAT_PAuth (QARMA5, ID_AA64ISAR1_EL1.APA = 1 on QEMU 7.2's max: no EPAC, PAuth2 or
 * FPAC), at EL2 and in a guest at EL1. Prints every value so that both sides must compute the
 * same PACs:
 *   - keys off (SCTLR_EL2.EnIA/EnIB/EnDA/EnDB = 0): PAC/AUT return their input; XPAC, PACGA;
 *   - the key registers written and read back; PAC*, AUT* (right and wrong modifier and key),
 *     XPAC*, PACGA and the hint forms over pointers with good and bad extension bits, for
 *     TCR_EL2 T0SZ values in and out of range and TBI/TBID on and off;
 *   - PACIASP/AUTIASP round trips and a corrupted return address (error code in bits 62:61);
 *     BRAA/BRAB(Z), BLRAA/BLRAB(Z), RETAA/RETAB, ERETAA/ERETAB, LDRAA/LDRAB incl. pre-index,
 *     each with a good and a corrupted pointer (the fetch or load then faults; the handler
 *     prints the syndrome and resumes);
 *   - the EL2&0 regime (HCR_EL2.E2H = 1: two VA ranges, TBI0/TBI1, T0SZ/T1SZ);
 *   - a guest at EL1: its own enables (SCTLR_EL1), HCR_EL2.API = 0 trapping PAC use to EL2
 *     (EC 0x09) and HCR_EL2.APK = 0 trapping key register accesses (EC 0x18).
 * Without FEAT_PAuth (cortex-a57) the HINT forms are NOPs and everything else is UNDEFINED
 * (counted and skipped).
 */
#include "vm.h"
#include "pac.h"

int guest_main(uint64_t arg);   /* guest.c */

static unsigned undefs, faults;
static uint64_t armed_hcr;

static enum exc_result on_current_sync(struct el2_frame *f)
{
        uint64_t ec = ESR_EC(f->esr);

        if (skip_undefined(f, &undefs) == EXC_HANDLED)
                return EXC_HANDLED;
        if (ec == ESR_EC_IABT_CUR) {
                /* a branch to a pointer that failed authentication: resume at x9 */
                faults++;
                printf("    fetch fault: ESR=0x%lx FAR=0x%016lx\n", f->esr, f->far);
                f->elr = f->x[9];
                return EXC_HANDLED;
        }
        if (ec == ESR_EC_DABT_CUR) {
                faults++;
                /* ISS[24:14] masked: QEMU 7.2 reports an instruction syndrome for this stage-1
                 * fault (s2diff list --deviations: isv-for-stage1-aborts-at-el2) */
                printf("    data fault: ESR=0x%lx FAR=0x%016lx\n", f->esr & ~(0x7ffUL << 14), f->far);
                f->x[0] = 0xbad;
                f->elr += 4;
                return EXC_HANDLED;
        }
        return EXC_UNHANDLED;
}

static enum exc_result on_lower_sync(struct el2_frame *f)
{
        uint64_t ec = ESR_EC(f->esr), iss = ESR_ISS(f->esr);

        if (ec == ESR_EC_HVC64 && ESR_HVC_IMM16(f->esr) == HVC_SET_HCR) {
                armed_hcr = f->x[0];
                write_sysreg(HCR_EL2_VM | HCR_EL2_RW | armed_hcr, hcr_el2);
                isb();
                return EXC_HANDLED;
        }
        if (ec == ESR_EC_HVC64 && ESR_HVC_IMM16(f->esr) == HVC_REPORT) {
                printf("  guest %2lu: 0x%016lx\n", f->x[0], f->x[1]);
                return EXC_HANDLED;
        }
        if (ec == ESR_EC_HVC64)
                return EXC_UNHANDLED;
        if (ec == 0x09) {
                /* PAC use trapped by HCR_EL2.API = 0: allow it and run the instruction again */
                printf("  trap: ESR_EL2=0x%lx (EC 0x09) at ELR+0x%lx\n", f->esr, f->elr & 0xfff);
                armed_hcr |= HCR_EL2_API;
                write_sysreg(HCR_EL2_VM | HCR_EL2_RW | armed_hcr, hcr_el2);
                isb();
                return EXC_HANDLED;
        }
        if (ec == ESR_EC_SYS64) {
                unsigned rt = (iss >> 5) & 0x1f;
                printf("  trap: ESR_EL2=0x%lx (EC 0x18) Op0=%lu Op1=%lu CRn=%lu CRm=%lu Op2=%lu Rt=%u %s\n", f->esr,
                       (iss >> 20) & 3, (iss >> 14) & 7, (iss >> 10) & 0xf, (iss >> 1) & 0xf, (iss >> 17) & 7, rt,
                       iss & 1 ? "read" : "write");
                if ((iss & 1) && rt != 31)
                        f->x[rt] = 0x5e00000000000000UL | iss;
                f->elr += 4;
                return EXC_HANDLED;
        }
        return EXC_UNHANDLED;
}

static const u64 keys[10] = {
        0x0123456789abcdefUL, 0xfedcba9876543210UL, 0x84be85ce9804e94bUL, 0xec2802d4e0a488e9UL,
        0x1111222233334444UL, 0x5555666677778888UL, 0x0f1e2d3c4b5a6978UL, 0x8796a5b4c3d2e1f0UL,
        0xec2802d4e0a488e9UL, 0x84be85ce9804e94bUL,
};

/* Pointers: canonical low, canonical high, tagged, bad extension bits, and two with bit 55 != bit 63
 * (those two only in the one-range EL2 regime: in a two-range one QEMU 7.2 deviates, see
 * scenarios/pauth-deviations) */
static const u64 ptrs[] = {
        0x0000004000123450UL, 0xffffff8000001230UL, 0x5a00004000123450UL, 0x0000010040001230UL,
        0x0080004000123450UL, 0xff7fff8000001230UL,
};
#define NPTRS (sizeof(ptrs) / sizeof(ptrs[0]))

static void sign_all(const char *label, unsigned nptrs)
{
        printf(" %s\n", label);
        for (unsigned i = 0; i < nptrs; i++) {
                u64 p = ptrs[i], m = 0x1000 + i;
                u64 ia = t_pacia(p, m), ib = t_pacib(p, m), da = t_pacda(p, m), db = t_pacdb(p, m);
                printf("  %016lx: ia %016lx ib %016lx da %016lx db %016lx\n", p, ia, ib, da, db);
                printf("   z: %016lx %016lx %016lx %016lx\n", t_paciza(p), t_pacizb(p), t_pacdza(p), t_pacdzb(p));
                printf("   aut ok: %016lx %016lx %016lx %016lx\n", t_autia(ia, m), t_autib(ib, m), t_autda(da, m), t_autdb(db, m));
                printf("   aut bad: %016lx %016lx %016lx %016lx\n", t_autia(ia, m + 1), t_autib(ia, m), t_autda(db, m), t_autdb(da, m));
                printf("   autz: %016lx %016lx %016lx %016lx\n", t_autiza(t_paciza(p)), t_autizb(t_paciza(p)),
                       t_autdza(t_pacdza(p)), t_autdzb(t_pacdzb(p)));
                printf("   xpac: %016lx %016lx %016lx %016lx\n", t_xpaci(ia), t_xpacd(da), t_xpaci(p), t_xpacd(p));
        }
}

static void hints(void)
{
        u64 p = ptrs[0];
        printf(" hints\n");
        printf("  paciasp %016lx pacibsp %016lx paciaz %016lx pacibz %016lx\n", t_paciasp(p), t_pacibsp(p), t_paciaz(p), t_pacibz(p));
        printf("  autiasp %016lx autibsp %016lx autiaz %016lx autibz %016lx\n", t_autiasp(t_paciasp(p)), t_autibsp(t_pacibsp(p)),
               t_autiaz(t_paciaz(p)), t_autibz(t_paciaz(p)));
        printf("  1716: %016lx %016lx %016lx %016lx\n", t_pacia1716(p, 5), t_pacib1716(p, 5), t_autia1716(t_pacia1716(p, 5), 5),
               t_autib1716(t_pacia1716(p, 5), 5));
        printf("  xpaclri %016lx %016lx sp-modifier %016lx %016lx\n", t_xpaclri(t_paciasp(p)), t_xpaclri(ptrs[4]),
               t_pacia_sp(p), t_autia_sp(t_pacia_sp(p)));
        printf("  leaf %lu corrupt %016lx %016lx\n", t_signed_leaf(), t_corrupt_leaf(1UL << 45), t_corrupt_leaf(1UL << 60));
}

static u64 table[8] = { 0x1111, 0x2222, 0x3333, 0x4444, 0x5555, 0x6666, 0x7777, 0x8888 };

static void branches(void)
{
        u64 v = 0, b;
        printf(" branches and loads\n");
        for (u64 mask = 0; mask <= (1UL << 50); mask += 1UL << 50) {
                printf("  mask %lx: braa %lu brab %lu braaz %lu brabz %lu\n", mask, t_braa(9, mask), t_brab(9, mask),
                       t_braaz(9, mask), t_brabz(9, mask));
                printf("  mask %lx: blraa %lu blrab %lu blraaz %lu blrabz %lu\n", mask, t_blraa(9, mask), t_blrab(9, mask),
                       t_blraaz(9, mask), t_blrabz(9, mask));
                printf("  mask %lx: retaa %lx retab %lx eretaa %lu eretab %lu\n", mask, t_retaa(mask), t_retab(mask),
                       t_eretaa(mask), t_eretab(mask));
                printf("  mask %lx: ldraa %lx ldrab %lx\n", mask, t_ldraa((u64)&table[2], mask), t_ldrab((u64)&table[2], mask));
        }
        b = t_ldraa_pre((u64)&table[1], &v);
        printf("  ldraa pre: base +0x%lx value %lx\n", b - (u64)&table[1], v);
        b = t_ldrab_pre((u64)&table[5], &v);
        printf("  ldrab pre: base -0x%lx value %lx\n", (u64)&table[5] - b, v);
}

struct tcr_case { const char *name; u64 tcr; };

static const struct tcr_case el2_cases[] = {
        { "T0SZ=25", 25 },
        { "T0SZ=25 TBI", 25 | BIT(20) },
        { "T0SZ=25 TBI TBID", 25 | BIT(20) | BIT(29) },
        { "T0SZ=16", 16 },
        { "T0SZ=48", 48 },
        { "T0SZ=8 (below the minimum)", 8 },
        { "T0SZ=60 (above the maximum)", 60 },
        { "64K T0SZ=10 (52-bit VAs)", 10 | 1UL << 14 },
        { "64K T0SZ=60", 60 | 1UL << 14 | BIT(20) },
        { "4K DS T0SZ=12", 12 | BIT(32) },
};

/* TCR_EL2 with E2H = 1 (TCR_EL1's layout): T1SZ [21:16], TG1 [31:30] = 4K, TBI0/1 37/38, TBID0/1 51/52 */
static const struct tcr_case vhe_cases[] = {
        { "E2H T0SZ=T1SZ=25", 25 | 25UL << 16 | 2UL << 30 },
        { "E2H TBI0", 25 | 25UL << 16 | 2UL << 30 | BIT(37) },
        { "E2H TBI1 TBID1", 25 | 25UL << 16 | 2UL << 30 | BIT(38) | BIT(52) },
        { "E2H TBI0 TBI1 TBID0", 25 | 25UL << 16 | 2UL << 30 | BIT(37) | BIT(38) | BIT(51) },
        { "E2H T0SZ=20 T1SZ=30", 20 | 30UL << 16 | 2UL << 30 },
};

int main(void)
{
        uint64_t isar1 = read_sysreg(id_aa64isar1_el1), tcr0 = read_sysreg(tcr_el2), sctlr0 = read_sysreg(sctlr_el2);
        uint64_t isar2 = read_sysreg(s3_0_c0_c6_2);
        int pauth = ((isar1 >> 4) & 0xf) || ((isar1 >> 8) & 0xf);
        u64 got[10];

        el2_set_current_sync_handler(on_current_sync);
        printf("pauth: ID_AA64ISAR1_EL1 APA=%lu API=%lu GPA=%lu GPI=%lu, ID_AA64ISAR2_EL1 APA3=%lu GPA3=%lu\n",
               (isar1 >> 4) & 0xf, (isar1 >> 8) & 0xf, (isar1 >> 24) & 0xf, (isar1 >> 28) & 0xf,
               (isar2 >> 12) & 0xf, (isar2 >> 8) & 0xf);

        printf("keys disabled, keys at reset\n");
        write_sysreg(25, tcr_el2);
        isb();
        printf("  pacia %016lx autia %016lx paciasp %016lx autiasp %016lx\n", t_pacia(ptrs[0], 1), t_autia(ptrs[3], 1),
               t_paciasp(ptrs[0]), t_autiasp(ptrs[3]));
        /* (XPACI/XPACD/XPACLRI are left out here: QEMU 7.2 runs them as NOPs while no key is
         * enabled, where the Arm ARM strips: QEMU deviation xpac-nop-while-keys-disabled) */
        printf("  pacga %016lx\n", t_pacga(ptrs[0], 1));
        printf("  braa %lu blraa %lu retaa %lx ldraa %lx\n", t_braa(1, 0), t_blraa(1, 0), t_retaa(0), t_ldraa((u64)&table[0], 0));

        t_set_keys(keys);
        for (unsigned i = 0; i < 10; i++)
                got[i] = 0;
        t_get_keys(got);
        printf("keys read back:");
        for (unsigned i = 0; i < 10; i++)
                printf(" %lx", got[i]);
        printf("\n  pacga with the keys, keys still disabled: %016lx %016lx\n", t_pacga(ptrs[0], 1), t_pacga(ptrs[1], ~0UL));

        write_sysreg(sctlr0 | SCTLR_KEYS, sctlr_el2);
        isb();
        for (unsigned i = 0; i < sizeof(el2_cases) / sizeof(el2_cases[0]); i++) {
                write_sysreg(el2_cases[i].tcr, tcr_el2);
                isb();
                sign_all(el2_cases[i].name, NPTRS);
                if (i < 3)
                        hints();
        }
        write_sysreg(25, tcr_el2);
        isb();
        branches();
        write_sysreg(25 | BIT(20), tcr_el2);
        isb();
        printf(" with TBI:\n");
        branches();
        /* only some keys enabled */
        write_sysreg(25, tcr_el2);
        write_sysreg(sctlr0 | SCTLR_EnIB | SCTLR_EnDA, sctlr_el2);
        isb();
        sign_all("EnIB and EnDA only", NPTRS);

        if ((read_sysreg(id_aa64mmfr1_el1) >> 8) & 0xf) {
                write_sysreg(read_sysreg(hcr_el2) | HCR_EL2_E2H, hcr_el2);
                write_sysreg(sctlr0 | SCTLR_KEYS, sctlr_el2);
                isb();
                for (unsigned i = 0; i < sizeof(vhe_cases) / sizeof(vhe_cases[0]); i++) {
                        write_sysreg(vhe_cases[i].tcr, tcr_el2);
                        isb();
                        sign_all(vhe_cases[i].name, 4);
                }
                write_sysreg(read_sysreg(hcr_el2) & ~HCR_EL2_E2H, hcr_el2);
                isb();
        }
        write_sysreg(tcr0, tcr_el2);
        write_sysreg(sctlr0, sctlr_el2);
        isb();
        printf("EL2: %u UNDEFINED, %u faults\n", undefs, faults);

        if (pauth) {
                uint64_t status;
                s2_init();
                vm_map_guest_image();
                s2_enable(1);
                el2_set_lower_sync_handler(on_lower_sync);
                printf("guest at EL1\n");
                status = guest_call(guest_main, 0);
                write_sysreg(HCR_EL2_VM | HCR_EL2_RW, hcr_el2);
                isb();
                printf("guest exited with status %lu\n", status);
        }
        return STATUS_OK;
}
