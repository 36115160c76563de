/*
 * gicv4-vlpi (GICv4.0, "gic": 4): virtual LPIs injected directly into a guest through the
 * ITS (IHI 0069 chapter 5 and the GICv4 parts of 6 and 9): the hypervisor at EL2 builds the
 * ITS device, collection and vPE tables (GITS_BASER<n> found by Type), maps vPE 1 to
 * redistributor 0 with VMAPP (its virtual pending table, VPT_size 13), maps device events
 * to vINTIDs with VMAPTI (no doorbell) and one event to a physical LPI (MAPTI), and makes
 * the vPE resident: GICR_VPROPBASER (the VM's vLPI configuration table) and
 * GICR_VPENDBASER (its VPT, Valid). An EL1 guest (HCR_EL2.IMO, ICH_HCR_EL2.En) enables its
 * virtual CPU interface (ICV_PMR_EL1, ICV_IGRPEN1_EL1) and takes the vLPIs with
 * ICV_IAR1_EL1 / ICV_EOIR1_EL1, without exits. The guest asks for each step by HVC:
 *  0. the INT the host issued before entering it;
 *  1. three INTs of three priorities and an MSI (GITS_TRANSLATER, DeviceID 0), taken in
 *     priority order;
 *  2. a vLPI disabled in the vLPI configuration table + VINVALL + VSYNC, then INT: not signalled;
 *  3. enabled again + INV + VSYNC: the pending vLPI is delivered;
 *  4. a vLPI's priority raised + VINVALL: the new order;
 *  5. an INT of the physically mapped event: a physical LPI, taken at EL2 (an IRQ exit),
 *     nothing virtual;
 *  6. INT then CLEAR of a virtual event: nothing.
 * Then the vPE is descheduled (Valid = 0, Dirty polled): PendingLast 0, nothing left.
 */
#include "vm.h"
#include "its.h"
#include "vlpi.h"

#define RD_STRIDE       GICR_STRIDE_V4
#define VPEID           1
#define DEV             4
#define DEV_CPU         0
#define IDBITS          13
#define NIDS            (1U << (IDBITS + 1))
#define V(n)            (8192 + (n))    /* vINTIDs of events 0-3 */
#define V_MSI           8200            /* vINTID of the MSI (device 0, event 6) */
#define EV_MSI          6
#define EV_PHYS         7
#define LPI_PHYS        8300

static uint8_t pool[192 * 1024] __attribute__((aligned(65536)));
static struct its_alloc mem;
static struct its_queue q;
static uint8_t *prop, *pend, *vprop, *vpt;
static uint64_t rd;

static uint32_t host_log[16];
static unsigned host_n, host_irq_exits, host_irq_el2, hvc_exits;

static enum exc_result on_irq(struct el2_frame *f)
{
        uint64_t iar = read_sysreg(ICC_IAR1_EL1);

        if ((f->spsr & 0xf) == SPSR_M_EL1H)
                host_irq_exits++;
        else
                host_irq_el2++;
        if (iar >= 1020 && iar <= 1023)
                return EXC_HANDLED;
        if (host_n < ARRAY_SIZE(host_log))
                host_log[host_n] = (uint32_t)iar;
        host_n++;
        write_sysreg(iar, ICC_EOIR1_EL1);
        isb();
        return EXC_HANDLED;
}

static void set_vprop(unsigned vintid, unsigned prio, int enable)
{
        vprop[vintid - LPI_INTID_BASE] = LPI_PROP(prio, enable);
        dsb(sy);
}

