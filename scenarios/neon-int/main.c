/*
 * neon-int: Advanced SIMD integer instructions from C (neon.fp.c, built with FP/SIMD
 * enabled), printed lane by lane so both sides' results compare as text. Extensions run
 * only where ID_AA64ISAR0_EL1/ISAR1_EL1 advertise them (DP, RDM, I8MM, AES >= 2 for PMULL
 * of 64-bit elements); then one instruction of each runs regardless and the UNDEFINED ones
 * are counted (cortex-a57 has none of DotProd, RDM and I8MM).
 */
#include "runtime.h"

void neon_int_tests(int dotprod, int rdm, int i8mm, int pmull);

static unsigned undefs;
/* The last data abort neon.fp.c's structure loads/stores took (skipped over). */
volatile uint64_t last_esr, last_far;

static enum exc_result on_current_sync(struct el2_frame *f)
{
        if (ESR_EC(f->esr) == ESR_EC_DABT_CUR) {
                last_esr = f->esr;
                last_far = f->far;
                f->elr += 4;
                return EXC_HANDLED;
        }
        return skip_undefined(f, &undefs);
}

int main(void)
{
        uint64_t isar0 = read_sysreg(id_aa64isar0_el1), isar1 = read_sysreg(id_aa64isar1_el1);
        int dp = (isar0 >> 44) & 0xf, rdm = (isar0 >> 28) & 0xf, aes = (isar0 >> 4) & 0xf;
        int i8mm = (isar1 >> 52) & 0xf;

        write_sysreg(0x33ffUL, cptr_el2);       /* RES1 bits; TFP = 0: FP/SIMD on */
        __asm__ volatile("isb");
        el2_set_current_sync_handler(on_current_sync);
        printf("neon-int: ID_AA64ISAR0_EL1.DP = %d RDM = %d AES = %d, ID_AA64ISAR1_EL1.I8MM = %d\n", dp, rdm, aes, i8mm);
        neon_int_tests(dp >= 1, rdm >= 1, i8mm >= 1, aes >= 2);

        /* sdot v0.4s, v1.16b, v2.16b; sqrdmlah v0.8h, v1.8h, v2.8h; smmla v0.4s, v1.16b, v2.16b;
         * usdot v0.4s, v1.16b, v2.16b; pmull2 v0.1q, v1.2d, v2.2d */
        __asm__ volatile(".inst 0x4e829420\n\t.inst 0x6e428420\n\t.inst 0x4e82a420\n\t"
                         ".inst 0x4e829c20\n\t.inst 0x4ee2e020" ::: "v0", "memory");
        printf("extension instructions UNDEFINED: %u (expected %d)\n", undefs,
               (dp < 1) + (rdm < 1) + 2 * (i8mm < 1) + (aes < 2));
        return STATUS_OK;
}
