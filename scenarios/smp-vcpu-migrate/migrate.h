/* smp-vcpu-migrate: what the guest records (guest data, read by the host) and the HVCs. */
#ifndef MIGRATE_H
#define MIGRATE_H

#include "runtime.h"

#define HVC_MPIDR       1       /* x0 := the physical MPIDR_EL1 */
#define HVC_MIGRATE     2       /* the host takes the vCPU off this CPU */
#define SEED            0x5eed000000000000UL
#define VINTID          42

/* The guest's view at three points: 0 before the migration (cpu0), 1 after it (cpu1, IRQs
 * still masked), 2 after the interrupt was taken and EOId. */
struct view {
        uint64_t phys_mpidr, mpidr_el1, isr_el1, hppir1, rpr;
};
struct guest_record {
        struct view v[3];
        uint64_t sre_el1, pmr, igrpen1, ctlr;
        uint64_t regs_lost;             /* bit n: xn did not survive the migration */
        uint64_t nzcv_after;            /* NZCV just after the migrating HVC */
        uint64_t irq_count, iar, irq_phys_mpidr, irq_rpr, irq_hppir;
};
extern struct guest_record rec;
extern char vcpu_stack[4096];

int guest_main(uint64_t arg);
/* guest_migrate.S: fills x1-x8, x10-x28 with seed + n and NZCV with N and C, HVC #2, and
 * returns the mask of registers that changed; *nzcv := NZCV after the HVC. */
uint64_t guest_migrate_point(uint64_t seed, uint64_t *nzcv);

#endif
