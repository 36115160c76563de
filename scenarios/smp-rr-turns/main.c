/*
 * smp-rr-turns (-smp 3, icount 7): where QEMU's round-robin scheduler switches PEs when
 * nobody yields. PEs 1 and 2 count in a tight loop (no WFE, no YIELD, no exception); PE 0
 * busy-loops too and, every SLICE iterations, records how far each counter got. Under an
 * instruction-counted clock those snapshots are fixed by the scheduler alone: each turn runs
 * to the next deadline on the virtual clock (QEMU 7.2's 100 ms kick timer, 781,250
 * instructions at shift 7, or PE 0's EL2 physical timer, armed masked part-way so that it
 * only ends a turn), in PE order. A model that shares the budget between PEs, or ends turns
 * elsewhere, prints other numbers. Nothing else here depends on timing.
 */
#include "smp.h"

#define SNAPS   24
#define SLICE   40000

static volatile uint64_t counter[3];
static volatile uint32_t stop;
static uint64_t snap[SNAPS][3];

static void count(unsigned long id)
{
        while (!stop)
                counter[id]++;
}

static void spin(unsigned n)
{
        for (volatile unsigned i = 0; i < n; i++)
                ;
}

int main(void)
{
        printf("smp-rr-turns: PE 0 samples the counters of PEs 1 and 2 every %u iterations\n", SLICE);
        for (unsigned cpu = 1; cpu < 3; cpu++)
                printf("CPU_ON cpu%u: %d\n", cpu, smp_cpu_on(cpu, count, cpu));
        for (unsigned i = 0; i < SNAPS; i++) {
                if (i == SNAPS / 3) {
                        /* A deadline of PE 0's own, masked: it ends whichever turn reaches it. */
                        write_sysreg(1500000ul, cnthp_tval_el2);
                        write_sysreg(3ul, cnthp_ctl_el2);
                        __asm__ volatile("isb");
                }
                spin(SLICE);
                snap[i][0] = i;
                snap[i][1] = counter[1];
                snap[i][2] = counter[2];
        }
        stop = 1;
        __asm__ volatile("dsb ish" ::: "memory");
        for (unsigned cpu = 1; cpu < 3; cpu++)
                printf("cpu%u off: %d\n", cpu, smp_wait_cpu_off(cpu));
        for (unsigned i = 0; i < SNAPS; i++)
                printf("snapshot %2lu: cpu1 %8lu cpu2 %8lu\n", (unsigned long)snap[i][0],
                       (unsigned long)snap[i][1], (unsigned long)snap[i][2]);
        printf("final: cpu1 %lu cpu2 %lu\n", (unsigned long)counter[1], (unsigned long)counter[2]);
        return 0;
}
