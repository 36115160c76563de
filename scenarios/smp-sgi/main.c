/*
 * smp-sgi (-smp 4): software-generated interrupts between CPUs through the GICv3 (IHI 0069,
 * ICC_SGI1R_EL1 with affinity routing). Each CPU wakes its own redistributor (GICR_WAKER),
 * makes SGIs 0-15 group 1 and enables them, unmasks its CPU interface (ICC_PMR_EL1,
 * ICC_IGRPEN1_EL1) and routes IRQs to EL2 (HCR_EL2.IMO). One IRQ handler serves every CPU
 * and logs, per CPU, the INTIDs ICC_IAR1_EL1 gave it. Then:
 *  1. GICR_TYPER of every redistributor (Processor_Number, Last, affinity) and the reset
 *     state of each CPU's redistributor and CPU interface;
 *  2. ping-pong: CPU 0 sends SGI 1 to CPU 1, whose handler answers with SGI 2 to CPU 0, 8 rounds;
 *  3. SGI 3 with IRM = 1: every CPU but the sender;
 *  4. SGI 4 to TargetList {1, 3}; SGI 5 to TargetList {0, 2} (the sender itself included);
 *  5. SGI 0 with IRM = 1 tells the secondaries to stop; they return, which is CPU_OFF;
 *  6. CPU 1 powered on again: its CPU interface starts from reset, its redistributor keeps
 *     what the first run wrote (GICR_WAKER awake); one more SGI 0 to CPU 1 alone stops it.
 * CPU 0 waits for every step to complete before the next, so each CPU's log is in a fixed
 * order; the secondaries wait in WFI (IRQs masked: WFI wakes on a pending interrupt, then a
 * one-instruction unmask takes it) and only CPU 0 prints.
 */
#include "smp.h"

#define NCPUS           4
#define GICD            0x08000000UL
#define GICR(cpu)       (0x080a0000UL + (uint64_t)(cpu) * 0x20000)
#define GICR_SGI(cpu)   (GICR(cpu) + 0x10000)
#define R32(a)          (*(volatile uint32_t *)(a))
#define R64(a)          (*(volatile uint64_t *)(a))

#define ICC_PMR_EL1     s3_0_c4_c6_0
#define ICC_IAR1_EL1    s3_0_c12_c12_0
#define ICC_EOIR1_EL1   s3_0_c12_c12_1
#define ICC_CTLR_EL1    s3_0_c12_c12_4
#define ICC_IGRPEN1_EL1 s3_0_c12_c12_7
#define ICC_RPR_EL1     s3_0_c12_c11_3
#define ICC_SGI1R_EL1   s3_0_c12_c11_5
#define ICC_SRE_EL2     s3_4_c12_c9_5

#define SGI1R(intid, targets)   ((uint64_t)(intid) << 24 | (targets))   /* Aff3-1 = 0 */
#define SGI1R_IRM               BIT(40)

#define SGI_STOP        0
#define SGI_PING        1
#define SGI_PONG        2
#define SGI_BROADCAST   3
#define SGI_LIST_13     4
#define SGI_LIST_02     5
#define NSGIS           6
#define ROUNDS          8
#define LOG_MAX         32

struct cpu_gic_state {
        uint64_t waker_before, waker_after, sre_el2, pmr, igrpen1, ctlr, rpr;
};

static struct cpu_gic_state gic_state[2][NCPUS];     /* [run - 1]: CPU 1 comes up twice */
static volatile uint32_t ready[NCPUS];
static volatile uint32_t counts[NCPUS][16];      /* SGIs taken, by CPU and INTID */
static volatile uint32_t spurious[NCPUS];
static uint32_t iar_log[NCPUS][LOG_MAX];
static volatile uint32_t iar_logged[NCPUS];
static int failures;

static void send_sgi(uint64_t sgi1r)
{
        dsb(ishst);                             /* what the receiver will read, first */
        write_sysreg(sgi1r, ICC_SGI1R_EL1);
        isb();
}

