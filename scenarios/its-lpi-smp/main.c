/*
 * its-lpi-smp (-smp 2): LPIs routed to two CPUs through the GICv3 ITS (IHI 0069 5.3).
 * CPU 0 owns the ITS (flat device and collection tables, a command queue) and the LPI
 * configuration table both redistributors share; each CPU wakes its own redistributor,
 * programs its GICR_PROPBASER (the shared table) and its own pending table and sets
 * EnableLPIs. ICID 0 is mapped to RDbase 0 and ICID 1 to RDbase 1 (processor numbers:
 * GITS_TYPER.PTA = 0). Then:
 *  1. an INT for an event of collection 1 is taken by CPU 1;
 *  2. MOVI of an LPI pending on CPU 0 (CPU 0's IRQs masked) to collection 1: it leaves CPU 0
 *     (ICC_HPPIR1_EL1 1023) and CPU 1 takes it;
 *  3. an MSI (GITS_TRANSLATER write, DeviceID 0) whose event is in collection 1: CPU 1;
 *  4. three LPIs of three priorities pending on CPU 0, collection 0 remapped to RDbase 1
 *     (MAPC) and MOVALL RDbase 0 -> 1: CPU 1 takes all three in priority order, and an INT
 *     of collection 0 afterwards goes to CPU 1 as well.
 * CPU 1 waits in WFE for a request from CPU 0, then polls its ICC_HPPIR1_EL1 (bounded) for
 * the LPI it was told to expect and unmasks IRQs for one instruction; CPU 0 waits for it to
 * finish before the next step, and only CPU 0 prints.
 */
#include "its.h"
#include "smp.h"

#define NCPUS           2
#define DEV             3
#define DEV_CPU         0
#define LPI_IDBITS      13
#define NLPIS           (1U << (LPI_IDBITS + 1))
#define LPI(n)          (8300 + (n))
#define LPI_MSI         8305

#define OP_TAKE         1
#define OP_STOP         2

static uint8_t pool[192 * 1024] __attribute__((aligned(65536)));
static struct its_alloc mem;
static struct its_queue q;
static uint8_t *prop, *pend[NCPUS];

static uint32_t iar_log[NCPUS][32];
static volatile uint32_t nlog[NCPUS], spurious[NCPUS];
static volatile uint32_t ready, req_seq, req_op, req_want, done_seq;
static uint64_t cpu1_hppir, cpu1_ctlr;

static enum exc_result on_irq(struct el2_frame *f)
{
        unsigned cpu = smp_cpu_id();
        uint64_t iar = read_sysreg(ICC_IAR1_EL1);

        (void)f;
        if (iar >= 1020 && iar <= 1023) {
                spurious[cpu]++;
                return EXC_HANDLED;
        }
        if (nlog[cpu] < ARRAY_SIZE(iar_log[cpu]))
                iar_log[cpu][nlog[cpu]] = (uint32_t)iar;
        nlog[cpu]++;
        write_sysreg(iar, ICC_EOIR1_EL1);
        isb();
        return EXC_HANDLED;
}

static void cpu1_main(unsigned long arg)
{
        uint64_t rd = gicr_rd(1, GICR_STRIDE_V3);
        uint32_t seq = 0;

        (void)arg;
        gicr_wake(rd);
        gic_cpu_enable_el2();
        cpu1_ctlr = gicr_enable_lpis(rd, prop, LPI_IDBITS, pend[1]);
        smp_signal(&ready, 1);
        for (;;) {
                smp_wait_ge(&req_seq, ++seq);
                if (req_op == OP_STOP)
                        break;
                cpu1_hppir = gic_wait_hppir1(req_want);
                irq_window();
                smp_signal(&done_seq, seq);
        }
}

/* CPU 1 waits for want at its CPU interface, then takes what is pending. */
static void cpu1_request(uint32_t op, uint32_t want)
{
        uint32_t seq = req_seq + 1;

        req_op = op;
        req_want = want;
        smp_signal(&req_seq, seq);
        if (op != OP_STOP)
                smp_wait_eq(&done_seq, seq);
}

static void show(const char *what, unsigned cpu, unsigned first, const uint32_t *want, unsigned n)
{
        int ok = nlog[cpu] - first == n;

        printf("%s: cpu%u took", what, cpu);
        for (unsigned i = first; i < nlog[cpu] && i < ARRAY_SIZE(iar_log[cpu]); i++)
                printf(" %u", iar_log[cpu][i]);
        printf("%s\n", nlog[cpu] == first ? " nothing" : "");
        for (unsigned i = 0; ok && i < n; i++)
                ok = iar_log[cpu][first + i] == want[i];
        its_expect(ok, "the LPIs acknowledged, in this order");
}

