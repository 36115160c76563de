/* smp-vmid-shared guest: one code for every vCPU (EL1, stage 1 off). Writes its slot of
 * the VM's page, meets the other vCPUs of the phase in the rendezvous page, then reads the
 * other slot (slot ^ 1). */
#include "guest.h"
#include "vmid_shared.h"

char vcpu_stacks[NSTACKS][GSTACK] __attribute__((aligned(16)));

static void arrive(volatile uint32_t *p)
{
        uint32_t v, fail;

        __asm__ volatile("1:     ldaxr   %w0, [%2]\n"
                         "       add     %w0, %w0, #1\n"
                         "       stlxr   %w1, %w0, [%2]\n"
                         "       cbnz    %w1, 1b\n"
                         "       dsb     ish\n"
                         "       sev"
                         : "=&r"(v), "=&r"(fail) : "r"(p) : "memory");
}

int guest_main(uint64_t arg)
{
        volatile struct vm_page *pg = (volatile struct vm_page *)IPA_PAGE;
        struct rdv_page *rdv = (struct rdv_page *)IPA_RDV;
        unsigned slot = VARG_SLOT(arg), phase = VARG_PHASE(arg);
        uint64_t mpidr = GUEST_HVC(HVC_MPIDR, NULL, 0, 0, 0, 0, 0, 0, 0, 0);
        uint64_t vmpidr = read_sysreg(mpidr_el1);

        pg->mpidr[slot] = mpidr;
        pg->vmpidr[slot] = vmpidr;
        pg->slot[slot] = TAG(phase, (unsigned)VARG_VMID(arg), (unsigned)(vmpidr & 0xf), (unsigned)(mpidr & 0xf));
        dmb(ish);
        arrive(&rdv->arrived[phase]);
        while (smp_load_acquire(&rdv->arrived[phase]) < VARG_N(arg))
                smp_wfe();
        pg->seen[slot] = pg->slot[slot ^ 1];
        return (int)pg->seen[slot];
}
