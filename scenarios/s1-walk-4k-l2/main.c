/* s1-walk-4k-l2: the stage-1 walk matrix (runtime/s1walk.h) for the 4K granule and a
 * 30-bit VA range (TCR_EL1.T0SZ = 34): the walk starts at level 2. */
#include "s1walk.h"

int main(void)
{
        return s1walk_run(&(struct s1walk_cfg){ .granule = 12, .va_bits = 30 });
}
