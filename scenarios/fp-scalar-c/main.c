/*
 * fp-scalar-c: scalar floating point compiled from C (the *.fp.c files, built with FP
 * enabled), run at EL2 with CPTR_EL2.TFP = 0. Every result is printed as its bit pattern or
 * folded into a per-group hash with the FPSR flags the group raised, in each FPCR rounding
 * mode with FZ, DN and AHP where they matter; the probe part runs the half-precision
 * arithmetic forms (FEAT_FP16) and FJCVTZS, FRINT32Z/64X and BFCVT (FEAT_JSCVT, FEAT_FRINTTS,
 * FEAT_BF16) and reports each as a result or UNDEFINED, so the output says what the CPU
 * implements (max: everything; cortex-a57: none of them).
 */
#include "fpc.h"

volatile unsigned fp_undefs;

static enum exc_result on_current_sync(struct el2_frame *f)
{
        unsigned n = fp_undefs;
        enum exc_result r = skip_undefined(f, &n);
        fp_undefs = n;
        return r;
}

int main(void)
{
        uint64_t pfr0 = read_sysreg(id_aa64pfr0_el1), isar1 = read_sysreg(id_aa64isar1_el1);
        unsigned fp = (pfr0 >> 16) & 0xf;

        el2_set_current_sync_handler(on_current_sync);
        write_sysreg(read_sysreg(cptr_el2) & ~BIT(10), cptr_el2);   /* TFP = 0 */
        isb();
        printf("fp-scalar-c: ID_AA64PFR0_EL1.FP = %u, ISAR1.JSCVT = %lu FRINTTS = %lu BF16 = %lu\n", fp,
               (isar1 >> 12) & 0xf, (isar1 >> 32) & 0xf, (isar1 >> 44) & 0xf);
        fp_arith();
        fp_convert();
        fp_compare();
        fp_probe(fp == 1);
        fp_loop();
        printf("%u UNDEFINED\n", fp_undefs);
        return STATUS_OK;
}