/* CPU 1 takes what it was sent; CPU 0 must have nothing pending. */
static void cpu1_takes(const char *what, const uint32_t *want, unsigned n)
{
        unsigned first = nlog[1];

        cpu1_request(OP_TAKE, want[0]);
        printf("  cpu0 HPPIR1 %lu, cpu1 HPPIR1 %lu before its IRQ window\n", read_sysreg(ICC_HPPIR1_EL1), cpu1_hppir);
        its_expect(read_sysreg(ICC_HPPIR1_EL1) == INTID_SPURIOUS, "nothing pending on cpu0");
        show(what, 1, first, want, n);
}
#define CPU1_TAKES(what, ...) cpu1_takes(what, (const uint32_t[]){ __VA_ARGS__ }, \
                                         sizeof((const uint32_t[]){ __VA_ARGS__ }) / 4)

static void set_prop(unsigned intid, unsigned prio)
{
        prop[intid - LPI_INTID_BASE] = LPI_PROP(prio, 1);
        dsb(sy);
}

int main(void)
{
        uint64_t rd0 = gicr_rd(0, GICR_STRIDE_V3), rd1 = gicr_rd(1, GICR_STRIDE_V3);
        int dev_idx = -1, coll_idx = -1;
        void *devtab, *colltab, *cmdq, *itt, *itt_cpu;
        uint64_t v, hppir;

        printf("its-lpi-smp: %u CPUs, ITS at 0x%lx\n", NCPUS, GITS_BASE);
        for (unsigned n = 0; n < NCPUS; n++) {
                uint64_t t = mmio_read64(gicr_rd(n, GICR_STRIDE_V3) + GICR_TYPER);

                printf("GICR%u: TYPER 0x%016lx PLPIS %lu Processor_Number %lu Last %lu\n", n, t, t & 1,
                       GICR_TYPER_PROCNUM(t), (t >> 4) & 1);
                its_expect((t & GICR_TYPER_PLPIS) && GICR_TYPER_PROCNUM(t) == n, "PLPIS, Processor_Number");
        }
        dev_idx = its_find_baser(GITS_BASER_TYPE_DEVICE);
        coll_idx = its_find_baser(GITS_BASER_TYPE_COLLECTION);
        if (dev_idx < 0 || coll_idx < 0) {
                printf("FAIL: no device or collection table to program\n");
                return STATUS_CHECK_FAILED;
        }

        its_alloc_init(&mem, pool, sizeof(pool));
        pend[0] = its_alloc(&mem, NLPIS / 8, 65536);
        prop = its_alloc(&mem, NLPIS - LPI_INTID_BASE, 4096);
        devtab = its_alloc(&mem, 4096, 4096);
        colltab = its_alloc(&mem, 4096, 4096);
        cmdq = its_alloc(&mem, 4096, 4096);
        itt = its_alloc(&mem, 32 * 12, 256);
        itt_cpu = its_alloc(&mem, 32 * 12, 256);
        pend[1] = its_alloc(&mem, NLPIS / 8, 65536);
        set_prop(LPI(0), 0xa0);
        set_prop(LPI(1), 0xa0);
        set_prop(LPI(2), 0x60);
        set_prop(LPI(3), 0x40);
        set_prop(LPI(4), 0x80);
        set_prop(LPI_MSI, 0xa0);

        mmio_write32(GICD_BASE + GICD_CTLR, GICD_CTLR_ENABLE_G1 | GICD_CTLR_ARE);
        el2_set_irq_handler(on_irq);
        gicr_wake(rd0);
        gic_cpu_enable_el2();
        v = gicr_enable_lpis(rd0, prop, LPI_IDBITS, pend[0]);
        its_baser_setup((unsigned)dev_idx, (uint64_t)devtab, 1);
        its_baser_setup((unsigned)coll_idx, (uint64_t)colltab, 1);
        its_queue_init(&q, cmdq, 1);
        gits_write32(GITS_CTLR, GITS_CTLR_ENABLED);

        if (smp_cpu_on(1, cpu1_main, 0) != PSCI_RET_SUCCESS) {
                printf("FAIL: CPU_ON (run with -smp %u)\n", NCPUS);
                return STATUS_CHECK_FAILED;
        }
        smp_wait_eq(&ready, 1);
        printf("GICR_CTLR after EnableLPIs: cpu0 0x%lx, cpu1 0x%lx; GITS_CTLR 0x%x\n", v, cpu1_ctlr,
               gits_read32(GITS_CTLR));
        its_expect((v & cpu1_ctlr) & GICR_CTLR_ENABLE_LPIS, "EnableLPIs on both");

        its_cmd_mapc(&q, 0, 0, 1);
        its_cmd_mapc(&q, 1, 1, 1);
        its_cmd_mapd(&q, DEV, 4, (uint64_t)itt, 1);
        its_cmd_mapd(&q, DEV_CPU, 4, (uint64_t)itt_cpu, 1);
        its_cmd_mapti(&q, DEV, 0, LPI(0), 1);
        for (unsigned e = 1; e < 5; e++)
                its_cmd_mapti(&q, DEV, e, LPI(e), 0);
        its_cmd_mapti(&q, DEV_CPU, 5, LPI_MSI, 1);
        its_cmd_sync(&q, 0);
        its_cmd_sync(&q, 1);
        its_batch(&q, "MAPC ICID 0 -> RD 0, ICID 1 -> RD 1, 2 MAPD, 6 MAPTI, SYNC RD 0, SYNC RD 1");

        /* 1. to CPU 1 */
        its_cmd_int(&q, DEV, 0);
        its_cmd_sync(&q, 1);
        its_batch(&q, "INT event 0 (ICID 1), SYNC RD 1");
        CPU1_TAKES("INT to collection 1", LPI(0));

        /* 2. MOVI of a pending LPI */
        its_cmd_int(&q, DEV, 1);
        its_cmd_sync(&q, 0);
        its_batch(&q, "INT event 1 (ICID 0), SYNC RD 0");
        hppir = gic_wait_hppir1(LPI(1));
        printf("  cpu0 HPPIR1 %lu (IRQs masked)\n", hppir);
        its_expect(hppir == LPI(1), "pending on cpu0");
        its_cmd_movi(&q, DEV, 1, 1);
        its_cmd_sync(&q, 1);
        its_batch(&q, "MOVI event 1 -> ICID 1, SYNC RD 1");
        CPU1_TAKES("moved while pending", LPI(1));

        /* 3. an MSI to CPU 1 */
        its_translater_write(5);
        CPU1_TAKES("GITS_TRANSLATER <- 5 (DeviceID 0, ICID 1)", LPI_MSI);

        /* 4. MAPC + MOVALL */
        its_cmd_int(&q, DEV, 2);
        its_cmd_int(&q, DEV, 3);
        its_cmd_int(&q, DEV, 4);
        its_cmd_sync(&q, 0);
        its_batch(&q, "INT events 2, 3, 4 (ICID 0: 0x60, 0x40, 0x80), SYNC RD 0");
        hppir = gic_wait_hppir1(LPI(3));
        printf("  cpu0 HPPIR1 %lu (IRQs masked)\n", hppir);
        its_expect(hppir == LPI(3), "pending on cpu0");
        its_cmd_mapc(&q, 0, 1, 1);
        its_cmd_movall(&q, 0, 1);
        its_cmd_sync(&q, 1);
        its_batch(&q, "MAPC ICID 0 -> RD 1, MOVALL RD 0 -> RD 1, SYNC RD 1");
        CPU1_TAKES("after MOVALL", LPI(3), LPI(2), LPI(4));
        its_cmd_int(&q, DEV, 2);
        its_cmd_sync(&q, 1);
        its_batch(&q, "INT event 2 (ICID 0, now RD 1), SYNC RD 1");
        CPU1_TAKES("collection 0 remapped", LPI(2));

        cpu1_request(OP_STOP, 0);
        printf("cpu1 stopped: AFFINITY_INFO %d\n", smp_wait_cpu_off(1));
        for (unsigned cpu = 0; cpu < NCPUS; cpu++) {
                printf("cpu%u: %u LPIs, %u spurious:", cpu, nlog[cpu], spurious[cpu]);
                for (unsigned i = 0; i < nlog[cpu] && i < ARRAY_SIZE(iar_log[cpu]); i++)
                        printf(" %u", iar_log[cpu][i]);
                printf("\n");
        }
        its_expect(nlog[0] == 0 && nlog[1] == 7 && !spurious[0] && !spurious[1], "7 LPIs, all on cpu1");
        regs_dump("end", REG("gits_creadr", gits_read64(GITS_CREADR)), REG("gits_cwriter", gits_read64(GITS_CWRITER)),
                  REG("gicr0_ctlr", mmio_read32(rd0 + GICR_CTLR)), REG("gicr1_ctlr", mmio_read32(rd1 + GICR_CTLR)),
                  REG("gicr0_propbaser", mmio_read64(rd0 + GICR_PROPBASER) - (uint64_t)prop),
                  REG("gicr1_propbaser", mmio_read64(rd1 + GICR_PROPBASER) - (uint64_t)prop),
                  REG("gicr0_pendbaser", mmio_read64(rd0 + GICR_PENDBASER) - (uint64_t)pend[0]),
                  REG("gicr1_pendbaser", mmio_read64(rd1 + GICR_PENDBASER) - (uint64_t)pend[1]),
                  REG("queue_timeouts", q.timeouts), NULL);
        printf("%s\n", its_failures() ? "FAIL" : "PASS");
        return its_failures() ? STATUS_CHECK_FAILED : STATUS_OK;
}
