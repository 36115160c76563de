/* s2-walk-64k-l2-concat4: the stage-2 walk matrix (runtime/s2walk.h) for the 64K granule,
 * a 44-bit IPA space and a walk that starts at level 2 (4 concatenated start tables). */
#include "s2walk.h"

int main(void)
{
        return s2walk_run(&(struct s2walk_cfg){ .granule = 16, .ipa_bits = 44, .start_level = 2 });
}
