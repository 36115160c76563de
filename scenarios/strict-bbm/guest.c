/* Guest: reads the 32-bit word at the IPA it is given (stage 1 off) and returns it. */
#include "guest.h"

int guest_read(uint64_t ipa)
{
        return (int)*(volatile uint32_t *)ipa;
}
