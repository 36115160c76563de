/* s2-walk-16k-l1: the stage-2 walk matrix (runtime/s2walk.h) for the 16K granule,
 * a 44-bit IPA space and a walk that starts at level 1. */
#include "s2walk.h"

int main(void)
{
        return s2walk_run(&(struct s2walk_cfg){ .granule = 14, .ipa_bits = 44, .start_level = 1 });
}
