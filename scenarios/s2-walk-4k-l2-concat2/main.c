/* s2-walk-4k-l2-concat2: the stage-2 walk matrix (runtime/s2walk.h) for the 4K granule,
 * a 31-bit IPA space and a walk that starts at level 2 (2 concatenated start tables). */
#include "s2walk.h"

int main(void)
{
        return s2walk_run(&(struct s2walk_cfg){ .granule = 12, .ipa_bits = 31, .start_level = 2 });
}
