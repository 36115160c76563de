/*
 * gicv4-vmovp (GICv4.0, "gic": 4, -smp 2): a vPE moved from PE 0 to PE 1. CPU 0 owns the ITS;
 * both CPUs wake their redistributors, set EnableLPIs (one shared LPI configuration table,
 * a pending table each) and point GICR_VPROPBASER at the VM's vLPI configuration table.
 * vPE 1 is mapped to RDbase 0 (VMAPP), device 4's events 0-2 to its vINTIDs 8192-8194
 * (event 0 with the doorbell LPI 8400); event 3 to vINTID 8195 of vPE 2 (mapped to RDbase 1,
 * never resident).
 *  1. vPE 1 resident on RD 0 (GICR_VPENDBASER Valid): the vCPU runs on CPU 0 (runtime
 *     smp_vcpu, IMO, ICH_HCR_EL2.En) and takes vINTID 8192 there; it exits at an HVC;
 *  2. CPU 0: INT of event 1 (the vPE still resident on RD 0), then deschedules it (Valid 0,
 *     Dirty polled): PendingLast 1; VMOVP vPE 1 -> RDbase 1, VSYNC; VMOVI of event 3 from vPE 2
 *     to vPE 1, VSYNC;
 *  3. CPU 1 makes vPE 1 resident on RD 1 (IDAI: the VPT was last used elsewhere) and resumes
 *     the vCPU: it takes vINTID 8193, pending since step 2, on PE 1; then INTs of events 2
 *     and 3 (the one moved by VMOVI): vINTIDs 8194 and 8195 on PE 1, in priority order;
 *  4. CPU 1 deschedules it (PendingLast 0); an INT of event 0 rings the doorbell on RD 1 now:
 *     CPU 1 takes LPI 8400 at EL2; CPU 0 has nothing pending throughout.
 * CPU 1 waits for its turn in WFE; only CPU 0 prints, at the end.
 */
#include "s2mmu.h"
#include "smp.h"
#include "its.h"
#include "vmovp.h"

#define NCPUS           2
#define RD_STRIDE       GICR_STRIDE_V4
#define VMID            3
#define VPE             1
#define VPE_OTHER       2
#define DEV             4
#define IDBITS          13
#define NIDS            (1U << (IDBITS + 1))
#define V(n)            (8192 + (n))
#define DOORBELL        8400

static uint8_t pool[320 * 1024] __attribute__((aligned(65536)));
static struct its_alloc mem;
static struct its_queue q;
static uint8_t *prop, *pend[NCPUS], *vprop, *vpt, *vpt_other;
static struct s2mmu vm;
static struct smp_vcpu vcpu;

static uint32_t host_log[NCPUS][8];
static volatile uint32_t host_n[NCPUS], host_irq_exits[NCPUS];
static volatile uint32_t ready, go, done;
static uint64_t vpend_sched[NCPUS], vpend_desched[NCPUS], cpu1_hppir_doorbell, cpu1_hppir_after, cpu0_hppir[4];
static uint64_t cpu1_ret;
static char lines[8][160];      /* what CPU 1 did, printed by CPU 0 */
static unsigned nlines;

static enum exc_result on_irq(struct el2_frame *f)
{
        unsigned cpu = smp_cpu_id();
        uint64_t iar = read_sysreg(ICC_IAR1_EL1);

        if ((f->spsr & 0xf) == SPSR_M_EL1H)
                host_irq_exits[cpu]++;
        if (iar >= 1020 && iar <= 1023)
                return EXC_HANDLED;
        if (host_n[cpu] < ARRAY_SIZE(host_log[cpu]))
                host_log[cpu][host_n[cpu]] = (uint32_t)iar;
        host_n[cpu]++;
        write_sysreg(iar, ICC_EOIR1_EL1);
        isb();
        return EXC_HANDLED;
}

/* Both CPUs issue commands, one at a time (the other waits): GITS_CREADR is noted. */
static void batch(const char *what)
{
        uint64_t r = its_flush(&q);

        if (nlines < ARRAY_SIZE(lines))
                snprintf(lines[nlines++], sizeof(lines[0]), "  cpu%u %s: GITS_CREADR 0x%lx", smp_cpu_id(), what, r);
        its_expect_consumed(&q, r);
}

