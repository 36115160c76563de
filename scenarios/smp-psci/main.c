/*
 * smp-psci (-smp 4): PSCI's CPU power calls as QEMU 7.2's built-in firmware answers them
 * (PSCI 1.1, DEN0022; conduit SMC):
 *  1. PSCI_VERSION, MIGRATE_INFO_TYPE, PSCI_FEATURES of the calls used here;
 *  2. AFFINITY_INFO of every CPU before any is on (CPU 0 ON, 1-3 OFF), of CPUs that do not
 *     exist and above affinity level 0;
 *  3. CPU_ON that must fail: an entry point not 4-byte aligned, affinities that do not
 *     exist, the MPIDR_EL1 value itself (bit 31 set), the calling CPU (ALREADY_ON);
 *  4. CPU_ON of CPUs 1-3 one after the other, each with its own context id; each records
 *     the state it starts in (x0-x3, SP, NZCV, DAIF, CurrentEL, SPSel, SCTLR_EL2, VBAR_EL2,
 *     TPIDR_EL2, HCR_EL2, MPIDR_EL1 before the runtime changes anything) and, in its worker,
 *     the stack the runtime gave it; while all three run, AFFINITY_INFO (ON) and CPU_ON again
 *     (ALREADY_ON);
 *  5. the three return from their workers, which calls CPU_OFF: AFFINITY_INFO polled until OFF;
 *  6. CPU 1 powered on a second time: it starts from reset again (the TPIDR_EL0 and SCTLR_EL2
 *     values its first run left are gone), then off again.
 * Only CPU 0 prints, after each secondary has signalled (or is off), so the output does not
 * depend on how the CPUs interleave.
 */
#include "smp.h"

#define NCPUS           4
#define RUNS            2
#define CONTEXT_ID(cpu, run)    (0xc0de0000UL + (cpu) * 0x100 + (run))
#define TPIDR_EL0_MARK  0x7e57000000000000UL

struct record {
        uint64_t arg, mpidr, currentel, daif, spsel, sctlr_el2, sp, tpidr_el2, vbar_el2, tpidr_el0;
};

static struct record records[SMP_MAX_CPUS][RUNS];
static volatile uint32_t arrived[SMP_MAX_CPUS];   /* times the worker has started on the CPU */
static volatile uint32_t release[SMP_MAX_CPUS];   /* its worker returns when release > its run */
static int failures;

static void check(int ok, const char *what)
{
        if (!ok) {
                printf("  FAIL: %s\n", what);
                failures++;
        }
}

static void worker(unsigned long arg)
{
        unsigned cpu = smp_cpu_id();
        unsigned run = arrived[cpu];
        struct record *r = &records[cpu][run < RUNS ? run : RUNS - 1];
        uint64_t sp;

        __asm__ volatile("mov %0, sp" : "=r"(sp));
        r->arg = arg;
        r->mpidr = read_sysreg(mpidr_el1);
        r->currentel = read_sysreg(CurrentEL);
        r->daif = read_sysreg(daif);
        r->spsel = read_sysreg(spsel);
        r->sctlr_el2 = read_sysreg(sctlr_el2);
        r->sp = sp;
        r->tpidr_el2 = read_sysreg(tpidr_el2);
        r->vbar_el2 = read_sysreg(vbar_el2);
        r->tpidr_el0 = read_sysreg(tpidr_el0);
        /* leave state behind: a second CPU_ON must start from reset again */
        write_sysreg(TPIDR_EL0_MARK | cpu, tpidr_el0);
        write_sysreg(read_sysreg(sctlr_el2) | BIT(12), sctlr_el2);      /* SCTLR_EL2.I */
        isb();
        smp_signal(&arrived[cpu], run + 1);
        smp_wait_ge(&release[cpu], run + 1);
}

static int64_t show(const char *what, int64_t r)
{
        printf("%s: %ld (x0=0x%016lx)\n", what, (long)r, (unsigned long)r);
        return r;
}

static void affinity_all(const char *when, const int *expect)
{
        printf("AFFINITY_INFO %s:", when);
        for (unsigned cpu = 0; cpu < NCPUS; cpu++) {
                int r = smp_psci_affinity_info(cpu);

                printf(" cpu%u=%d", cpu, r);
                if (r != expect[cpu])
                        failures++;
        }
        printf("\n");
}

