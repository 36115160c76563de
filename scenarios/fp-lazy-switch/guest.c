/* fp-lazy-switch guest (EL1): enables FP at EL1 (CPACR_EL1.FPEN), then runs its FP parts
 * (guest.fp.c) around exits to the host. Only the host's CPTR_EL2.TFP stands in its way. */
#include "guest.h"
#include "lazy.h"

uint64_t guest_fp_part1(void);          /* guest.fp.c */
uint64_t guest_fp_part2(uint64_t host);
uint64_t guest_fp_part3(void);

static void put(const char *what, uint64_t v)
{
        guest_puts(what);
        guest_puthex(v);
        guest_putc('\n');
}

int guest_main(uint64_t arg)
{
        (void)arg;
        __asm__ volatile("msr cpacr_el1, %0\n\tisb" :: "r"(3UL << 20));
        guest_puts("guest: FP enabled at EL1 (CPACR_EL1.FPEN = 3)\n");
        put("guest: part 1 = ", guest_fp_part1());
        uint64_t host = GUEST_HVC(HVC_HOST_WORK, NULL, 3, 0, 0, 0, 0, 0, 0, 0);
        put("guest: host replied ", host);
        put("guest: part 2 = ", guest_fp_part2(host));
        put("guest: part 3 = ", guest_fp_part3());
        return 0;
}
