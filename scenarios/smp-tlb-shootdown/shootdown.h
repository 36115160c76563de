/* smp-tlb-shootdown: what the guest (CPU 1) and the host (CPU 0) share, in guest data. */
#ifndef SHOOTDOWN_H
#define SHOOTDOWN_H

#include "smp.h"        /* only its inline helpers in guest code */

#define IPA_A   0x80000000UL    /* remapped while the guest waits */
#define IPA_B   0x80001000UL    /* remapped while the guest reads it in a loop */
#define LOG_MAX 8

#define HVC_MPIDR       1       /* the hypervisor answers with the physical MPIDR_EL1 */

struct shootdown {
        volatile uint32_t state;        /* guest -> host: the phase it has reached */
        volatile uint32_t go;           /* host -> guest: the remaps done */
        uint64_t mpidr, vmpidr;         /* physical (by HVC) and virtual MPIDR */
        uint32_t a_before, a_after;     /* phase A */
        uint32_t b_seen[LOG_MAX];       /* phase B: the distinct values in the order seen */
        uint32_t b_changes;             /* how many (may exceed LOG_MAX) */
        uint32_t b_last;
        uint32_t c_value;               /* phase C: after the unmap and the fault */
};
extern struct shootdown shared;

int guest_main(uint64_t arg);

#endif
