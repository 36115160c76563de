/* s1-walk-4k-l0: the stage-1 walk matrix (runtime/s1walk.h) for the 4K granule and a
 * 44-bit VA range (TCR_EL1.T0SZ = 20): the walk starts at level 0. */
#include "s1walk.h"

int main(void)
{
        return s1walk_run(&(struct s1walk_cfg){ .granule = 12, .va_bits = 44 });
}