/* What the guest's step n needs; returns the vINTID it should see first (1023: none). */
static uint64_t step(uint64_t n)
{
        printf("step %lu:\n", n);
        switch (n) {
        case 0:
                return V(0);
        case 1:
                its_cmd_int(&q, DEV, 1);
                its_cmd_int(&q, DEV, 2);
                its_cmd_int(&q, DEV, 3);
                its_cmd_vsync(&q, VPEID);
                its_batch(&q, "INT events 1 (0x80), 2 (0x40), 3 (0x60), VSYNC");
                its_translater_write(EV_MSI);
                printf("  GITS_TRANSLATER <- %u (vINTID %u, 0x20)\n", EV_MSI, V_MSI);
                return V_MSI;
        case 2:
                set_vprop(V(1), 0x80, 0);
                its_cmd_vinvall(&q, VPEID);
                its_cmd_vsync(&q, VPEID);
                its_cmd_int(&q, DEV, 1);
                its_cmd_vsync(&q, VPEID);
                its_batch(&q, "vINTID 8193 disabled, VINVALL, VSYNC, INT event 1, VSYNC");
                return INTID_SPURIOUS;
        case 3:
                set_vprop(V(1), 0x80, 1);
                its_cmd_inv(&q, DEV, 1);
                its_cmd_vsync(&q, VPEID);
                its_batch(&q, "vINTID 8193 enabled, INV event 1, VSYNC");
                return V(1);
        case 4:
                set_vprop(V(3), 0x10, 1);
                its_cmd_vinvall(&q, VPEID);
                its_cmd_int(&q, DEV, 2);
                its_cmd_int(&q, DEV, 3);
                its_cmd_vsync(&q, VPEID);
                its_batch(&q, "vINTID 8195 priority 0x60 -> 0x10, VINVALL, INT events 2, 3, VSYNC");
                return V(3);
        case 5:
                its_cmd_int(&q, DEV, EV_PHYS);
                its_cmd_sync(&q, 0);
                its_batch(&q, "INT event 7 (physical LPI 8300, ICID 0), SYNC");
                return INTID_SPURIOUS;
        case 6:
                its_cmd_int(&q, DEV, 0);
                its_cmd_clear(&q, DEV, 0);
                its_cmd_vsync(&q, VPEID);
                its_batch(&q, "INT event 0, CLEAR event 0, VSYNC");
                return INTID_SPURIOUS;
        }
        return INTID_SPURIOUS;
}

static enum exc_result on_hvc(struct el2_frame *f)
{
        if (ESR_EC(f->esr) != ESR_EC_HVC64 || ESR_HVC_IMM16(f->esr) != HVC_STEP)
                return EXC_UNHANDLED;
        hvc_exits++;
        f->x[0] = step(f->x[0]);
        return EXC_HANDLED;
}

static void show_step(unsigned n, const uint32_t *want, unsigned nwant)
{
        int ok = rec.last[n] - rec.first[n] == nwant;

        printf("guest step %u: ICV_HPPIR1_EL1 %lu, took", n, rec.hppir[n]);
        for (unsigned i = rec.first[n]; i < rec.last[n] && i < LOG_MAX; i++)
                printf(" %u (RPR 0x%lx)", rec.iar[i], rec.rpr_in_handler[i]);
        printf("%s\n", rec.last[n] == rec.first[n] ? " nothing" : "");
        for (unsigned i = 0; ok && i < nwant; i++)
                ok = rec.iar[rec.first[n] + i] == want[i];
        its_expect(ok, "the vLPIs acknowledged, in this order");
}
#define SHOW(n, ...) show_step(n, (const uint32_t[]){ __VA_ARGS__ }, sizeof((const uint32_t[]){ __VA_ARGS__ }) / 4)