static void start(unsigned cpu, unsigned run)
{
        char what[64];
        int r;

        snprintf(what, sizeof(what), "CPU_ON cpu%u context 0x%lx", cpu, CONTEXT_ID(cpu, run));
        r = (int)show(what, smp_cpu_on(cpu, worker, CONTEXT_ID(cpu, run)));
        if (r != PSCI_RET_SUCCESS) {
                printf("FAIL: CPU_ON returns SUCCESS (run with -smp %u)\n", NCPUS);
                exit_status(STATUS_CHECK_FAILED);
        }
        smp_wait_ge(&arrived[cpu], run + 1);
        printf("cpu%u is running (run %u)\n", cpu, run + 1);
}

static void stop(unsigned cpu, unsigned run)
{
        int r;

        smp_signal(&release[cpu], run + 1);
        r = smp_wait_cpu_off(cpu);
        printf("cpu%u returned from its worker: AFFINITY_INFO polled until %d (OFF)\n", cpu, r);
        check(r == PSCI_AFF_OFF, "AFFINITY_INFO after CPU_OFF is OFF");
}

static void report(unsigned cpu, unsigned run)
{
        const struct smp_entry_state *e = &smp_entry_state[cpu];
        const struct record *r = &records[cpu][run];
        uint64_t stack_lo = (uint64_t)smp_stacks[cpu], stack_hi = stack_lo + SMP_STACK_SIZE;
        char label[32];

        snprintf(label, sizeof(label), "cpu%u-entry-%u", cpu, run + 1);
        regs_dump(label,
                  REG("x0", e->x0), REG("x1", e->x1), REG("x2", e->x2), REG("x3", e->x3),
                  REG("sp", e->sp), REG("nzcv", e->nzcv), REG("daif", e->daif), REG("currentel", e->currentel),
                  REG("spsel", e->spsel), REG("sctlr_el2", e->sctlr_el2), REG("vbar_el2", e->vbar_el2),
                  REG("tpidr_el2", e->tpidr_el2), REG("mpidr_el1", e->mpidr), REG("hcr_el2", e->hcr_el2),
                  REG("entries", e->entries), NULL);
        snprintf(label, sizeof(label), "cpu%u-worker-%u", cpu, run + 1);
        regs_dump(label,
                  REG("arg", r->arg), REG("mpidr_el1", r->mpidr), REG("currentel", r->currentel),
                  REG("daif", r->daif), REG("spsel", r->spsel), REG("sctlr_el2", r->sctlr_el2),
                  REG("sp", r->sp), REG("tpidr_el2", r->tpidr_el2), REG("vbar_el2", r->vbar_el2),
                  REG("tpidr_el0", r->tpidr_el0), NULL);
        printf("cpu%u run %u: sp is %s smp_stacks[%u] (0x%lx below its top)\n", cpu, run + 1,
               r->sp > stack_lo && r->sp <= stack_hi ? "in" : "NOT in", cpu, stack_hi - r->sp);
        check(e->x0 == CONTEXT_ID(cpu, run) && r->arg == CONTEXT_ID(cpu, run), "x0 is the context id");
        check((e->mpidr & 0xff00ffffffUL) == cpu && (r->mpidr & 0xff) == cpu, "MPIDR_EL1 affinity is the CPU's");
        check(CURRENTEL_EL(e->currentel) == 2 && e->spsel == 1, "starts at EL2h");
        check(e->daif == 0x3c0, "starts with DAIF masked");
        check(!(e->sctlr_el2 & SCTLR_ELx_M), "starts with the MMU off");
        check(e->entries == run + 1, "entry count");
        check(r->sp > stack_lo && r->sp <= stack_hi, "runs on its own stack");
        check(r->tpidr_el2 == cpu && r->vbar_el2 == (uint64_t)el2_vectors, "TPIDR_EL2 and VBAR_EL2 set by the runtime");
}

