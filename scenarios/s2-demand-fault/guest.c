/* s2-demand-fault guest: touches IPAs the host has not mapped yet; each access faults
 * to EL2, the host maps a page and the access is replayed. */
#include "guest.h"
#include "demand.h"

static int failures;

static void report(uint64_t id, uint64_t got, uint64_t want)
{
        if (got != want)
                failures++;
        GUEST_HVC(HVC_CHECK, NULL, id, got, want, 0, 0, 0, 0, 0);
}

int guest_main(uint64_t arg)
{
        volatile uint64_t *a = (volatile uint64_t *)(IPA_A + OFF_A_READ);
        volatile uint64_t *b = (volatile uint64_t *)(IPA_B + OFF_B_WRITE);
        volatile uint64_t *c_rd = (volatile uint64_t *)(IPA_C + OFF_C_READ);
        volatile uint64_t *c_wr = (volatile uint64_t *)(IPA_C + OFF_C_WRITE);
        uint64_t v;

        (void)arg;
        guest_puts("guest: 1) read from unmapped IPA ");
        guest_puthex((uint64_t)a);
        guest_putc('\n');
        v = *a;
        report(1, v, PATTERN_A);

        guest_puts("guest: 2) write to unmapped IPA ");
        guest_puthex((uint64_t)b);
        guest_putc('\n');
        *b = VALUE_B;
        report(2, *b, VALUE_B);

        guest_puts("guest: 3) read from unmapped IPA ");
        guest_puthex((uint64_t)c_rd);
        guest_putc('\n');
        v = *c_rd;
        report(3, v, PATTERN_C);

        guest_puts("guest: 4) write to read-only IPA ");
        guest_puthex((uint64_t)c_wr);
        guest_putc('\n');
        *c_wr = VALUE_C;
        report(4, *c_wr, VALUE_C);

        guest_puts("guest: 5) the first page is still there\n");
        report(5, *a, PATTERN_A);

        guest_puts(failures ? "guest: done, with failures\n" : "guest: done\n");
        return failures;
}
