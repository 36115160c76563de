/*
 * gicv4-doorbell (GICv4.0, "gic": 4): doorbells and descheduling. vPE 1 is mapped (VMAPP)
 * to redistributor 0 but not resident (GICR_VPENDBASER.Valid = 0); device 4's events 0 and
 * 1 are VMAPTI'd to vINTIDs 8192/8193 with the physical doorbell LPI 8400, event 2 to 8194
 * with no doorbell (1023).
 *  A. not resident: INT of event 0 makes the doorbell pending: taken at EL2 through
 *     ICC_IAR1_EL1; INT of event 2 (no doorbell): nothing physical;
 *  B. made resident (GICR_VPENDBASER: the VPT, IDAI, Valid): the guest takes both vLPIs
 *     that waited in the virtual pending table, in priority order; an INT while resident is
 *     a vLPI and rings no doorbell; one more is left pending (masked) when the guest exits;
 *     descheduled (Valid = 0, Dirty polled): PendingLast = 1, no doorbell;
 *  C. not resident: an INT rings the doorbell again;
 *  D. resident again: the guest takes the two pending vLPIs; descheduled: PendingLast = 0.
 */
#include "vm.h"
#include "its.h"
#include "doorbell.h"

#define RD_STRIDE       GICR_STRIDE_V4
#define VPEID           1
#define DEV             4
#define IDBITS          13
#define NIDS            (1U << (IDBITS + 1))
#define V(n)            (8192 + (n))
#define DOORBELL        8400

static uint8_t pool[192 * 1024] __attribute__((aligned(65536)));
static struct its_alloc mem;
static struct its_queue q;
static uint8_t *prop, *pend, *vprop, *vpt;
static uint64_t rd;

static uint32_t host_log[16];
static unsigned host_n, host_irq_exits;

static enum exc_result on_irq(struct el2_frame *f)
{
        uint64_t iar = read_sysreg(ICC_IAR1_EL1);

        if ((f->spsr & 0xf) == SPSR_M_EL1H)
                host_irq_exits++;
        if (iar >= 1020 && iar <= 1023)
                return EXC_HANDLED;
        if (host_n < ARRAY_SIZE(host_log))
                host_log[host_n] = (uint32_t)iar;
        host_n++;
        write_sysreg(iar, ICC_EOIR1_EL1);
        isb();
        return EXC_HANDLED;
}

/* The host takes what is pending at EL2 (IRQs unmasked for one instruction). */
static void host_take(const char *what, uint64_t want)
{
        unsigned first = host_n;
        uint64_t hppir = want == INTID_SPURIOUS ? read_sysreg(ICC_HPPIR1_EL1) : gic_wait_hppir1(want);

        irq_window();
        printf("%s: host ICC_HPPIR1_EL1 %lu, took", what, hppir);
        for (unsigned i = first; i < host_n; i++)
                printf(" %u", host_log[i]);
        printf("%s\n", host_n == first ? " nothing" : "");
        its_expect(want == INTID_SPURIOUS ? host_n == first : host_n == first + 1 && host_log[first] == want,
               "the physical LPIs taken at EL2");
}

static void schedule(void)
{
        uint64_t v;

        mmio_write64(rd + GICR_VPENDBASER, GICR_PA_64K(vpt) | GICR_VPENDBASER_IDAI | GICR_VPENDBASER_VALID);
        dsb(sy);
        v = mmio_read64(rd + GICR_VPENDBASER);
        printf("scheduled: GICR_VPENDBASER 0x%lx (+ VPT), Valid %lu\n", v - (uint64_t)vpt, v >> 63);
}

static uint64_t deschedule(void)
{
        uint64_t v;

        mmio_write64(rd + GICR_VPENDBASER, mmio_read64(rd + GICR_VPENDBASER) & ~GICR_VPENDBASER_VALID);
        for (unsigned i = 0; i < 100 && (mmio_read64(rd + GICR_VPENDBASER) & GICR_VPENDBASER_DIRTY); i++)
                __asm__ volatile("yield" ::: "memory");
        v = mmio_read64(rd + GICR_VPENDBASER);
        printf("descheduled: GICR_VPENDBASER 0x%lx (+ VPT), PendingLast %lu, Dirty %lu; host ICC_HPPIR1_EL1 %lu\n",
               v - (uint64_t)vpt, (v >> 61) & 1, (v >> 60) & 1, read_sysreg(ICC_HPPIR1_EL1));
        return v;
}

static enum exc_result on_hvc(struct el2_frame *f)
{
        uint64_t s = f->x[0];

