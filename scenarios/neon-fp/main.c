/*
 * neon-fp: Advanced SIMD floating point from C intrinsics (ops.fp.c), over edge values
 * (zeros, infinities, quiet and signalling NaNs with payloads, denormals, extremes, ties)
 * under several FPCR modes (round to nearest; FZ+DN; round up with FZ16; round toward zero
 * with AHP). Each operation prints one line: a hash of all its results, its first result in
 * full, and FPSR per mode. The groups that need an extension run only when the ID registers
 * say the CPU has it (else one skip line): FEAT_FP16, FHM, FCMA, BF16, FRINTTS.
 */
#include "runtime.h"
#include "neon-fp.h"

static const uint16_t E16[] = {
        0x0000, 0x8000, 0x3c00, 0xbe00, 0x7c00, 0xfc00, 0x7e01, 0x7c05, 0x0010, 0x8200, 0x7bff, 0x0400,
        0x4300, 0xc100, 0x2e66, 0x4700, 0x3555, 0x6400, 0x5bff, 0x3801,
};
static const uint32_t E32[] = {
        0x00000000, 0x80000000, 0x3f800000, 0xbfc00000, 0x7f800000, 0xff800000, 0x7fc00001, 0x7f800005,
        0x00000010, 0x80400000, 0x7f7fffff, 0x00800000, 0x40600000, 0x4f000000, 0xc0200000, 0x3dcccccd,
        0x3eaaaaab, 0x4b000001, 0xdf000000, 0x3f000001,
};
static const uint64_t E64[] = {
        0x0000000000000000UL, 0x8000000000000000UL, 0x3ff0000000000000UL, 0xbff8000000000000UL,
        0x7ff0000000000000UL, 0xfff0000000000000UL, 0x7ff8000000000123UL, 0x7ff0000000000005UL,
        0x0000000000000010UL, 0x8008000000000000UL, 0x7fefffffffffffffUL, 0x0010000000000000UL,
        0x400c000000000000UL, 0x43e0000000000000UL, 0xc004000000000000UL, 0x3fb999999999999aUL,
        0x3fd5555555555555UL, 0x4330000000000001UL, 0xc3e0000000000000UL, 0x36a0000000000000UL,
};
#define NE 20
#define NSETS 5

static const uint64_t MODES[] = { 0, 0x03000000, 0x00480000, 0x04c00000 };
#define NMODES 4

/* Operand block k of operand `which` (0 a, 1 b, 2 c): edge values, rotated per lane. */
static void fill(uint64_t out[2], unsigned esize, unsigned k, unsigned which)
{
        unsigned lanes = 128 / esize;
        out[0] = out[1] = 0;
        for (unsigned i = 0; i < lanes; i++) {
                unsigned j = (k * (5 + 2 * which) + i * (1 + 4 * which) + 7 * which) % NE;
                uint64_t v = esize == 16 ? E16[j] : esize == 32 ? E32[j] : E64[j];
                unsigned bit = i * esize;
                out[bit / 64] |= v << (bit % 64);
        }
}

static int has(enum fp_feature f)
{
        uint64_t pfr0 = read_sysreg(id_aa64pfr0_el1), isar0 = read_sysreg(id_aa64isar0_el1);
        uint64_t isar1 = read_sysreg(id_aa64isar1_el1);
        int fp16 = ((pfr0 >> 16) & 0xf) == 1;
        switch (f) {
        case FEAT_BASE: return 1;
        case FEAT_FP16: return fp16;
        case FEAT_FHM: return ((isar0 >> 48) & 0xf) != 0;
        case FEAT_FCMA: return ((isar1 >> 16) & 0xf) != 0;
        case FEAT_FCMA_FP16: return fp16 && ((isar1 >> 16) & 0xf) != 0;
        case FEAT_BF16: return ((isar1 >> 44) & 0xf) != 0;
        case FEAT_FRINTTS: return ((isar1 >> 32) & 0xf) != 0;
        }
        return 0;
}

static const char *const FEATURE_NAMES[] = { "", "FEAT_FP16", "FEAT_FHM", "FEAT_FCMA", "FEAT_FCMA+FEAT_FP16", "FEAT_BF16", "FEAT_FRINTTS" };

/* The operand blocks of a group (filled once per group): [set][a, b, c][2]. */
static uint64_t operands[NSETS][3][2] __attribute__((aligned(16)));
static uint64_t r[2] __attribute__((aligned(16)));

static unsigned undefs;

static enum exc_result on_current_sync(struct el2_frame *f)
{
        return skip_undefined(f, &undefs);
}

static void run_op(const struct fp_group *g, const struct fp_op *op)
{
        uint64_t h = 0xcbf29ce484222325UL, first = 0, fpsr[NMODES];
        for (unsigned m = 0; m < NMODES; m++) {
                fp_set_fpcr(MODES[m]);
                fp_clear_fpsr();
                for (unsigned k = 0; k < NSETS; k++) {
                        r[0] = r[1] = 0;
                        op->fn(operands[k][0], operands[k][1], operands[k][2], r);
                        if (m == 0 && k == 0) first = r[0];
                        h = (h ^ r[0]) * 0x100000001b3UL;
                        h = (h ^ r[1]) * 0x100000001b3UL;
                }
                fpsr[m] = fp_get_fpsr();
        }
        fp_set_fpcr(0);
        printf("%s %s: %016lx first %016lx fpsr %02lx %02lx %02lx %02lx\n", g->name, op->name, h, first,
               fpsr[0], fpsr[1], fpsr[2], fpsr[3]);
}

int main(void)
{
        /* FP and Advanced SIMD at EL2: CPTR_EL2.TFP = 0 (the RES1 bits set). */
        write_sysreg(0x33ffUL, cptr_el2);
        isb();
        for (unsigned gi = 0; gi < fp_n_groups; gi++) {
                const struct fp_group *g = &fp_groups[gi];
                if (!has(g->feature)) {
                        /* Without the feature its instructions are UNDEFINED: each op once. */
                        undefs = 0;
                        el2_set_current_sync_handler(on_current_sync);
                        for (unsigned i = 0; i < g->n; i++)
                                g->ops[i].fn(operands[0][0], operands[0][1], operands[0][2], r);
                        el2_set_current_sync_handler(NULL);
                        printf("%s: skipped (the CPU has no %s; %u of its %u operations UNDEFINED)\n", g->name,
                               FEATURE_NAMES[g->feature], undefs, g->n);
                        continue;
                }
                for (unsigned k = 0; k < NSETS; k++)
                        for (unsigned which = 0; which < 3; which++)
                                fill(operands[k][which], g->esize, k, which);
                for (unsigned i = 0; i < g->n; i++)
                        run_op(g, &g->ops[i]);
        }
        return 0;
}
