/* s2-walk-16k-l2: the stage-2 walk matrix (runtime/s2walk.h) for the 16K granule,
 * a 36-bit IPA space and a walk that starts at level 2. */
#include "s2walk.h"

int main(void)
{
        return s2walk_run(&(struct s2walk_cfg){ .granule = 14, .ipa_bits = 36, .start_level = 2 });
}