        if (ESR_EC(f->esr) != ESR_EC_HVC64 || ESR_HVC_IMM16(f->esr) != HVC_STEP)
                return EXC_UNHANDLED;
        printf("step %lu:\n", s);
        f->x[1] = 1;
        switch (s) {
        case 0:
                f->x[0] = V(2);
                break;
        case 1:
        case 2:
                its_cmd_int(&q, DEV, 1);
                its_cmd_vsync(&q, VPEID);
                its_batch(&q, "INT event 1 (resident: vINTID 8193, doorbell 8400), VSYNC");
                printf("  host ICC_HPPIR1_EL1 %lu (no doorbell)\n", read_sysreg(ICC_HPPIR1_EL1));
                its_expect(read_sysreg(ICC_HPPIR1_EL1) == INTID_SPURIOUS, "no doorbell while resident");
                f->x[0] = V(1);
                f->x[1] = s == 1;               /* step 2: left pending */
                break;
        case 4:
                f->x[0] = V(1);
                break;
        default:
                f->x[0] = STEP_DONE;
                break;
        }
        return EXC_HANDLED;
}

static void show_step(unsigned n, const uint32_t *want, unsigned nwant)
{
        int ok = rec.last[n] - rec.first[n] == nwant;

        printf("guest step %u: ICV_HPPIR1_EL1 %lu, %s", n, rec.hppir[n], rec.took[n] ? "took" : "left pending");
        for (unsigned i = rec.first[n]; i < rec.last[n] && i < LOG_MAX; i++)
                printf(" %u", rec.iar[i]);
        printf("%s\n", rec.took[n] && rec.last[n] == rec.first[n] ? " nothing" : "");
        for (unsigned i = 0; ok && i < nwant; i++)
                ok = rec.iar[rec.first[n] + i] == want[i];
        its_expect(ok, "the vLPIs acknowledged, in this order");
}
#define SHOW(n, ...) show_step(n, (const uint32_t[]){ __VA_ARGS__ }, sizeof((const uint32_t[]){ __VA_ARGS__ }) / 4)