int main(void)
{
        static const int before[NCPUS] = { PSCI_AFF_ON, PSCI_AFF_OFF, PSCI_AFF_OFF, PSCI_AFF_OFF };
        static const int all_on[NCPUS] = { PSCI_AFF_ON, PSCI_AFF_ON, PSCI_AFF_ON, PSCI_AFF_ON };
        static const struct { const char *name; uint64_t fn; } features[] = {
                { "PSCI_VERSION", 0x84000000UL },      { "CPU_OFF", PSCI_FN_CPU_OFF },
                { "CPU_ON64", PSCI_FN_CPU_ON64 },      { "CPU_ON32", 0x84000003UL },
                { "AFFINITY_INFO64", PSCI_FN_AFFINITY_INFO64 },
                { "MIGRATE_INFO_TYPE", PSCI_FN_MIGRATE_INFO_TYPE },
                { "MIGRATE64", 0xc4000005UL },         { "SYSTEM_OFF", 0x84000008UL },
                { "PSCI_FEATURES", PSCI_FN_PSCI_FEATURES }, { "SYSTEM_SUSPEND64", 0xc400000eUL },
        };
        uint64_t entry = (uint64_t)smp_secondary_entry;
        int64_t r;

        printf("smp-psci: %u CPUs, CPU 0 MPIDR_EL1 0x%lx\n", NCPUS, read_sysreg(mpidr_el1));

        /* 1. */
        r = smp_psci_call(0x84000000UL, 0, 0, 0);
        printf("PSCI_VERSION: 0x%lx\n", (unsigned long)r);
        check(show("MIGRATE_INFO_TYPE", smp_psci_call(PSCI_FN_MIGRATE_INFO_TYPE, 0, 0, 0)) == 2,
              "MIGRATE_INFO_TYPE: 2, no migration needed");
        for (unsigned i = 0; i < ARRAY_SIZE(features); i++) {
                char what[64];

                snprintf(what, sizeof(what), "PSCI_FEATURES %s (0x%lx)", features[i].name, (unsigned long)features[i].fn);
                show(what, smp_psci_call(PSCI_FN_PSCI_FEATURES, features[i].fn, 0, 0));
        }

        /* 2. */
        affinity_all("before CPU_ON", before);
        check(show("AFFINITY_INFO cpu4 (not present)", smp_psci_affinity_info(4)) == PSCI_RET_INVALID_PARAMETERS,
              "AFFINITY_INFO of a CPU that does not exist");
        check(show("AFFINITY_INFO affinity 0x100 (Aff1 = 1)", smp_psci_affinity_info_raw(0x100, 0)) ==
              PSCI_RET_INVALID_PARAMETERS, "AFFINITY_INFO of Aff1 = 1");
        show("AFFINITY_INFO cpu1 level 1", smp_psci_affinity_info_raw(1, 1));
        show("AFFINITY_INFO affinity 0x100 level 1", smp_psci_affinity_info_raw(0x100, 1));

        /* 3. */
        check(show("CPU_ON cpu1, entry not 4-byte aligned", smp_psci_cpu_on_raw(1, entry + 2, 0)) ==
              PSCI_RET_INVALID_PARAMETERS, "CPU_ON with a misaligned entry");
        check(show("CPU_ON cpu4 (not present)", smp_cpu_on(4, worker, 0)) == PSCI_RET_INVALID_PARAMETERS,
              "CPU_ON of a CPU that does not exist");
        check(show("CPU_ON cpu7 (not present)", smp_cpu_on(7, worker, 0)) == PSCI_RET_INVALID_PARAMETERS,
              "CPU_ON of a CPU that does not exist");
        check(show("CPU_ON affinity 0x100 (Aff1 = 1)", smp_psci_cpu_on_raw(0x100, entry, 0)) ==
              PSCI_RET_INVALID_PARAMETERS, "CPU_ON of Aff1 = 1");
        show("CPU_ON 0x80000001 (cpu1's MPIDR_EL1 value, bit 31 set)", smp_psci_cpu_on_raw(0x80000001UL, entry, 0));
        check(show("CPU_ON cpu0 (the caller)", smp_psci_cpu_on_raw(0, entry, 0)) == PSCI_RET_ALREADY_ON,
              "CPU_ON of the calling CPU");
        affinity_all("after the failed CPU_ONs", before);

        /* 4. */
        for (unsigned cpu = 1; cpu < NCPUS; cpu++)
                start(cpu, 0);
        affinity_all("with every CPU running", all_on);
        for (unsigned cpu = 0; cpu < NCPUS; cpu++) {
                char what[64];

                snprintf(what, sizeof(what), "CPU_ON cpu%u again", cpu);
                check(show(what, smp_cpu_on(cpu, worker, 0xbad)) == PSCI_RET_ALREADY_ON, "CPU_ON of a running CPU");
        }
        for (unsigned cpu = 1; cpu < NCPUS; cpu++)
                report(cpu, 0);

        /* 5. */
        for (unsigned cpu = 1; cpu < NCPUS; cpu++)
                stop(cpu, 0);
        affinity_all("after CPU_OFF", before);

        /* 6. */
        start(1, 1);
        report(1, 1);
        printf("cpu1 second run: TPIDR_EL0 0x%lx, SCTLR_EL2 0x%lx at entry (the first run left 0x%lx, I set)\n",
               records[1][1].tpidr_el0, smp_entry_state[1].sctlr_el2, TPIDR_EL0_MARK | 1);
        stop(1, 1);
        affinity_all("at the end", before);

        printf("%s\n", failures ? "FAIL" : "PASS");
        return failures ? STATUS_CHECK_FAILED : STATUS_OK;
}
