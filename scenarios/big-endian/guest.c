/* Guest side of big-endian: runs the probe (guest_be.S) on a buffer of its own. */
#include "guest.h"

void big_endian_probe(void *buf, uint64_t *out, uint64_t lse);

uint8_t be_buf[64] __attribute__((aligned(16)));
uint64_t be_out[9];

int guest_main(uint64_t arg)
{
        big_endian_probe(be_buf, be_out, arg);
        return 0;
}
