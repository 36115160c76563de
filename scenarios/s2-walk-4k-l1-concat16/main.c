/* s2-walk-4k-l1-concat16: the stage-2 walk matrix (runtime/s2walk.h) for the 4K granule,
 * a 43-bit IPA space and a walk that starts at level 1 (16 concatenated start tables). */
#include "s2walk.h"

int main(void)
{
        return s2walk_run(&(struct s2walk_cfg){ .granule = 12, .ipa_bits = 43, .start_level = 1 });
}
