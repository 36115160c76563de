/* s2-walk-16k-l2-concat16: the stage-2 walk matrix (runtime/s2walk.h) for the 16K granule,
 * a 40-bit IPA space and a walk that starts at level 2 (16 concatenated start tables). */
#include "s2walk.h"

int main(void)
{
        return s2walk_run(&(struct s2walk_cfg){ .granule = 14, .ipa_bits = 40, .start_level = 2 });
}
