/* Guest side of s2-abort-matrix: read, write and execute each probe page. */
#include "guest.h"

uint64_t probe_results[8][3];

static uint64_t do_read(uint64_t a)
{
        uint64_t v;

        __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(a) : "memory");
        return v;
}

static uint64_t do_write(uint64_t a, uint64_t v)
{
        register uint64_t x0 __asm__("x0") = 0;

        /* The host sets x0 to the fault mark when the store aborts. */
        __asm__ volatile("str %1, [%2]" : "+r"(x0) : "r"(v), "r"(a) : "memory");
        return x0;
}

static uint64_t do_exec(uint64_t a)
{
        register uint64_t x0 __asm__("x0");

        __asm__ volatile("blr %1" : "=r"(x0) : "r"(a) : "x30", "memory");
        return x0;
}

int guest_main(uint64_t base)
{
        for (int i = 0; i < 8; i++) {
                uint64_t page = base + (uint64_t)i * 4096;

                probe_results[i][0] = do_read(page + 8);
                probe_results[i][1] = do_write(page + 16, 0x5eed0000 + i);
                probe_results[i][2] = do_exec(page);
        }
        return 0;
}
