/* Guest side of hw-breakpoints: runs code the host has put a breakpoint or watchpoint on. */
#include "guest.h"

uint64_t guest_data[4] __attribute__((aligned(64)));

__attribute__((noinline)) uint64_t guest_bp_target(uint64_t v)
{
        return v * 3 + 1;
}

int guest_main(uint64_t arg)
{
        uint64_t v;

        switch (arg) {
        case 0: /* breakpoint on guest_bp_target (EL1) */
                return (int)guest_bp_target(5);
        case 1: /* watchpoint on guest_data[1] (stores) */
                guest_data[0] = 1;
                guest_data[1] = 2;
                return (int)guest_data[1];
        case 2: /* a load at EL1 against a watchpoint that matches EL0 accesses only */
                __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(&guest_data[2]) : "memory");
                return (int)v;
        }
        return 0;
}
