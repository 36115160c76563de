/* SMP support: PSCI CPU_ON/CPU_OFF/AFFINITY_INFO, the secondaries' C entry, a barrier; see smp.h. */
#include "smp.h"

struct smp_entry_state smp_entry_state[SMP_MAX_CPUS] __attribute__((aligned(64)));
char smp_stacks[SMP_MAX_CPUS][SMP_STACK_SIZE] __attribute__((aligned(16)));

/* What smp_cpu_on asked each CPU to run (read by the CPU when it comes up). */
static void (*volatile smp_boot_fn[SMP_MAX_CPUS])(unsigned long);

int64_t smp_psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
        return (int64_t)psci_call(fn, a1, a2, a3);
}

int64_t smp_psci_cpu_on_raw(uint64_t target_mpidr, uint64_t entry, uint64_t context_id)
{
        return smp_psci_call(PSCI_FN_CPU_ON64, target_mpidr, entry, context_id);
}

int smp_cpu_on(unsigned cpu, void (*fn)(unsigned long), unsigned long arg)
{
        if (cpu >= SMP_MAX_CPUS)
                return PSCI_RET_INVALID_PARAMETERS;
        smp_boot_fn[cpu] = fn;
        dsb(ish);
        return (int)smp_psci_cpu_on_raw(smp_cpu_mpidr(cpu), (uint64_t)smp_secondary_entry, arg);
}

int64_t smp_psci_affinity_info_raw(uint64_t target_mpidr, uint64_t level)
{
        return smp_psci_call(PSCI_FN_AFFINITY_INFO64, target_mpidr, level, 0);
}

int smp_psci_affinity_info(unsigned cpu)
{
        return (int)smp_psci_affinity_info_raw(smp_cpu_mpidr(cpu), 0);
}

void smp_cpu_off(void)
{
        smp_psci_call(PSCI_FN_CPU_OFF, 0, 0, 0);
        /* CPU_OFF does not return when it succeeds */
        for (;;)
                __asm__ volatile("wfi");
}

int smp_wait_cpu_off(unsigned cpu)
{
        int r;

        /* Nothing sends an event when a CPU goes off: YIELD, not WFE, between the polls. */
        while ((r = smp_psci_affinity_info(cpu)) == PSCI_AFF_ON || r == PSCI_AFF_ON_PENDING)
                smp_yield();
        return r;
}

/* Called by smp_secondary_entry (smp_start.S) on the CPU's own stack. */
void smp_secondary_main(unsigned cpu, unsigned long context_id) __noreturn;
void smp_secondary_main(unsigned cpu, unsigned long context_id)
{
        void (*fn)(unsigned long) = smp_boot_fn[cpu];

        if (fn)
                fn(context_id);
        smp_cpu_off();
}

int smp_have_lse(void)
{
        return ((read_sysreg(id_aa64isar0_el1) >> 20) & 0xf) >= 2;
}

void smp_wait_eq(const volatile uint32_t *p, uint32_t v)
{
        while (smp_load_acquire(p) != v)
                smp_wfe();
}

void smp_wait_ge(const volatile uint32_t *p, uint32_t v)
{
        while (smp_load_acquire(p) < v)
                smp_wfe();
}

void smp_barrier_wait(struct smp_barrier *b, unsigned n)
{
        uint32_t gen = smp_load_acquire(&b->generation);

        if (smp_atomic_add_excl(&b->arrived, 1) == n) {
                /* the last one: reset the count before the others can arrive again */
                b->arrived = 0;
                smp_store_release(&b->generation, gen + 1);
                smp_sev();
                return;
        }
        while (smp_load_acquire(&b->generation) == gen)
                smp_wfe();
}
