/* smp-vmid-shared: the layout shared by the guests and the host. */
#ifndef VMID_SHARED_H
#define VMID_SHARED_H

#include "smp.h"        /* inline helpers only in guest code */

#define IPA_PAGE        0x80000000UL    /* per VM: slots the vCPUs write */
#define IPA_RDV         0x80010000UL    /* one page in every VM: the rendezvous counters */
#define HVC_MPIDR       1               /* the hypervisor answers with the physical MPIDR */

/* guest_main's argument */
#define VARG(slot, n, phase, vmid)      ((slot) | (n) << 8 | (phase) << 16 | (uint64_t)(vmid) << 24)
#define VARG_SLOT(a)    ((a) & 0xff)
#define VARG_N(a)       (((a) >> 8) & 0xff)
#define VARG_PHASE(a)   (((a) >> 16) & 0xff)
#define VARG_VMID(a)    (((a) >> 24) & 0xff)

/* What a vCPU writes in its slot: phase, VMID, its virtual and its physical Aff0. */
#define TAG(phase, vmid, vaff0, paff0)  (0x5e000000U | (phase) << 16 | (vmid) << 8 | (vaff0) << 4 | (paff0))

#define NSLOTS 4
struct vm_page {                        /* at IPA_PAGE */
        uint32_t slot[NSLOTS];
        uint32_t seen[NSLOTS];          /* what the vCPU of this slot read in the other slot */
        uint64_t mpidr[NSLOTS];         /* physical, by HVC */
        uint64_t vmpidr[NSLOTS];        /* MPIDR_EL1 at EL1 (VMPIDR_EL2) */
};
struct rdv_page {                       /* at IPA_RDV */
        volatile uint32_t arrived[8];   /* by phase */
};

#define NSTACKS 4
#define GSTACK  4096
extern char vcpu_stacks[NSTACKS][GSTACK];
int guest_main(uint64_t arg);

#endif
