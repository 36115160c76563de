/*
 * smp-spinlock (-smp 4): mutual exclusion and atomic read-modify-write on 4 CPUs. Every CPU
 * (CPU 0 too) runs the same phases, separated by the runtime's barrier:
 *  1. 2000 increments each of a shared counter under the LDAXR/STXR spinlock (smp_spin_lock);
 *     every 64th critical section reads the counter, YIELDs (QEMU's round-robin TCG switches
 *     CPUs there, so the others find the lock held and wait in WFE) and writes it back, so a
 *     lock that let two CPUs in would lose increments; an owner word catches overlaps too;
 *  2. the same with the FEAT_LSE lock (CASA, smp_spin_lock_lse) and an unlocked LDADDAL
 *     counter where the CPU has FEAT_LSE (ID_AA64ISAR0_EL1.Atomic), else with LDAXR/STXR:
 *     only the counts are printed, so the output is the same either way;
 *  3. 2000 unlocked atomic increments each by LDAXR/STLXR with a YIELD between the load and
 *     the store: the store-exclusive fails when another CPU got in, and is retried;
 *  4. trylock: CPU 1 tries a lock CPU 0 holds (fails), then after CPU 0 released it (takes it).
 * After each barrier every CPU records the counters it sees; CPU 0 prints everything once the
 * others are off. All counts must be exact (4 * 2000); the number of failed store-exclusives
 * depends on the interleaving and is not printed.
 */
#include "smp.h"

#define NCPUS           4
#define ITER            2000
#define YIELD_EVERY     64
#define PHASES          4

static smp_spinlock_t lock_a = SMP_SPINLOCK_INIT, lock_b = SMP_SPINLOCK_INIT, lock_c = SMP_SPINLOCK_INIT;
static volatile uint32_t count_a, count_b, count_add, count_excl;
static volatile uint32_t owner, violations;
static struct smp_barrier barrier;
static volatile uint32_t seen[NCPUS][PHASES];
static volatile uint32_t excl_failed[NCPUS];
static volatile uint32_t step;
static int trylock_held, trylock_free;

uint32_t excl_inc_yield(volatile uint32_t *p);  /* excl.S */

/* The critical section: a plain read-modify-write of *counter, checked by the owner word. */
static void critical(volatile uint32_t *counter, unsigned cpu, unsigned i)
{
        uint32_t v;

        if (owner != 0)
                violations++;
        owner = cpu + 1;
        v = *counter;
        if (i % YIELD_EVERY == 0)
                smp_yield();
        *counter = v + 1;
        if (owner != cpu + 1)
                violations++;
        owner = 0;
}

static void trylock_test(unsigned cpu)
{
        if (cpu == 0) {
                smp_spin_lock(&lock_c);
                smp_signal(&step, 1);
                smp_wait_eq(&step, 2);
                smp_spin_unlock(&lock_c);
                smp_signal(&step, 3);
                smp_wait_eq(&step, 4);
        } else if (cpu == 1) {
                smp_wait_eq(&step, 1);
                trylock_held = smp_spin_trylock(&lock_c);
                smp_signal(&step, 2);
                smp_wait_eq(&step, 3);
                trylock_free = smp_spin_trylock(&lock_c);
                if (trylock_free)
                        smp_spin_unlock(&lock_c);
                smp_signal(&step, 4);
        }
}

static void work(unsigned long arg)
{
        unsigned cpu = smp_cpu_id();
        int lse = smp_have_lse();

        (void)arg;
        /* 1. */
        for (unsigned i = 0; i < ITER; i++) {
                smp_spin_lock(&lock_a);
                critical(&count_a, cpu, i);
                smp_spin_unlock(&lock_a);
        }
        smp_barrier_wait(&barrier, NCPUS);
        seen[cpu][0] = count_a;

        /* 2. */
        for (unsigned i = 0; i < ITER; i++) {
                if (lse)
                        smp_spin_lock_lse(&lock_b);
                else
                        smp_spin_lock(&lock_b);
                critical(&count_b, cpu, i);
                smp_spin_unlock(&lock_b);
                if (lse)
                        smp_atomic_add_lse(&count_add, 1);
                else
                        smp_atomic_add_excl(&count_add, 1);
        }
        smp_barrier_wait(&barrier, NCPUS);
        seen[cpu][1] = count_b + count_add;

        /* 3. */
        for (unsigned i = 0; i < ITER; i++)
                excl_failed[cpu] += excl_inc_yield(&count_excl);
        smp_barrier_wait(&barrier, NCPUS);
        seen[cpu][2] = count_excl;

        /* 4. */
        trylock_test(cpu);
        smp_barrier_wait(&barrier, NCPUS);
        seen[cpu][3] = barrier.generation;
}

int main(void)
{
        int failures = 0;

        printf("smp-spinlock: %u CPUs, %u iterations each\n", NCPUS, ITER);
        for (unsigned cpu = 1; cpu < NCPUS; cpu++) {
                int r = smp_cpu_on(cpu, work, cpu);

                if (r != PSCI_RET_SUCCESS) {
                        printf("FAIL: CPU_ON cpu%u: %d (run with -smp %u)\n", cpu, r, NCPUS);
                        return STATUS_CHECK_FAILED;
                }
        }
        work(0);
        for (unsigned cpu = 1; cpu < NCPUS; cpu++)
                if (smp_wait_cpu_off(cpu) != PSCI_AFF_OFF)
                        failures++;

        printf("phase 1, LDAXR/STXR spinlock: counter %u (want %u), overlaps %u\n", count_a, NCPUS * ITER, violations);
        printf("phase 2, CASA spinlock + LDADDAL (LDAXR/STXR without FEAT_LSE): locked counter %u, atomic counter %u (want %u each)\n",
               count_b, count_add, NCPUS * ITER);
        printf("phase 3, LDAXR/STLXR retry loop: counter %u (want %u)\n", count_excl, NCPUS * ITER);
        printf("phase 4, trylock: %d while cpu0 holds the lock, %d after it released it\n", trylock_held, trylock_free);
        failures += count_a != NCPUS * ITER || violations != 0;
        failures += count_b != NCPUS * ITER || count_add != NCPUS * ITER;
        failures += count_excl != NCPUS * ITER;
        failures += trylock_held != 0 || trylock_free != 1;
        for (unsigned cpu = 0; cpu < NCPUS; cpu++) {
                printf("cpu%u after each barrier saw: %u %u %u, barrier generation %u\n", cpu, seen[cpu][0], seen[cpu][1],
                       seen[cpu][2], seen[cpu][3]);
                failures += seen[cpu][0] != NCPUS * ITER || seen[cpu][1] != 2 * NCPUS * ITER ||
                            seen[cpu][2] != NCPUS * ITER || seen[cpu][3] != PHASES;
        }
        printf("locks free at the end: %u %u %u\n", lock_a.locked, lock_b.locked, lock_c.locked);
        failures += lock_a.locked || lock_b.locked || lock_c.locked;
        printf("%s\n", failures ? "FAIL" : "PASS");
        return failures ? STATUS_CHECK_FAILED : STATUS_OK;
}
