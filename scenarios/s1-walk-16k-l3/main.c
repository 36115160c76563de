/* s1-walk-16k-l3: the stage-1 walk matrix (runtime/s1walk.h) for the 16K granule and a
 * 25-bit VA range (TCR_EL1.T0SZ = 39): the walk starts at level 3. */
#include "s1walk.h"

int main(void)
{
        return s1walk_run(&(struct s1walk_cfg){ .granule = 14, .va_bits = 25 });
}
