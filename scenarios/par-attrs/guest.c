/* par-attrs never enters its guest: this object only gives the image the guest sections
 * (and so the runtime's stage-2 support) that vm_map_guest_image() maps. */
#include "guest.h"

int guest_main(uint64_t arg)
{
        return (int)arg;
}
