/* s1-walk-64k-l1-lpa: the stage-1 walk matrix (runtime/s1walk.h) for the 64K granule and a
 * 48-bit VA range (TCR_EL1.T0SZ = 16): the walk starts at level 1, and FEAT_LPA allows
 * 4 TiB level-1 blocks. */
#include "s1walk.h"

int main(void)
{
        return s1walk_run(&(struct s1walk_cfg){ .granule = 16, .va_bits = 48 });
}
