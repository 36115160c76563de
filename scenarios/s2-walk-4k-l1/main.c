/* s2-walk-4k-l1: the stage-2 walk matrix (runtime/s2walk.h) for the 4K granule,
 * a 39-bit IPA space and a walk that starts at level 1. */
#include "s2walk.h"

int main(void)
{
        return s2walk_run(&(struct s2walk_cfg){ .granule = 12, .ipa_bits = 39, .start_level = 1 });
}
