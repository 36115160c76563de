/* gicv4-vmovp: the guest's record (guest data, read by the host) and its HVCs. */
#ifndef VMOVP_H
#define VMOVP_H

#include "runtime.h"

#define HVC_MPIDR       1       /* x0 := the physical MPIDR_EL1 */
#define HVC_STEP        2       /* x0 = step; the host returns the vINTID to wait for */
#define HVC_MIGRATE     3       /* the host takes the vCPU off this CPU */
#define NSTEPS          3
#define LOG_MAX         16

struct guest_record {
        uint64_t phys_mpidr[NSTEPS];    /* where each step ran */
        uint64_t hppir[NSTEPS];
        uint32_t first[NSTEPS], last[NSTEPS];
        uint32_t iar[LOG_MAX];
        uint64_t iar_mpidr[LOG_MAX];    /* the physical CPU of each acknowledge */
        uint32_t n;
        uint64_t pmr, igrpen1, rpr_end, hppir_end;
};
extern struct guest_record rec;
extern char vcpu_stack[4096];

int guest_main(uint64_t arg);

#endif
