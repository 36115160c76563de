/* gicv4-vlpi: what the guest records (guest data, read by the host) and the HVC it makes. */
#ifndef VLPI_H
#define VLPI_H

#include "runtime.h"

#define HVC_STEP        1       /* x0 = step: the host sets it up, returns the vINTID to wait for */
#define NSTEPS          7
#define LOG_MAX         32

struct guest_record {
        uint64_t sre_el1, ctlr, pmr_reset, igrpen1_reset, pmr, igrpen1;
        uint64_t hppir[NSTEPS];         /* ICV_HPPIR1_EL1 before each IRQ window */
        uint32_t first[NSTEPS], last[NSTEPS];   /* iar[first..last) were taken in step n */
        uint32_t iar[LOG_MAX];
        uint64_t rpr_in_handler[LOG_MAX];
        uint32_t n;
        uint64_t rpr_end, hppir_end, isr_end;
};
extern struct guest_record rec;

int guest_main(uint64_t arg);

#endif