int main(void)
{
        uint64_t typer = gits_read64(GITS_TYPER), v;
        int dev_idx = -1, coll_idx = -1, vpe_idx = -1;
        void *devtab, *colltab, *vpetab, *cmdq, *itt, *itt_cpu;

        rd = gicr_rd(0, RD_STRIDE);
        printf("gicv4-vlpi: GITS_TYPER 0x%016lx (Virtual %lu, VMOVP %lu), GICR_TYPER 0x%lx (VLPIS %lu), ICH_VTR_EL2 0x%lx\n",
               typer, (typer >> 1) & 1, (typer >> 37) & 1, mmio_read64(rd + GICR_TYPER),
               (mmio_read64(rd + GICR_TYPER) >> 1) & 1, read_sysreg(ICH_VTR_EL2));
        if (!(typer & GITS_TYPER_VIRTUAL)) {
                printf("FAIL: no GICv4 virtual LPI support (run with gic-version=4)\n");
                return STATUS_CHECK_FAILED;
        }
        dev_idx = its_find_baser(GITS_BASER_TYPE_DEVICE);
        coll_idx = its_find_baser(GITS_BASER_TYPE_COLLECTION);
        vpe_idx = its_find_baser(GITS_BASER_TYPE_VPE);
        printf("GITS_BASER%d: devices, GITS_BASER%d: collections, GITS_BASER%d: vPEs (entry %lu bytes)\n", dev_idx,
               coll_idx, vpe_idx, vpe_idx >= 0 ? GITS_BASER_ENTRY_SIZE(gits_read64(GITS_BASER(vpe_idx))) : 0);
        if (dev_idx < 0 || coll_idx < 0 || vpe_idx < 0) {
                printf("FAIL: a table is missing\n");
                return STATUS_CHECK_FAILED;
        }
        regs_dump("vlpi-reset", REG("gicr_vpropbaser", mmio_read64(rd + GICR_VPROPBASER)),
                  REG("gicr_vpendbaser", mmio_read64(rd + GICR_VPENDBASER)), REG("ich_hcr_el2", read_sysreg(ICH_HCR_EL2)),
                  REG("ich_vmcr_el2", read_sysreg(ICH_VMCR_EL2)), NULL);

        its_alloc_init(&mem, pool, sizeof(pool));
        pend = its_alloc(&mem, NIDS / 8, 65536);
        prop = its_alloc(&mem, NIDS - LPI_INTID_BASE, 4096);
        vprop = its_alloc(&mem, NIDS - LPI_INTID_BASE, 4096);
        devtab = its_alloc(&mem, 4096, 4096);
        colltab = its_alloc(&mem, 4096, 4096);
        vpetab = its_alloc(&mem, 4096, 4096);
        cmdq = its_alloc(&mem, 4096, 4096);
        itt = its_alloc(&mem, 32 * 12, 256);
        itt_cpu = its_alloc(&mem, 32 * 12, 256);
        vpt = its_alloc(&mem, NIDS / 8, 65536);
        prop[LPI_PHYS - LPI_INTID_BASE] = LPI_PROP(0xa0, 1);
        set_vprop(V(0), 0xa0, 1);
        set_vprop(V(1), 0x80, 1);
        set_vprop(V(2), 0x40, 1);
        set_vprop(V(3), 0x60, 1);
        set_vprop(V_MSI, 0x20, 1);

        /* the physical side */
        mmio_write32(GICD_BASE + GICD_CTLR, GICD_CTLR_ENABLE_G1 | GICD_CTLR_ARE);
        el2_set_irq_handler(on_irq);
        el2_set_lower_sync_handler(on_hvc);
        gicr_wake(rd);
        gic_cpu_enable_el2();
        gicr_enable_lpis(rd, prop, IDBITS, pend);
        its_baser_setup((unsigned)dev_idx, (uint64_t)devtab, 1);
        its_baser_setup((unsigned)coll_idx, (uint64_t)colltab, 1);
        v = its_baser_setup((unsigned)vpe_idx, (uint64_t)vpetab, 1);
        its_queue_init(&q, cmdq, 1);
        gits_write32(GITS_CTLR, GITS_CTLR_ENABLED);
        printf("vPE table: GITS_BASER%d 0x%lx (offset 0x%lx in the pool); GITS_CTLR 0x%x\n", vpe_idx,
               v & ~0x0000fffffffff000UL, (v & 0x0000fffffffff000UL) - (uint64_t)pool, gits_read32(GITS_CTLR));

        its_cmd_mapc(&q, 0, 0, 1);
        its_cmd_vmapp(&q, VPEID, 0, (uint64_t)vpt, IDBITS, 1);
        its_cmd_mapd(&q, DEV, 4, (uint64_t)itt, 1);
        its_cmd_mapd(&q, DEV_CPU, 4, (uint64_t)itt_cpu, 1);
        for (unsigned e = 0; e < 4; e++)
                its_cmd_vmapti(&q, DEV, e, VPEID, V(e), INTID_SPURIOUS);
        its_cmd_vmapti(&q, DEV_CPU, EV_MSI, VPEID, V_MSI, INTID_SPURIOUS);
        its_cmd_mapti(&q, DEV, EV_PHYS, LPI_PHYS, 0);
        its_cmd_sync(&q, 0);
        its_cmd_vsync(&q, VPEID);
        its_batch(&q, "MAPC, VMAPP vPE 1 -> RD 0, 2 MAPD, 5 VMAPTI, MAPTI, SYNC, VSYNC");

        /* vPE 1 resident on redistributor 0 */
        mmio_write64(rd + GICR_VPROPBASER, GICR_PA_4K(vprop) | GICR_PROPBASER_IDBITS(IDBITS));
        mmio_write64(rd + GICR_VPENDBASER, GICR_PA_64K(vpt) | GICR_VPENDBASER_IDAI | GICR_VPENDBASER_VALID);
        dsb(sy);
        regs_dump("resident", REG("gicr_vpropbaser", mmio_read64(rd + GICR_VPROPBASER) - (uint64_t)vprop),
                  REG("gicr_vpendbaser", mmio_read64(rd + GICR_VPENDBASER) - (uint64_t)vpt), NULL);
        its_cmd_int(&q, DEV, 0);
        its_cmd_vsync(&q, VPEID);
        its_batch(&q, "INT event 0 (vINTID 8192, 0xa0), VSYNC");
        printf("  host at EL2 (IMO set): ICC_HPPIR1_EL1 %lu, ISR_EL1 0x%lx\n", read_sysreg(ICC_HPPIR1_EL1),
               read_sysreg(isr_el1));

        /* the guest */
        s2_init();
        vm_map_guest_image();
        s2_enable(1);
        write_sysreg(read_sysreg(hcr_el2) | HCR_EL2_IMO, hcr_el2);
        write_sysreg(0, ICH_VMCR_EL2);
        write_sysreg(ICH_HCR_EN, ICH_HCR_EL2);
        isb();
        v = guest_call(guest_main, 0);
        regs_dump("after-guest", REG("guest_x0", v), REG("ich_hcr_el2", read_sysreg(ICH_HCR_EL2)),
                  REG("ich_vmcr_el2", read_sysreg(ICH_VMCR_EL2)), REG("ich_ap1r0_el2", read_sysreg(ICH_AP1R0_EL2)),
                  REG("ich_elrsr_el2", read_sysreg(ICH_ELRSR_EL2)), REG("ich_misr_el2", read_sysreg(ICH_MISR_EL2)),
                  REG("icc_rpr_el1", read_sysreg(ICC_RPR_EL1)), NULL);
        write_sysreg(0, ICH_HCR_EL2);
        isb();

        printf("guest: ICC_SRE_EL1 0x%lx, ICV_CTLR_EL1 0x%lx, ICV_PMR_EL1 0x%lx -> 0x%lx, ICV_IGRPEN1_EL1 %lu -> %lu\n",
               rec.sre_el1, rec.ctlr, rec.pmr_reset, rec.pmr, rec.igrpen1_reset, rec.igrpen1);
        SHOW(0, V(0));
        SHOW(1, V_MSI, V(2), V(3), V(1));
        show_step(2, NULL, 0);
        SHOW(3, V(1));
        SHOW(4, V(3), V(2));
        show_step(5, NULL, 0);
        show_step(6, NULL, 0);
        printf("guest at the end: ICV_RPR_EL1 0x%lx, ICV_HPPIR1_EL1 %lu, ISR_EL1 0x%lx\n", rec.rpr_end, rec.hppir_end,
               rec.isr_end);
        printf("host: %u HVC exits, %u IRQ exits from the guest, %u IRQs at EL2; physical LPIs taken:", hvc_exits,
               host_irq_exits, host_irq_el2);
        for (unsigned i = 0; i < host_n && i < ARRAY_SIZE(host_log); i++)
                printf(" %u", host_log[i]);
        printf("\n");
        its_expect(hvc_exits == NSTEPS && host_irq_exits == 1 && host_irq_el2 == 0 && host_n == 1 && host_log[0] == LPI_PHYS,
               "one exit per step, one IRQ exit: the physical LPI");
        its_expect(rec.rpr_end == 0xff && rec.hppir_end == INTID_SPURIOUS, "nothing active or pending in the guest");

        /* descheduled */
        mmio_write64(rd + GICR_VPENDBASER, mmio_read64(rd + GICR_VPENDBASER) & ~GICR_VPENDBASER_VALID);
        for (unsigned i = 0; i < 100 && (mmio_read64(rd + GICR_VPENDBASER) & GICR_VPENDBASER_DIRTY); i++)
                __asm__ volatile("yield" ::: "memory");
        v = mmio_read64(rd + GICR_VPENDBASER);
        printf("descheduled: GICR_VPENDBASER 0x%lx (+ VPT), PendingLast %lu, Dirty %lu\n", v - (uint64_t)vpt,
               (v >> 61) & 1, (v >> 60) & 1);
        its_expect(!(v & (GICR_VPENDBASER_PENDINGLAST | GICR_VPENDBASER_VALID)), "nothing pending for the vPE");
        printf("queue timeouts %u\n%s\n", q.timeouts, its_failures() ? "FAIL" : "PASS");
        return its_failures() || q.timeouts ? STATUS_CHECK_FAILED : STATUS_OK;
}
