/* fp-scalar-c: what main.c (general registers only) and the *.fp.c files (FP) share. */
#ifndef FPC_H
#define FPC_H
#include "runtime.h"

/* UNDEFINED instructions skipped so far (main.c's handler counts them). */
extern volatile unsigned fp_undefs;

/* FNV-1a style accumulation of result bits, printed per group. */
struct acc {
        uint64_t h;
        unsigned n;
};
#define ACC_INIT { 0xcbf29ce484222325UL, 0 }
static inline void mix(struct acc *a, uint64_t v)
{
        a->h = (a->h ^ v) * 0x100000001b3UL;
        a->n++;
}

#define FPCR_AHP BIT(26)
#define FPCR_DN  BIT(25)
#define FPCR_FZ  BIT(24)
#define FPCR_FZ16 BIT(19)
#define FPCR_RMODE(r) ((uint64_t)(r) << 22)

static inline void set_fpcr(uint64_t v) { __asm__ volatile("msr fpcr, %0\n\tisb" :: "r"(v) : "memory"); }
static inline uint64_t get_fpcr(void) { uint64_t v; __asm__ volatile("mrs %0, fpcr" : "=r"(v) :: "memory"); return v; }
static inline void clear_fpsr(void) { __asm__ volatile("msr fpsr, xzr" ::: "memory"); }
static inline uint64_t get_fpsr(void) { uint64_t v; __asm__ volatile("mrs %0, fpsr" : "=r"(v) :: "memory"); return v; }

void fp_arith(void);     /* arith.fp.c */
void fp_convert(void);   /* convert.fp.c */
void fp_compare(void);   /* compare.fp.c */
void fp_probe(int fp16); /* probe.fp.c */
void fp_loop(void);      /* loop.fp.c */
#endif
