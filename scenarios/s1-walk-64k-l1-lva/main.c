/* s1-walk-64k-l1-lva: the stage-1 walk matrix (runtime/s1walk.h) for the 64K granule and a
 * 52-bit VA range (TCR_EL1.T0SZ = 12, FEAT_LVA): the walk starts at level 1 with 1024 entries,
 * so the matrix's level-1 probes reach VAs above 2^48. Without ID_AA64MMFR2_EL1.VARange the
 * CPU treats T0SZ as 16 (AArch64.MinTxSZ), and the result says so. */
#include "s1walk.h"

int main(void)
{
        uint64_t varange = (read_sysreg(id_aa64mmfr2_el1) >> 16) & 0xf;

        printf("s1-walk-64k-l1-lva: ID_AA64MMFR2_EL1.VARange = %lu\n", varange);
        if (!varange)
                return STATUS_OK;
        return s1walk_run(&(struct s1walk_cfg){ .granule = 16, .va_bits = 52 });
}
