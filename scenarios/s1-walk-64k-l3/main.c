/* s1-walk-64k-l3: the stage-1 walk matrix (runtime/s1walk.h) for the 64K granule and a
 * 29-bit VA range (TCR_EL1.T0SZ = 35): the walk starts at level 3. */
#include "s1walk.h"

int main(void)
{
        return s1walk_run(&(struct s1walk_cfg){ .granule = 16, .va_bits = 29 });
}
