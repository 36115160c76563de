/*
 * system-features: the system registers and instructions of features beyond the base that
 * QEMU's -cpu advertises (ID registers say so, so kernels touch them): FEAT_LOR (LORSA/
 * LOREA/LORN/LORC/LORID, trapped by HCR_EL2.TLOR), FEAT_HCX (HCRX_EL2), FEAT_RAS (ERRIDR,
 * ERRSELR, the ERX* record window, DISR_EL1/VDISR_EL2, VSESR_EL2, ESB), FEAT_SPECRES
 * (CFP/DVP/CPP RCTX). Each register is read, written with all ones and read back at EL2;
 * an UNDEFINED access is counted and skipped, so a profile without the feature prints
 * where it is absent. Then a guest at EL1 does the same with HCR_EL2.TLOR set (LOR
 * accesses trap to EL2 with the MRS/MSR syndrome; the host emulates reads) and clear, and
 * with HCR_EL2.AMO (DISR_EL1 reaches VDISR_EL2; ESB with PSTATE.A masked and a virtual
 * SError pending records it in VDISR_EL2 and clears HCR_EL2.VSE).
 */
#include "vm.h"
#include "probe.h"

int guest_main(uint64_t arg);   /* guest.c */

#define HCR_EL2_VSE     BIT(8)
#define HCR_EL2_TLOR    BIT(35)
#define EMULATED        0x5c00000000000000UL

static unsigned undefs, traps;

static enum exc_result on_current_sync(struct el2_frame *f)
{
        enum exc_result r = skip_undefined(f, &undefs);
        if (r == EXC_HANDLED)
                f->x[0] = 0xdeadUL;     /* what an UNDEFINED read "returns" here (x0 is the probe's register) */
        return r;
}

static enum exc_result on_lower_sync(struct el2_frame *f)
{
        uint64_t ec = ESR_EC(f->esr), iss = ESR_ISS(f->esr);

        if (ec == ESR_EC_HVC64 && ESR_HVC_IMM16(f->esr) == HVC_REPORT) {
                printf("  guest %s: 0x%lx, after writing ones 0x%lx\n", (const char *)f->x[0], f->x[1], f->x[2]);
                return EXC_HANDLED;
        }
        if (ec == ESR_EC_HVC64)
                return EXC_UNHANDLED;
        if (ec == ESR_EC_SYS64) {
                unsigned rt = (iss >> 5) & 0x1f;
                traps++;
                printf("  trap: ISS=0x%07lx Op0=%lu Op1=%lu CRn=%lu CRm=%lu Op2=%lu %s\n", iss, (iss >> 20) & 3,
                       (iss >> 14) & 7, (iss >> 10) & 0xf, (iss >> 1) & 0xf, (iss >> 17) & 7, iss & 1 ? "read" : "write");
                if ((iss & 1) && rt != 31)
                        f->x[rt] = EMULATED | iss;
                f->elr += 4;
                return EXC_HANDLED;
        }
        if (ec == ESR_EC_UNKNOWN) {
                undefs++;
                f->x[0] = 0xdeadUL;
                f->elr += 4;
                return EXC_HANDLED;
        }
        return EXC_UNHANDLED;
}

