/* software-step guest: a few instructions to be stepped from EL2, including a load-exclusive. */
#include "guest.h"

static uint64_t word;

int guest_main(uint64_t arg)
{
        uint64_t v;

        __asm__ volatile("add %0, %1, #1\n\tldxr x9, [%2]\n\tclrex\n\tadd %0, %0, #2"
                         : "=&r"(v) : "r"(arg), "r"(&word) : "x9", "memory");
        return (int)v;
}
