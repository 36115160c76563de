/* s1-walk-4k-l1: the stage-1 walk matrix (runtime/s1walk.h) for the 4K granule and a
 * 39-bit VA range (TCR_EL1.T0SZ = 25): the walk starts at level 1. */
#include "s1walk.h"

int main(void)
{
        return s1walk_run(&(struct s1walk_cfg){ .granule = 12, .va_bits = 39 });
}
