/* neon-fp: the operations (ops.fp.c, built with FP/SIMD) and their groups, each behind the
 * feature it needs. An operation reads three 16-byte operands and writes a 16-byte result. */
#ifndef NEON_FP_H
#define NEON_FP_H
#include <stdint.h>

typedef void (*fp_op_fn)(const void *a, const void *b, const void *c, void *r);

struct fp_op {
        const char *name;
        fp_op_fn fn;
};

enum fp_feature { FEAT_BASE, FEAT_FP16, FEAT_FHM, FEAT_FCMA, FEAT_FCMA_FP16, FEAT_BF16, FEAT_FRINTTS };

struct fp_group {
        const char *name;
        enum fp_feature feature;
        unsigned esize;         /* element size of the operands drawn from the edge tables */
        const struct fp_op *ops;
        unsigned n;
};

extern const struct fp_group fp_groups[];
extern const unsigned fp_n_groups;

void fp_set_fpcr(uint64_t v);
uint64_t fp_get_fpsr(void);
void fp_clear_fpsr(void);
#endif