static void schedule(unsigned cpu)
{
        uint64_t rd = gicr_rd(cpu, RD_STRIDE);

        mmio_write64(rd + GICR_VPENDBASER, GICR_PA_64K(vpt) | GICR_VPENDBASER_IDAI | GICR_VPENDBASER_VALID);
        dsb(sy);
        vpend_sched[cpu] = mmio_read64(rd + GICR_VPENDBASER);
}

static void deschedule(unsigned cpu)
{
        uint64_t rd = gicr_rd(cpu, RD_STRIDE);

        mmio_write64(rd + GICR_VPENDBASER, mmio_read64(rd + GICR_VPENDBASER) & ~GICR_VPENDBASER_VALID);
        for (unsigned i = 0; i < 100 && (mmio_read64(rd + GICR_VPENDBASER) & GICR_VPENDBASER_DIRTY); i++)
                __asm__ volatile("yield" ::: "memory");
        vpend_desched[cpu] = mmio_read64(rd + GICR_VPENDBASER);
}

static enum exc_result on_exit(struct smp_vcpu *v, struct el2_frame *f)
{
        (void)v;
        if (ESR_EC(f->esr) != ESR_EC_HVC64)
                return EXC_UNHANDLED;
        switch (ESR_HVC_IMM16(f->esr)) {
        case HVC_MPIDR:
                f->x[0] = read_sysreg(mpidr_el1);
                return EXC_HANDLED;
        case HVC_MIGRATE:
                return EXC_GUEST_EXIT;
        case HVC_STEP:
                switch (f->x[0]) {
                case 0:
                        f->x[0] = V(0);         /* issued by cpu0 before the run */
                        break;
                case 1:
                        f->x[0] = V(1);         /* pending since cpu0 left it */
                        break;
                default:
                        its_cmd_int(&q, DEV, 2);
                        its_cmd_int(&q, DEV, 3);
                        its_cmd_vsync(&q, VPE);
                        batch("INT events 2 (vINTID 8194, 0x60), 3 (vINTID 8195 since VMOVI, 0x40), VSYNC");
                        f->x[0] = V(3);
                        break;
                }
                return EXC_HANDLED;
        }
        return EXC_UNHANDLED;
}

static void cpu_gic_init(unsigned cpu)
{
        uint64_t rd = gicr_rd(cpu, RD_STRIDE);

        gicr_wake(rd);
        gic_cpu_enable_el2();
        gicr_enable_lpis(rd, prop, IDBITS, pend[cpu]);
        mmio_write64(rd + GICR_VPROPBASER, GICR_PA_4K(vprop) | GICR_PROPBASER_IDBITS(IDBITS));
        dsb(sy);
}

static void cpu1_main(unsigned long arg)
{
        (void)arg;
        cpu_gic_init(1);
        smp_signal(&ready, 1);
        smp_wait_eq(&go, 1);
        schedule(1);
        cpu1_ret = smp_vcpu_run(&vcpu);
        deschedule(1);
        its_cmd_int(&q, DEV, 0);
        its_cmd_vsync(&q, VPE);
        its_cmd_sync(&q, 1);
        batch("INT event 0 (vPE 1 not resident, doorbell 8400), VSYNC, SYNC RD 1");
        cpu1_hppir_doorbell = gic_wait_hppir1(DOORBELL);
        irq_window();
        cpu1_hppir_after = read_sysreg(ICC_HPPIR1_EL1);
        smp_signal(&done, 1);
}