/* This CPU's redistributor and CPU interface, from reset to taking group-1 SGIs at EL2. */
static void gic_cpu_init(unsigned cpu, struct cpu_gic_state *s)
{

        s->sre_el2 = read_sysreg(ICC_SRE_EL2);
        s->pmr = read_sysreg(ICC_PMR_EL1);
        s->igrpen1 = read_sysreg(ICC_IGRPEN1_EL1);
        s->ctlr = read_sysreg(ICC_CTLR_EL1);
        s->rpr = read_sysreg(ICC_RPR_EL1);
        s->waker_before = R32(GICR(cpu) + 0x14);
        R32(GICR(cpu) + 0x14) = s->waker_before & ~0x2U;       /* ProcessorSleep = 0 */
        while (R32(GICR(cpu) + 0x14) & 0x4)                     /* ChildrenAsleep */
                smp_yield();
        s->waker_after = R32(GICR(cpu) + 0x14);
        R32(GICR_SGI(cpu) + 0x80) = 0xffffffff;                 /* GICR_IGROUPR0: group 1 */
        for (unsigned i = 0; i < 16; i += 4)
                R32(GICR_SGI(cpu) + 0x400 + i) = 0xa0a0a0a0;    /* GICR_IPRIORITYR: 0xa0 */
        R32(GICR_SGI(cpu) + 0x100) = 0xffff;                    /* GICR_ISENABLER0: SGIs 0-15 */
        write_sysreg(0xff, ICC_PMR_EL1);
        write_sysreg(1, ICC_IGRPEN1_EL1);
        write_sysreg(read_sysreg(hcr_el2) | HCR_EL2_IMO, hcr_el2);     /* IRQs to EL2 */
        isb();
}

static enum exc_result on_irq(struct el2_frame *f)
{
        unsigned cpu = smp_cpu_id();
        uint64_t iar = read_sysreg(ICC_IAR1_EL1);

        (void)f;
        if (iar >= 1020) {                      /* 1023: spurious */
                spurious[cpu]++;
                return EXC_HANDLED;
        }
        if (iar_logged[cpu] < LOG_MAX)
                iar_log[cpu][iar_logged[cpu]] = (uint32_t)iar;
        iar_logged[cpu]++;
        if (iar < 16)                           /* counted before the pong: CPU 0 checks it */
                smp_signal(&counts[cpu][iar], counts[cpu][iar] + 1);
        if (iar == SGI_PING && cpu == 1)
                send_sgi(SGI1R(SGI_PONG, BIT(0)));
        write_sysreg(iar, ICC_EOIR1_EL1);
        return EXC_HANDLED;
}

/* Waits for this CPU's own handler to count *p up to v: WFI with IRQs masked (it wakes on
 * a pending interrupt), then one instruction with IRQs unmasked, where it is taken. */
static void wait_own(const volatile uint32_t *p, uint32_t v)
{
        while (*p < v)
                __asm__ volatile("wfi\n\tmsr daifclr, #2\n\tisb\n\tmsr daifset, #2" ::: "memory");
}

/* arg: the how-manieth time this CPU comes up (1, 2): it runs until as many stop SGIs. */
static void secondary(unsigned long arg)
{
        unsigned cpu = smp_cpu_id();

        gic_cpu_init(cpu, &gic_state[arg - 1][cpu]);
        smp_signal(&ready[cpu], (uint32_t)arg);
        wait_own(&counts[cpu][SGI_STOP], (uint32_t)arg);
}

static void dump_gic_state(const char *label, const struct cpu_gic_state *s)
{
        regs_dump(label, REG("gicr_waker", s->waker_before), REG("gicr_waker_awake", s->waker_after),
                  REG("icc_sre_el2", s->sre_el2), REG("icc_pmr_el1", s->pmr),
                  REG("icc_igrpen1_el1", s->igrpen1), REG("icc_ctlr_el1", s->ctlr),
                  REG("icc_rpr_el1", s->rpr), NULL);
}

static void expect(int ok, const char *what)
{
        if (!ok) {
                printf("  FAIL: %s\n", what);
                failures++;
        }
}

