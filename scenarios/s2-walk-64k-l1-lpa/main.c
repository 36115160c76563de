/* s2-walk-64k-l1-lpa: the stage-2 walk matrix (runtime/s2walk.h) for the 64K granule,
 * a 48-bit IPA space and a walk that starts at level 1, with 4 TiB level-1 blocks (FEAT_LPA). */
#include "s2walk.h"

int main(void)
{
        return s2walk_run(&(struct s2walk_cfg){ .granule = 16, .ipa_bits = 48, .start_level = 1 });
}
