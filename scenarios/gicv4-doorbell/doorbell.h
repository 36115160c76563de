/* gicv4-doorbell: the guest's record (guest data, read by the host) and its HVC. */
#ifndef DOORBELL_H
#define DOORBELL_H

#include "runtime.h"

#define HVC_STEP        1       /* x0 = step; the host returns x0 = vINTID to wait for (or
                                 * STEP_DONE: return), x1 = 1 to take it, 0 to leave it pending */
#define STEP_DONE       0xffffffffUL
#define NSTEPS          8
#define LOG_MAX         16

struct guest_record {
        uint64_t pmr, igrpen1;
        uint32_t steps;                 /* steps asked for so far, over both entries */
        uint64_t hppir[NSTEPS];         /* ICV_HPPIR1_EL1 before each step's IRQ window */
        uint32_t first[NSTEPS], last[NSTEPS], took[NSTEPS];
        uint32_t iar[LOG_MAX];
        uint32_t n;
        uint64_t isr_at_exit[2];        /* ISR_EL1 when each entry returns */
};
extern struct guest_record rec;

int guest_main(uint64_t entry);

#endif