int main(void)
{
        static const uint32_t want_counts[NCPUS][NSGIS] = {
                { 0, 0, ROUNDS, 0, 0, 1 },
                { 2, ROUNDS, 0, 1, 1, 0 },
                { 1, 0, 0, 1, 0, 1 },
                { 1, 0, 0, 1, 1, 0 },
        };
        unsigned n;

        printf("smp-sgi: %u CPUs\n", NCPUS);

        /* 1. the redistributors, walked until GICR_TYPER.Last */
        for (n = 0; n < SMP_MAX_CPUS; n++) {
                uint64_t typer = R64(GICR(n) + 8);

                printf("GICR%u @0x%lx: TYPER 0x%016lx Processor_Number %lu Last %lu affinity 0x%08lx, WAKER 0x%x\n",
                       n, GICR(n), typer, (typer >> 8) & 0xffff, (typer >> 4) & 1, typer >> 32, R32(GICR(n) + 0x14));
                expect(((typer >> 8) & 0xffff) == n && (typer >> 32) == n, "Processor_Number and affinity are the CPU's");
                if (typer & BIT(4))
                        break;
        }
        expect(n == NCPUS - 1, "GICR_TYPER.Last on the last CPU's redistributor");

        R32(GICD) = 0x2 | 0x10;                 /* GICD_CTLR: EnableGrp1, ARE */
        el2_set_irq_handler(on_irq);
        gic_cpu_init(0, &gic_state[0][0]);
        for (unsigned cpu = 1; cpu < NCPUS; cpu++) {
                int r = smp_cpu_on(cpu, secondary, 1);

                printf("CPU_ON cpu%u: %d\n", cpu, r);
                if (r != PSCI_RET_SUCCESS) {
                        printf("FAIL: CPU_ON (run with -smp %u)\n", NCPUS);
                        return STATUS_CHECK_FAILED;
                }
                smp_wait_eq(&ready[cpu], 1);
        }
        for (unsigned cpu = 0; cpu < NCPUS; cpu++) {
                char label[32];

                snprintf(label, sizeof(label), "cpu%u-gic-reset", cpu);
                dump_gic_state(label, &gic_state[0][cpu]);
        }

        /* 2. ping-pong */
        for (unsigned i = 0; i < ROUNDS; i++) {
                send_sgi(SGI1R(SGI_PING, BIT(1)));
                wait_own(&counts[0][SGI_PONG], i + 1);
                expect(counts[1][SGI_PING] == i + 1, "one ping per pong");
        }
        printf("ping-pong: %u rounds, cpu1 took %u pings, cpu0 %u pongs\n", ROUNDS, counts[1][SGI_PING],
               counts[0][SGI_PONG]);

        /* 3. broadcast: IRM = 1 is every CPU but the sender */
        send_sgi(SGI1R(SGI_BROADCAST, 0) | SGI1R_IRM);
        for (unsigned cpu = 1; cpu < NCPUS; cpu++)
                smp_wait_ge(&counts[cpu][SGI_BROADCAST], 1);
        __asm__ volatile("msr daifclr, #2\n\tisb\n\tmsr daifset, #2" ::: "memory");
        printf("broadcast (IRM = 1): cpu0 took %u, cpu0 GICR_ISPENDR0 0x%x\n", counts[0][SGI_BROADCAST],
               R32(GICR_SGI(0) + 0x200));

        /* 4. target lists */
        send_sgi(SGI1R(SGI_LIST_13, BIT(1) | BIT(3)));
        smp_wait_ge(&counts[1][SGI_LIST_13], 1);
        smp_wait_ge(&counts[3][SGI_LIST_13], 1);
        send_sgi(SGI1R(SGI_LIST_02, BIT(0) | BIT(2)));
        wait_own(&counts[0][SGI_LIST_02], 1);
        smp_wait_ge(&counts[2][SGI_LIST_02], 1);

        /* 5. stop */
        send_sgi(SGI1R(SGI_STOP, 0) | SGI1R_IRM);
        for (unsigned cpu = 1; cpu < NCPUS; cpu++) {
                int r = smp_wait_cpu_off(cpu);

                printf("cpu%u stopped: AFFINITY_INFO %d\n", cpu, r);
                expect(r == PSCI_AFF_OFF, "secondary off");
        }

        /* 6. CPU 1 once more: its CPU interface is reset, its redistributor is as it left it */
        if (smp_cpu_on(1, secondary, 2) != PSCI_RET_SUCCESS) {
                printf("FAIL: second CPU_ON\n");
                return STATUS_CHECK_FAILED;
        }
        smp_wait_eq(&ready[1], 2);
        dump_gic_state("cpu1-gic-second-power-on", &gic_state[1][1]);
        send_sgi(SGI1R(SGI_STOP, BIT(1)));
        printf("cpu1 stopped again: AFFINITY_INFO %d\n", smp_wait_cpu_off(1));

        for (unsigned cpu = 0; cpu < NCPUS; cpu++) {
                printf("cpu%u: SGIs taken", cpu);
                for (unsigned i = 0; i < NSGIS; i++) {
                        printf(" %u:%u", i, counts[cpu][i]);
                        expect(counts[cpu][i] == want_counts[cpu][i], "SGI count");
                }
                printf(", spurious %u; ICC_IAR1_EL1 gave", spurious[cpu]);
                expect(spurious[cpu] == 0, "no spurious interrupt");
                for (unsigned i = 0; i < iar_logged[cpu] && i < LOG_MAX; i++)
                        printf(" %u", iar_log[cpu][i]);
                printf("\n");
        }
        regs_dump("cpu0-gic-end", REG("gicr_ispendr0", R32(GICR_SGI(0) + 0x200)),
                  REG("gicr_isactiver0", R32(GICR_SGI(0) + 0x300)), REG("icc_rpr_el1", read_sysreg(ICC_RPR_EL1)), NULL);

        printf("%s\n", failures ? "FAIL" : "PASS");
        return failures ? STATUS_CHECK_FAILED : STATUS_OK;
}
