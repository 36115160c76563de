/* fp-lazy-switch: the host's own FP work at EL2 (built with FP): double arithmetic in the
 * host's FPCR mode (round toward zero, default NaN), on values it left in its registers. */
#include "runtime.h"
#include "lazy.h"

uint64_t host_fp_work(uint64_t k)
{
        uint64_t r, fpcr, fpsr;
        /* d20/d21 hold host values across guest runs (fp_load put them there). */
        __asm__ volatile("scvtf d0, %3\n\tfdiv d1, d20, d0\n\tfmadd d2, d1, d21, d20\n\tfsqrt d2, d2\n\t"
                         "fmov %0, d2\n\tmrs %1, fpcr\n\tmrs %2, fpsr"
                         : "=r"(r), "=r"(fpcr), "=r"(fpsr) : "r"(k) : "v0", "v1", "v2");
        printf("host: FP work %lu = 0x%016lx in FPCR 0x%08lx, FPSR 0x%lx\n", k, r, fpcr, fpsr);
        return r;
}
