/* s2-walk-64k-l3: the stage-2 walk matrix (runtime/s2walk.h) for the 64K granule,
 * a 29-bit IPA space and a walk that starts at level 3. */
#include "s2walk.h"

int main(void)
{
        return s2walk_run(&(struct s2walk_cfg){ .granule = 16, .ipa_bits = 29, .start_level = 3 });
}
