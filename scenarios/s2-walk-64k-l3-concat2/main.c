/* s2-walk-64k-l3-concat2: the stage-2 walk matrix (runtime/s2walk.h) for the 64K granule,
 * a 30-bit IPA space and a walk that starts at level 3 (2 concatenated start tables). */
#include "s2walk.h"

int main(void)
{
        return s2walk_run(&(struct s2walk_cfg){ .granule = 16, .ipa_bits = 30, .start_level = 3 });
}
