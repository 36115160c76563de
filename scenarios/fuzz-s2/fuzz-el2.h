/*
 * The EL2 side both fuzz images share (fuzz-s2 and fuzz-mmu): their output format (hex
 * without 0x, a tag and fields per line), the pool pattern, and the guest exit handlers.
 * Static functions for the one C file of each image that includes it.
 */
#ifndef S2DIFF_FUZZ_EL2_H
#define S2DIFF_FUZZ_EL2_H

#include "runtime.h"
#include "vm.h"

static struct el2_frame exit_frame;

static void put_hex(uint64_t v)
{
        char buf[17];
        int n = 0;

        do {
                unsigned d = v & 15;
                buf[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
                v >>= 4;
        } while (v);
        while (n)
                uart_putc(buf[--n]);
}

static void put_fields(char tag, const uint64_t *v, int n)
{
        uart_putc(tag);
        for (int i = 0; i < n; i++) {
                uart_putc(' ');
                put_hex(v[i]);
        }
        uart_putc('\n');
}

/* The word at every pool address: HVC #((pa >> 2) & 0xffff), so a load reads a value
 * that names its PA and an execution traps to EL2 with an immediate that does too. */
static inline uint32_t fuzz_pattern(uint64_t pa)
{
        return 0xd4000002u | (uint32_t)(((pa >> 2) & 0xffff) << 5);
}

static enum exc_result on_exit(struct el2_frame *f)
{
        exit_frame = *f;
        return EXC_GUEST_EXIT;
}

static void leave_guest(struct el2_frame *f)
{
        (void)f;
        guest_return_to_host(0);
}

#endif
