/* Guest: reads the 32-bit word at the IPA it is given (stage 1 off) and returns it. */
#include "guest.h"

int guest_read(uint64_t ipa)
{
        return (int)*(volatile uint32_t *)ipa;
}

int guest_write(uint64_t ipa)
{
        register uint64_t x0 __asm__("x0") = 0x5;

        /* x0 comes back as 0xbad when the host handled an abort */
        __asm__ volatile("str w0, [%1]" : "+r"(x0) : "r"(ipa) : "memory");
        return (int)x0;
}
