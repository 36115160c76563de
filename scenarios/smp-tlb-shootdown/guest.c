/* smp-tlb-shootdown guest (on CPU 1, EL1, stage 1 off): reads IPA_A and IPA_B as the host
 * remaps them from CPU 0 and records what it sees in `shared`. */
#include "guest.h"
#include "shootdown.h"

struct shootdown shared;

static uint32_t rd(uint64_t ipa)
{
        return *(volatile uint32_t *)ipa;
}

static void wait_go(uint32_t n)
{
        while (smp_load_acquire(&shared.go) < n)
                smp_wfe();
}

int guest_main(uint64_t arg)
{
        (void)arg;
        shared.mpidr = GUEST_HVC(HVC_MPIDR, NULL, 0, 0, 0, 0, 0, 0, 0, 0);
        shared.vmpidr = read_sysreg(mpidr_el1);

        /* A: the translation of IPA_A is in this CPU's TLB, then the host remaps it */
        shared.a_before = rd(IPA_A);
        smp_signal(&shared.state, 1);
        wait_go(1);
        shared.a_after = rd(IPA_A);

        /* B: reads IPA_B in a loop while the host remaps it; one more read after the host
         * said it is done (the flag is read before the page: acquire orders them). */
        for (;;) {
                int done = smp_load_acquire(&shared.go) >= 2;
                uint32_t v = rd(IPA_B);

                if (shared.b_changes == 0 || shared.b_last != v) {
                        if (shared.b_changes < LOG_MAX)
                                shared.b_seen[shared.b_changes] = v;
                        shared.b_changes++;
                        shared.b_last = v;
                }
                if (shared.state < 2)
                        smp_signal(&shared.state, 2);
                if (done)
                        break;
                smp_yield();
        }

        /* C: the host unmapped IPA_A: this read faults to the hypervisor on this CPU */
        smp_signal(&shared.state, 3);
        wait_go(3);
        shared.c_value = rd(IPA_A);
        return 0;
}