static void show_step(unsigned n, const uint32_t *want, unsigned nwant, uint64_t mpidr)
{
        int ok = rec.last[n] - rec.first[n] == nwant && rec.phys_mpidr[n] == mpidr;

        printf("guest step %u on physical MPIDR 0x%lx: ICV_HPPIR1_EL1 %lu, took", n, rec.phys_mpidr[n], rec.hppir[n]);
        for (unsigned i = rec.first[n]; i < rec.last[n] && i < LOG_MAX; i++) {
                printf(" %u (on 0x%lx)", rec.iar[i], rec.iar_mpidr[i]);
                if (rec.iar_mpidr[i] != mpidr)
                        ok = 0;
        }
        printf("%s\n", rec.last[n] == rec.first[n] ? " nothing" : "");
        for (unsigned i = 0; ok && i < nwant; i++)
                ok = rec.iar[rec.first[n] + i] == want[i];
        its_expect(ok, "the vLPIs acknowledged on this CPU, in this order");
}
#define SHOW(n, mpidr, ...) show_step(n, (const uint32_t[]){ __VA_ARGS__ }, \
                                      sizeof((const uint32_t[]){ __VA_ARGS__ }) / 4, mpidr)

int main(void)
{
        uint64_t typer = gits_read64(GITS_TYPER), rd0 = gicr_rd(0, RD_STRIDE), rd1 = gicr_rd(1, RD_STRIDE);
        int dev_idx = -1, coll_idx = -1, vpe_idx = -1;
        void *devtab, *colltab, *vpetab, *cmdq, *itt;
        uint64_t ret0;

        printf("gicv4-vmovp: %u CPUs, GITS_TYPER 0x%016lx (Virtual %lu, VMOVP %lu)\n", NCPUS, typer, (typer >> 1) & 1,
               (typer >> 37) & 1);
        if (!(typer & GITS_TYPER_VIRTUAL)) {
                printf("FAIL: no GICv4 virtual LPI support (run with gic-version=4)\n");
                return STATUS_CHECK_FAILED;
        }
        for (unsigned n = 0; n < NCPUS; n++)
                printf("GICR%u at 0x%lx: TYPER 0x%016lx\n", n, gicr_rd(n, RD_STRIDE),
                       mmio_read64(gicr_rd(n, RD_STRIDE) + GICR_TYPER));
        dev_idx = its_find_baser(GITS_BASER_TYPE_DEVICE);
        coll_idx = its_find_baser(GITS_BASER_TYPE_COLLECTION);
        vpe_idx = its_find_baser(GITS_BASER_TYPE_VPE);
        if (dev_idx < 0 || coll_idx < 0 || vpe_idx < 0) {
                printf("FAIL: a table is missing\n");
                return STATUS_CHECK_FAILED;
        }

        its_alloc_init(&mem, pool, sizeof(pool));
        pend[0] = its_alloc(&mem, NIDS / 8, 65536);
        prop = its_alloc(&mem, NIDS - LPI_INTID_BASE, 4096);
        vprop = its_alloc(&mem, NIDS - LPI_INTID_BASE, 4096);
        devtab = its_alloc(&mem, 4096, 4096);
        colltab = its_alloc(&mem, 4096, 4096);
        vpetab = its_alloc(&mem, 4096, 4096);
        cmdq = its_alloc(&mem, 4096, 4096);
        itt = its_alloc(&mem, 32 * 12, 256);
        pend[1] = its_alloc(&mem, NIDS / 8, 65536);
        vpt = its_alloc(&mem, NIDS / 8, 65536);
        vpt_other = its_alloc(&mem, NIDS / 8, 65536);
        prop[DOORBELL - LPI_INTID_BASE] = LPI_PROP(0x90, 1);
        vprop[V(0) - LPI_INTID_BASE] = LPI_PROP(0xa0, 1);
        vprop[V(1) - LPI_INTID_BASE] = LPI_PROP(0x80, 1);
        vprop[V(2) - LPI_INTID_BASE] = LPI_PROP(0x60, 1);
        vprop[V(3) - LPI_INTID_BASE] = LPI_PROP(0x40, 1);
        dsb(sy);

        mmio_write32(GICD_BASE + GICD_CTLR, GICD_CTLR_ENABLE_G1 | GICD_CTLR_ARE);
        el2_set_irq_handler(on_irq);
        cpu_gic_init(0);
        its_baser_setup((unsigned)dev_idx, (uint64_t)devtab, 1);
        its_baser_setup((unsigned)coll_idx, (uint64_t)colltab, 1);
        its_baser_setup((unsigned)vpe_idx, (uint64_t)vpetab, 1);
        its_queue_init(&q, cmdq, 1);
        gits_write32(GITS_CTLR, GITS_CTLR_ENABLED);
        if (smp_cpu_on(1, cpu1_main, 0) != PSCI_RET_SUCCESS) {
                printf("FAIL: CPU_ON (run with -smp %u)\n", NCPUS);
                return STATUS_CHECK_FAILED;
        }
        smp_wait_eq(&ready, 1);

        its_cmd_mapc(&q, 0, 0, 1);
        its_cmd_mapc(&q, 1, 1, 1);
        its_cmd_vmapp(&q, VPE, 0, (uint64_t)vpt, IDBITS, 1);
        its_cmd_vmapp(&q, VPE_OTHER, 1, (uint64_t)vpt_other, IDBITS, 1);
        its_cmd_mapd(&q, DEV, 4, (uint64_t)itt, 1);
        its_cmd_vmapti(&q, DEV, 0, VPE, V(0), DOORBELL);
        its_cmd_vmapti(&q, DEV, 1, VPE, V(1), INTID_SPURIOUS);
        its_cmd_vmapti(&q, DEV, 2, VPE, V(2), INTID_SPURIOUS);
        its_cmd_vmapti(&q, DEV, 3, VPE_OTHER, V(3), INTID_SPURIOUS);
        its_cmd_sync(&q, 0);
        its_cmd_sync(&q, 1);
        its_cmd_vsync(&q, VPE);
        its_cmd_vsync(&q, VPE_OTHER);
        batch("2 MAPC, VMAPP vPE 1 -> RD 0, VMAPP vPE 2 -> RD 1, MAPD, 4 VMAPTI, 2 SYNC, 2 VSYNC");

        /* 1. resident on RD 0, the vCPU on CPU 0 */
        s2mmu_init(&vm, VMID, S2MMU_GRANULE_4K, 1);
        s2mmu_map_guest_image(&vm, UART_PL011_BASE);
        write_sysreg(s2mmu_vttbr(&vm), vttbr_el2);
        isb();
        s2mmu_flush_all(&vm);
        smp_vcpu_init(&vcpu, guest_main, 0, (uint64_t)vcpu_stack + sizeof(vcpu_stack), s2mmu_vtcr(&vm),
                      s2mmu_vttbr(&vm));
        vcpu.handler = on_exit;
        vcpu.vmpidr = 0x80000000UL;
        vcpu.hcr |= HCR_EL2_IMO;
        vcpu.gic = 1;
        vcpu.ich_hcr = ICH_HCR_EN;
        schedule(0);
        its_cmd_int(&q, DEV, 0);
        its_cmd_vsync(&q, VPE);
        batch("INT event 0 (vINTID 8192, resident on RD 0), VSYNC");
        ret0 = smp_vcpu_run(&vcpu);

        /* 2. descheduled from RD 0 with a vLPI pending, moved */
        its_cmd_int(&q, DEV, 1);
        its_cmd_vsync(&q, VPE);
        batch("INT event 1 (vINTID 8193), VSYNC");
        cpu0_hppir[0] = read_sysreg(ICC_HPPIR1_EL1);
        deschedule(0);
        its_cmd_vmovp(&q, VPE, 1, 0, 0);
        its_cmd_vsync(&q, VPE);
        its_cmd_vmovi(&q, DEV, 3, VPE, 0, 0);
        its_cmd_vsync(&q, VPE);
        its_cmd_vsync(&q, VPE_OTHER);
        batch("VMOVP vPE 1 -> RD 1, VSYNC, VMOVI event 3 -> vPE 1, VSYNC x2");
        cpu0_hppir[1] = read_sysreg(ICC_HPPIR1_EL1);

        /* 3, 4. on CPU 1 */
        smp_signal(&go, 1);
        smp_wait_eq(&done, 1);
        cpu0_hppir[2] = read_sysreg(ICC_HPPIR1_EL1);
        printf("cpu1 stopped: AFFINITY_INFO %d\n", smp_wait_cpu_off(1));

        for (unsigned i = 0; i < nlines; i++)
                printf("%s\n", lines[i]);
        printf("guest: ICV_PMR_EL1 0x%lx, ICV_IGRPEN1_EL1 %lu; exits: cpu0 run returned 0x%lx (HVC #%u), cpu1 run %lu\n",
               rec.pmr, rec.igrpen1, ret0, HVC_MIGRATE, cpu1_ret);
        SHOW(0, 0x80000000UL, V(0));
        SHOW(1, 0x80000001UL, V(1));
        SHOW(2, 0x80000001UL, V(3), V(2));
        printf("guest at the end: ICV_RPR_EL1 0x%lx, ICV_HPPIR1_EL1 %lu\n", rec.rpr_end, rec.hppir_end);
        its_expect(rec.rpr_end == 0xff && rec.hppir_end == INTID_SPURIOUS && cpu1_ret == 4, "four vLPIs, nothing left");
        printf("GICR_VPENDBASER (+ VPT): RD 0 scheduled 0x%lx, descheduled 0x%lx (PendingLast %lu); RD 1 scheduled 0x%lx, "
               "descheduled 0x%lx (PendingLast %lu)\n", vpend_sched[0] - (uint64_t)vpt,
               vpend_desched[0] - (uint64_t)vpt, (vpend_desched[0] >> 61) & 1, vpend_sched[1] - (uint64_t)vpt,
               vpend_desched[1] - (uint64_t)vpt, (vpend_desched[1] >> 61) & 1);
        its_expect((vpend_desched[0] & GICR_VPENDBASER_PENDINGLAST) && !(vpend_desched[1] & GICR_VPENDBASER_PENDINGLAST),
               "PendingLast: 1 leaving RD 0 (vINTID 8193), 0 leaving RD 1");
        printf("doorbell after the move: cpu1 ICC_HPPIR1_EL1 %lu, then %lu; physical LPIs: cpu0", cpu1_hppir_doorbell,
               cpu1_hppir_after);
        for (unsigned i = 0; i < host_n[0]; i++)
                printf(" %u", host_log[0][i]);
        printf(", cpu1");
        for (unsigned i = 0; i < host_n[1]; i++)
                printf(" %u", host_log[1][i]);
        printf("; IRQ exits from the guest: cpu0 %u, cpu1 %u\n", host_irq_exits[0], host_irq_exits[1]);
        its_expect(host_n[0] == 0 && host_n[1] == 1 && host_log[1][0] == DOORBELL && !host_irq_exits[0] && !host_irq_exits[1],
               "the doorbell on cpu1 only, no IRQ exit");
        printf("cpu0 ICC_HPPIR1_EL1: %lu (vPE resident, vLPI pending), %lu (after the move), %lu (at the end)\n",
               cpu0_hppir[0], cpu0_hppir[1], cpu0_hppir[2]);
        its_expect(cpu0_hppir[0] == INTID_SPURIOUS && cpu0_hppir[1] == INTID_SPURIOUS && cpu0_hppir[2] == INTID_SPURIOUS,
               "nothing physical pending on cpu0");
        regs_dump("end", REG("gicr0_vpendbaser", mmio_read64(rd0 + GICR_VPENDBASER) - (uint64_t)vpt),
                  REG("gicr1_vpendbaser", mmio_read64(rd1 + GICR_VPENDBASER) - (uint64_t)vpt),
                  REG("gicr0_vpropbaser", mmio_read64(rd0 + GICR_VPROPBASER) - (uint64_t)vprop),
                  REG("gicr1_vpropbaser", mmio_read64(rd1 + GICR_VPROPBASER) - (uint64_t)vprop),
                  REG("gits_creadr", gits_read64(GITS_CREADR)), REG("queue_timeouts", q.timeouts), NULL);
        printf("%s\n", its_failures() ? "FAIL" : "PASS");
        return its_failures() ? STATUS_CHECK_FAILED : STATUS_OK;
}