int main(void)
{
        uint64_t typer = gits_read64(GITS_TYPER), v;
        int dev_idx = -1, coll_idx = -1, vpe_idx = -1;
        void *devtab, *colltab, *vpetab, *cmdq, *itt;

        rd = gicr_rd(0, RD_STRIDE);
        printf("gicv4-doorbell: GITS_TYPER 0x%016lx, GICR_TYPER 0x%lx\n", typer, mmio_read64(rd + GICR_TYPER));
        if (!(typer & GITS_TYPER_VIRTUAL)) {
                printf("FAIL: no GICv4 virtual LPI support (run with gic-version=4)\n");
                return STATUS_CHECK_FAILED;
        }
        dev_idx = its_find_baser(GITS_BASER_TYPE_DEVICE);
        coll_idx = its_find_baser(GITS_BASER_TYPE_COLLECTION);
        vpe_idx = its_find_baser(GITS_BASER_TYPE_VPE);
        if (dev_idx < 0 || coll_idx < 0 || vpe_idx < 0) {
                printf("FAIL: a table is missing\n");
                return STATUS_CHECK_FAILED;
        }

        its_alloc_init(&mem, pool, sizeof(pool));
        pend = its_alloc(&mem, NIDS / 8, 65536);
        prop = its_alloc(&mem, NIDS - LPI_INTID_BASE, 4096);
        vprop = its_alloc(&mem, NIDS - LPI_INTID_BASE, 4096);
        devtab = its_alloc(&mem, 4096, 4096);
        colltab = its_alloc(&mem, 4096, 4096);
        vpetab = its_alloc(&mem, 4096, 4096);
        cmdq = its_alloc(&mem, 4096, 4096);
        itt = its_alloc(&mem, 32 * 12, 256);
        vpt = its_alloc(&mem, NIDS / 8, 65536);
        prop[DOORBELL - LPI_INTID_BASE] = LPI_PROP(0x90, 1);
        vprop[V(0) - LPI_INTID_BASE] = LPI_PROP(0x80, 1);
        vprop[V(1) - LPI_INTID_BASE] = LPI_PROP(0x60, 1);
        vprop[V(2) - LPI_INTID_BASE] = LPI_PROP(0x40, 1);
        dsb(sy);

        mmio_write32(GICD_BASE + GICD_CTLR, GICD_CTLR_ENABLE_G1 | GICD_CTLR_ARE);
        el2_set_irq_handler(on_irq);
        el2_set_lower_sync_handler(on_hvc);
        gicr_wake(rd);
        gic_cpu_enable_el2();
        gicr_enable_lpis(rd, prop, IDBITS, pend);
        its_baser_setup((unsigned)dev_idx, (uint64_t)devtab, 1);
        its_baser_setup((unsigned)coll_idx, (uint64_t)colltab, 1);
        its_baser_setup((unsigned)vpe_idx, (uint64_t)vpetab, 1);
        its_queue_init(&q, cmdq, 1);
        gits_write32(GITS_CTLR, GITS_CTLR_ENABLED);

        its_cmd_mapc(&q, 0, 0, 1);
        its_cmd_vmapp(&q, VPEID, 0, (uint64_t)vpt, IDBITS, 1);
        its_cmd_mapd(&q, DEV, 4, (uint64_t)itt, 1);
        its_cmd_vmapti(&q, DEV, 0, VPEID, V(0), DOORBELL);
        its_cmd_vmapti(&q, DEV, 1, VPEID, V(1), DOORBELL);
        its_cmd_vmapti(&q, DEV, 2, VPEID, V(2), INTID_SPURIOUS);
        its_cmd_sync(&q, 0);
        its_cmd_vsync(&q, VPEID);
        its_batch(&q, "MAPC, VMAPP vPE 1 -> RD 0, MAPD, 3 VMAPTI (doorbells 8400, 8400, 1023), SYNC, VSYNC");
        mmio_write64(rd + GICR_VPROPBASER, GICR_PA_4K(vprop) | GICR_PROPBASER_IDBITS(IDBITS));
        regs_dump("not-resident", REG("gicr_vpropbaser", mmio_read64(rd + GICR_VPROPBASER) - (uint64_t)vprop),
                  REG("gicr_vpendbaser", mmio_read64(rd + GICR_VPENDBASER)), NULL);

        /* A. not resident */
        its_cmd_int(&q, DEV, 0);
        its_cmd_vsync(&q, VPEID);
        its_cmd_sync(&q, 0);
        its_batch(&q, "A. INT event 0 (vINTID 8192, doorbell 8400), VSYNC, SYNC");
        host_take("A. doorbell", DOORBELL);
        its_cmd_int(&q, DEV, 2);
        its_cmd_vsync(&q, VPEID);
        its_cmd_sync(&q, 0);
        its_batch(&q, "A. INT event 2 (vINTID 8194, no doorbell), VSYNC, SYNC");
        host_take("A. no doorbell", INTID_SPURIOUS);

        /* B. resident: the guest */
        s2_init();
        vm_map_guest_image();
        s2_enable(1);
        write_sysreg(read_sysreg(hcr_el2) | HCR_EL2_IMO, hcr_el2);
        write_sysreg(0, ICH_VMCR_EL2);
        write_sysreg(ICH_HCR_EN, ICH_HCR_EL2);
        isb();
        schedule();
        v = guest_call(guest_main, 0);
        printf("guest returned %lu; ICH_AP1R0_EL2 0x%lx, ICH_VMCR_EL2 0x%lx\n", v, read_sysreg(ICH_AP1R0_EL2),
               read_sysreg(ICH_VMCR_EL2));
        v = deschedule();
        its_expect((v & GICR_VPENDBASER_PENDINGLAST) && !(v & GICR_VPENDBASER_VALID), "PendingLast: a vLPI was left pending");
        its_expect(read_sysreg(ICC_HPPIR1_EL1) == INTID_SPURIOUS, "descheduling rings no doorbell");

        /* C. not resident again */
        its_cmd_int(&q, DEV, 0);
        its_cmd_vsync(&q, VPEID);
        its_cmd_sync(&q, 0);
        its_batch(&q, "C. INT event 0, VSYNC, SYNC");
        host_take("C. doorbell", DOORBELL);

        /* D. resident again */
        schedule();
        v = guest_call(guest_main, 1);
        printf("guest returned %lu\n", v);
        v = deschedule();
        its_expect(!(v & (GICR_VPENDBASER_PENDINGLAST | GICR_VPENDBASER_VALID)), "PendingLast 0: nothing pending");
        write_sysreg(0, ICH_HCR_EL2);
        isb();

        printf("guest: ICV_PMR_EL1 0x%lx, ICV_IGRPEN1_EL1 %lu, %u steps, ISR_EL1 at the exits 0x%lx 0x%lx\n", rec.pmr,
               rec.igrpen1, rec.steps, rec.isr_at_exit[0], rec.isr_at_exit[1]);
        SHOW(0, V(2), V(0));
        SHOW(1, V(1));
        show_step(2, NULL, 0);
        SHOW(4, V(1), V(0));
        its_expect(rec.hppir[2] == V(1), "left pending at step 2");
        printf("host: physical LPIs taken:");
        for (unsigned i = 0; i < host_n && i < ARRAY_SIZE(host_log); i++)
                printf(" %u", host_log[i]);
        printf(", %u IRQ exits from the guest; queue timeouts %u\n", host_irq_exits, q.timeouts);
        its_expect(host_n == 2 && host_irq_exits == 0 && !q.timeouts, "two doorbells, no IRQ exit");
        printf("%s\n", its_failures() ? "FAIL" : "PASS");
        return its_failures() ? STATUS_CHECK_FAILED : STATUS_OK;
}
