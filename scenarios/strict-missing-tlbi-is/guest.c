/* strict-missing-tlbi-is guest (on CPU 1, EL1, stage 1 off): reads IPA before and after
 * CPU 0's remap, then once more after its own hypervisor invalidated this CPU's TLB. */
#include "guest.h"
#include "smp.h"        /* inline helpers only */

#define IPA             0x80000000UL
#define HVC_MPIDR       1
#define HVC_LOCAL_TLBI  2

struct mtis {
        volatile uint32_t state, go;
        uint64_t mpidr;
        uint32_t before, after, fixed;
};
struct mtis shared;

static uint32_t rd(void)
{
        return *(volatile uint32_t *)IPA;
}

static void step(uint32_t n)
{
        smp_signal(&shared.state, n);
        while (smp_load_acquire(&shared.go) < n)
                smp_wfe();
}

int guest_main(uint64_t arg)
{
        (void)arg;
        shared.mpidr = GUEST_HVC(HVC_MPIDR, NULL, 0, 0, 0, 0, 0, 0, 0, 0);
        shared.before = rd();           /* the translation is now in this CPU's TLB */
        step(1);                        /* CPU 0 remaps with local TLBIs */
        shared.after = rd();            /* old or new translation: the same word */
        step(2);                        /* CPU 0 makes the pages differ */
        GUEST_HVC(HVC_LOCAL_TLBI, NULL, 0, 0, 0, 0, 0, 0, 0, 0);
        shared.fixed = rd();            /* this CPU's TLB was invalidated: the new page */
        return 0;
}