/* Read, write ones, read back: the value is in x0 so an UNDEFINED read leaves 0xdead. */
#define PROBE_RW(name, enc) do {                                                        \
                register uint64_t a __asm__("x0"), b __asm__("x0");                     \
                unsigned u = undefs;                                                    \
                __asm__ volatile("mov x0, xzr\n\tmrs x0, " #enc : "=r"(a) :: "memory"); \
                uint64_t first = a;                                                     \
                __asm__ volatile("msr " #enc ", %0" :: "r"(~0UL) : "memory");           \
                __asm__ volatile("mov x0, xzr\n\tmrs x0, " #enc : "=r"(b) :: "memory"); \
                if (undefs != u)                                                        \
                        printf("  %s: UNDEFINED (%u)\n", name, undefs - u);             \
                else                                                                    \
                        printf("  %s: 0x%lx, after writing ones 0x%lx\n", name, first, b); \
        } while (0);
#define PROBE_RO(name, enc) do {                                                        \
                register uint64_t a __asm__("x0");                                      \
                unsigned u = undefs;                                                    \
                __asm__ volatile("mov x0, xzr\n\tmrs x0, " #enc : "=r"(a) :: "memory"); \
                if (undefs != u)                                                        \
                        printf("  %s: UNDEFINED\n", name);                              \
                else                                                                    \
                        printf("  %s: 0x%lx\n", name, a);                               \
        } while (0);
/* A SYS instruction: executed or UNDEFINED. */
#define PROBE_SYS(name, insn) do {                                                      \
                unsigned u = undefs;                                                    \
                __asm__ volatile("mov x0, xzr\n\t" insn :: : "x0", "memory");           \
                printf("  %s: %s\n", name, undefs != u ? "UNDEFINED" : "executed");     \
        } while (0)

int main(void)
{
        uint64_t hcr;
        int lor = ((read_sysreg(id_aa64mmfr1_el1) >> 16) & 0xf) != 0, ras = ((read_sysreg(id_aa64pfr0_el1) >> 28) & 0xf) != 0;

        el2_set_current_sync_handler(on_current_sync);
        el2_set_lower_sync_handler(on_lower_sync);
        printf("system-features: ID_AA64MMFR1_EL1 0x%lx ID_AA64PFR0_EL1 0x%lx ID_AA64ISAR1_EL1 0x%lx\n",
               read_sysreg(id_aa64mmfr1_el1), read_sysreg(id_aa64pfr0_el1), read_sysreg(id_aa64isar1_el1));
        s2_init();
        vm_map_guest_image();
        s2_enable(1);
        hcr = read_sysreg(hcr_el2);

        printf("at EL2:\n");
        LOR_REGS(PROBE_RW);
        LOR_RO_REGS(PROBE_RO);
        RAS_REGS(PROBE_RW);
        RAS_RO_REGS(PROBE_RO);
        RAS_RECORD_REGS(PROBE_RW);
        EL2_REGS(PROBE_RW);
        write_sysreg(0, s3_4_c1_c2_2);          /* HCRX_EL2 back to 0 */
        write_sysreg(0, s3_4_c12_c1_1);         /* VDISR_EL2 */
        isb();
        PROBE_SYS("cfp rctx", "sys #3, c7, c3, #4, x0");
        PROBE_SYS("dvp rctx", "sys #3, c7, c3, #5, x0");
        PROBE_SYS("cpp rctx", "sys #3, c7, c3, #7, x0");
        PROBE_SYS("esb", "hint #16");

        if (!lor || !ras) {
                /* The guest's accesses would be UNDEFINED at EL1, taken by the guest itself. */
                printf("no FEAT_LOR or no FEAT_RAS: no guest part; %u UNDEFINED\n", undefs);
                return STATUS_OK;
        }
        printf("guest with HCR_EL2.TLOR = 1:\n");
        write_sysreg(hcr | HCR_EL2_TLOR, hcr_el2);
        isb();
        guest_call(guest_main, 0);
        printf("guest with HCR_EL2.TLOR = 0:\n");
        write_sysreg(hcr, hcr_el2);
        isb();
        guest_call(guest_main, 0);
        printf("guest with HCR_EL2.AMO = 1, VSE = 1 (masked: ESB defers it):\n");
        write_sysreg(0x1234UL, s3_4_c5_c2_3);   /* VSESR_EL2: the virtual SError's syndrome */
        write_sysreg(hcr | HCR_EL2_AMO | HCR_EL2_VSE, hcr_el2);
        isb();
        guest_call(guest_main, 1);
        printf("after: HCR_EL2.VSE = %lu, VDISR_EL2 = 0x%lx\n", (read_sysreg(hcr_el2) >> 8) & 1, read_sysreg(s3_4_c12_c1_1));
        write_sysreg(hcr, hcr_el2);
        isb();
        printf("%u traps, %u UNDEFINED\n", traps, undefs);
        return STATUS_OK;
}
