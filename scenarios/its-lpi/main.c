/*
 * its-lpi: the GICv3 ITS and physical LPIs on one CPU, programmed as the GIC architecture
 * specification (IHI 0069) describes them, taken at EL2.
 *  1. identification: GITS_CTLR/IIDR/TYPER/PIDR2, GITS_BASER<n> (each table's Type and
 *     Entry_Size, found by Type, not by index), GICD_TYPER.LPIS, GICR_TYPER, the reset values
 *     of GICR_CTLR/PROPBASER/PENDBASER;
 *  2. set-up: flat device and collection tables (4 KiB pages), a 4 KiB command queue, the ITS
 *     enabled; an LPI configuration table (IDbits 13: INTIDs up to 16383) and a zeroed pending
 *     table, GICR_CTLR.EnableLPIs;
 *  3. MAPC, MAPD (three devices, one with 14-bit EventIDs for MAPI), MAPTI, MAPI, SYNC;
 *  4. INT -> the LPI taken through ICC_IAR1_EL1 and ended through ICC_EOIR1_EL1; an MSI: a
 *     write of the EventID to GITS_TRANSLATER (DeviceID 0: the CPU's own writes);
 *  5. six LPIs of six priorities made pending with IRQs masked, taken in priority order;
 *  6. an LPI disabled in the configuration table + INV: an INT leaves it pending but not
 *     signalled; enabled again + INV: delivered;
 *  7. CLEAR removes a pending LPI; DISCARD removes a pending LPI and the mapping: a later INT
 *     does nothing (a guest error in QEMU's log, on purpose); the event mapped again works;
 *  8. MOVI to another collection of the same CPU, idle and with the LPI pending;
 *  9. a priority raised in the configuration table without INV (either priority may be used
 *     until an invalidation: the check accepts both), then INVALL + SYNC: the new one;
 * 10. GITS_CREADR after every batch of commands, the registers read back at the end.
 * Every wait for an LPI polls ICC_HPPIR1_EL1 (bounded) before IRQs are unmasked for one
 * instruction, so nothing depends on how long the ITS takes.
 */
#include "its.h"

#define DEV_A           5       /* MAPTI events 0-4 */
#define DEV_CPU         0       /* the DeviceID of the CPU's GITS_TRANSLATER writes */
#define DEV_MAPI        7       /* 14-bit EventIDs: MAPI maps EventID = pINTID */
#define LPI_IDBITS      13      /* GICR_PROPBASER.IDbits: INTIDs 8192-16383 */
#define NLPIS           (1U << (LPI_IDBITS + 1))
#define LPI_A(n)        (8200 + (n))
#define LPI_MSI         8210
#define LPI_REMAP       8205
#define LPI_MAPI        8192

static uint8_t pool[256 * 1024] __attribute__((aligned(65536)));
static struct its_alloc mem;
static struct its_queue q;
static uint8_t *prop;           /* LPI configuration table */
static uint8_t *pend;           /* LPI pending table */

static struct its_irq_log acks;

static enum exc_result on_irq(struct el2_frame *f)
{
        (void)f;
        its_log_irq(&acks);
        return EXC_HANDLED;
}

/* Waits for the first expected LPI at the CPU interface, prints ICC_HPPIR1_EL1, unmasks IRQs
 * for one instruction and compares the INTIDs acknowledged with want[0..n). */
static void take(const char *what, const uint32_t *want, unsigned n)
{
        its_take(&acks, what, want, n);
        its_expect(read_sysreg(ICC_HPPIR1_EL1) == INTID_SPURIOUS, "nothing left pending");
}
#define TAKE(what, ...) take(what, (const uint32_t[]){ __VA_ARGS__ }, sizeof((const uint32_t[]){ __VA_ARGS__ }) / 4)
#define TAKE_NONE(what) take(what, NULL, 0)

static void set_prop(unsigned intid, unsigned prio, int enable)
{
        prop[intid - LPI_INTID_BASE] = LPI_PROP(prio, enable);
        dsb(sy);
}

int main(void)
{
        uint64_t rd = gicr_rd(0, GICR_STRIDE_V3);
        uint64_t typer = gits_read64(GITS_TYPER);
        int dev_idx = -1, coll_idx = -1;
        uint64_t baser[8], v, hppir;
        void *devtab, *colltab, *cmdq, *itt_a, *itt_cpu, *itt_mapi;

        printf("its-lpi: GICv3 ITS at 0x%lx, GITS_TRANSLATER 0x%lx, redistributor 0x%lx\n", GITS_BASE,
               GITS_TRANSLATER_PA, rd);

        /* 1. identification */
        regs_dump("its-id", REG("gits_ctlr", gits_read32(GITS_CTLR)), REG("gits_iidr", gits_read32(GITS_IIDR)),
                  REG("gits_typer", typer), REG("gits_pidr2", gits_read32(GITS_PIDR2)),
                  REG("gits_cbaser", gits_read64(GITS_CBASER)), REG("gits_cwriter", gits_read64(GITS_CWRITER)),
                  REG("gits_creadr", gits_read64(GITS_CREADR)), NULL);
        printf("GITS_TYPER: Physical %lu Virtual %lu ITT_entry_size %lu IDbits %lu Devbits %lu PTA %lu CIL %lu CIDbits %lu\n",
               typer & 1, (typer >> 1) & 1, GITS_TYPER_ITT_ENTRY_SIZE(typer), GITS_TYPER_IDBITS(typer),
               GITS_TYPER_DEVBITS(typer), (typer >> 19) & 1, (typer >> 36) & 1, GITS_TYPER_CIDBITS(typer));
        its_expect(typer & GITS_TYPER_PHYSICAL, "GITS_TYPER.Physical");
        its_expect(!(typer & GITS_TYPER_PTA), "GITS_TYPER.PTA = 0 (RDbase is a processor number)");
        for (unsigned n = 0; n < 8; n++) {
                baser[n] = gits_read64(GITS_BASER(n));
                if (GITS_BASER_TYPE(baser[n]) == GITS_BASER_TYPE_DEVICE && dev_idx < 0)
                        dev_idx = (int)n;
                if (GITS_BASER_TYPE(baser[n]) == GITS_BASER_TYPE_COLLECTION && coll_idx < 0)
                        coll_idx = (int)n;
        }
        regs_dump("its-baser-reset", REG("baser0", baser[0]), REG("baser1", baser[1]), REG("baser2", baser[2]),
                  REG("baser3", baser[3]), REG("baser4", baser[4]), REG("baser5", baser[5]), REG("baser6", baser[6]),
                  REG("baser7", baser[7]), NULL);
        printf("device table: GITS_BASER%d (entry %lu bytes), collection table: GITS_BASER%d (entry %lu bytes)\n",
               dev_idx, dev_idx >= 0 ? GITS_BASER_ENTRY_SIZE(baser[dev_idx]) : 0, coll_idx,
               coll_idx >= 0 ? GITS_BASER_ENTRY_SIZE(baser[coll_idx]) : 0);
        if (dev_idx < 0 || coll_idx < 0) {
                printf("FAIL: no device or collection table to program\n");
                return STATUS_CHECK_FAILED;
        }
        regs_dump("gic-lpi-reset", REG("gicd_typer", mmio_read32(GICD_BASE + GICD_TYPER)),
                  REG("gicr_typer", mmio_read64(rd + GICR_TYPER)), REG("gicr_ctlr", mmio_read32(rd + GICR_CTLR)),
                  REG("gicr_propbaser", mmio_read64(rd + GICR_PROPBASER)),
                  REG("gicr_pendbaser", mmio_read64(rd + GICR_PENDBASER)), NULL);
        its_expect(mmio_read32(GICD_BASE + GICD_TYPER) & GICD_TYPER_LPIS, "GICD_TYPER.LPIS");
        its_expect(mmio_read64(rd + GICR_TYPER) & GICR_TYPER_PLPIS, "GICR_TYPER.PLPIS");

        /* 2. the GIC, the ITS tables and queue, the LPI tables */
        mmio_write32(GICD_BASE + GICD_CTLR, GICD_CTLR_ENABLE_G1 | GICD_CTLR_ARE);
        gicr_wake(rd);
        el2_set_irq_handler(on_irq);
        gic_cpu_enable_el2();

        its_alloc_init(&mem, pool, sizeof(pool));
        pend = its_alloc(&mem, NLPIS / 8, 65536);
        prop = its_alloc(&mem, NLPIS - LPI_INTID_BASE, 4096);
        devtab = its_alloc(&mem, 4096, 4096);
        colltab = its_alloc(&mem, 4096, 4096);
        cmdq = its_alloc(&mem, 4096, 4096);
        itt_a = its_alloc(&mem, 32 * 12, 256);
        itt_cpu = its_alloc(&mem, 32 * 12, 256);
        itt_mapi = its_alloc(&mem, (1U << 14) * 12, 256);

        baser[dev_idx] = its_baser_setup((unsigned)dev_idx, (uint64_t)devtab, 1);
        baser[coll_idx] = its_baser_setup((unsigned)coll_idx, (uint64_t)colltab, 1);
        its_queue_init(&q, cmdq, 1);
        its_expect((baser[dev_idx] & 0x3ff) == 0 && (baser[dev_idx] & 0x0000fffffffff000UL) == (uint64_t)devtab &&
               (baser[dev_idx] & GITS_BASER_VALID), "device table: 4 KiB pages, address and Valid kept");
        its_expect((baser[coll_idx] & 0x3ff) == 0 && (baser[coll_idx] & 0x0000fffffffff000UL) == (uint64_t)colltab &&
               (baser[coll_idx] & GITS_BASER_VALID), "collection table: 4 KiB pages, address and Valid kept");
        gits_write32(GITS_CTLR, GITS_CTLR_ENABLED);
        regs_dump("its-enabled", REG("gits_ctlr", gits_read32(GITS_CTLR)), REG("device_baser", baser[dev_idx]),
                  REG("collection_baser", baser[coll_idx]),
                  REG("gits_cbaser", gits_read64(GITS_CBASER) - (uint64_t)cmdq),
                  REG("gits_creadr", gits_read64(GITS_CREADR)), REG("gits_cwriter", gits_read64(GITS_CWRITER)), NULL);
        printf("tables (offsets in the pool): pending 0x%lx config 0x%lx device 0x%lx collection 0x%lx queue 0x%lx\n",
               (uint64_t)pend - (uint64_t)pool, (uint64_t)prop - (uint64_t)pool, (uint64_t)devtab - (uint64_t)pool,
               (uint64_t)colltab - (uint64_t)pool, (uint64_t)cmdq - (uint64_t)pool);

        set_prop(LPI_A(0), 0x90, 1);
        set_prop(LPI_A(1), 0xa0, 1);
        set_prop(LPI_A(2), 0x40, 1);
        set_prop(LPI_A(3), 0x80, 1);
        set_prop(LPI_A(4), 0x20, 1);
        set_prop(LPI_REMAP, 0x50, 1);
        set_prop(LPI_MSI, 0x60, 1);
        set_prop(LPI_MAPI, 0xc0, 1);
        v = gicr_enable_lpis(rd, prop, LPI_IDBITS, pend);
        regs_dump("gicr-lpis-enabled", REG("gicr_ctlr", v), REG("gicr_propbaser", mmio_read64(rd + GICR_PROPBASER) - (uint64_t)prop),
                  REG("gicr_pendbaser", mmio_read64(rd + GICR_PENDBASER) - (uint64_t)pend), NULL);
        its_expect(v & GICR_CTLR_ENABLE_LPIS, "GICR_CTLR.EnableLPIs set");

        /* 3. mappings: two collections on this CPU, three devices */
        printf("mappings:\n");
        its_cmd_mapc(&q, 0, 0, 1);
        its_cmd_mapc(&q, 1, 0, 1);
        its_cmd_mapd(&q, DEV_A, 4, (uint64_t)itt_a, 1);
        its_cmd_mapd(&q, DEV_CPU, 4, (uint64_t)itt_cpu, 1);
        its_cmd_mapd(&q, DEV_MAPI, 13, (uint64_t)itt_mapi, 1);
        for (unsigned e = 0; e < 5; e++)
                its_cmd_mapti(&q, DEV_A, e, LPI_A(e), 0);
        its_cmd_mapti(&q, DEV_CPU, 3, LPI_MSI, 0);
        its_cmd_mapi(&q, DEV_MAPI, LPI_MAPI, 0);
        its_cmd_sync(&q, 0);
        its_batch(&q, "2 MAPC, 3 MAPD, 6 MAPTI, MAPI, SYNC");

        /* 4. INT and an MSI through GITS_TRANSLATER */
        its_cmd_int(&q, DEV_A, 0);
        its_cmd_sync(&q, 0);
        its_batch(&q, "INT device 5 event 0, SYNC");
        TAKE("INT", LPI_A(0));
        its_translater_write(3);
        TAKE("GITS_TRANSLATER <- 3 (DeviceID 0)", LPI_MSI);

        /* 5. priority order */
        its_cmd_int(&q, DEV_A, 1);
        its_cmd_int(&q, DEV_A, 2);
        its_cmd_int(&q, DEV_A, 3);
        its_cmd_int(&q, DEV_A, 4);
        its_cmd_int(&q, DEV_MAPI, LPI_MAPI);
        its_cmd_sync(&q, 0);
        its_batch(&q, "5 INT, SYNC");
        its_translater_write(3);
        TAKE("six pending (0xa0 0x40 0x80 0x20 0xc0, MSI 0x60)", LPI_A(4), LPI_A(2), LPI_MSI, LPI_A(3), LPI_A(1),
             LPI_MAPI);

        /* 6. disabled in the configuration table: stays pending, signalled once enabled */
        set_prop(LPI_A(1), 0xa0, 0);
        its_cmd_inv(&q, DEV_A, 1);
        its_cmd_int(&q, DEV_A, 1);
        its_cmd_sync(&q, 0);
        its_batch(&q, "config Enable = 0, INV, INT, SYNC");
        TAKE_NONE("disabled LPI");
        set_prop(LPI_A(1), 0xa0, 1);
        its_cmd_inv(&q, DEV_A, 1);
        its_cmd_sync(&q, 0);
        its_batch(&q, "config Enable = 1, INV, SYNC");
        TAKE("enabled again", LPI_A(1));

        /* 7. CLEAR; DISCARD; the event mapped again */
        its_cmd_int(&q, DEV_A, 0);
        its_cmd_sync(&q, 0);
        its_batch(&q, "INT, SYNC");
        hppir = gic_wait_hppir1(LPI_A(0));
        its_cmd_clear(&q, DEV_A, 0);
        its_cmd_sync(&q, 0);
        its_batch(&q, "CLEAR, SYNC");
        printf("CLEAR: HPPIR1 %lu before, %lu after\n", hppir, read_sysreg(ICC_HPPIR1_EL1));
        its_expect(hppir == LPI_A(0), "pending before CLEAR");
        TAKE_NONE("after CLEAR");
        its_cmd_int(&q, DEV_A, 2);
        its_cmd_sync(&q, 0);
        its_batch(&q, "INT, SYNC");
        hppir = gic_wait_hppir1(LPI_A(2));
        its_cmd_discard(&q, DEV_A, 2);
        its_cmd_sync(&q, 0);
        its_batch(&q, "DISCARD, SYNC");
        printf("DISCARD: HPPIR1 %lu before, %lu after\n", hppir, read_sysreg(ICC_HPPIR1_EL1));
        its_expect(hppir == LPI_A(2), "pending before DISCARD");
        TAKE_NONE("after DISCARD");
        its_cmd_int(&q, DEV_A, 2);
        its_cmd_sync(&q, 0);
        its_batch(&q, "INT of the discarded event, SYNC");
        TAKE_NONE("discarded event");
        its_cmd_mapti(&q, DEV_A, 2, LPI_REMAP, 0);
        its_cmd_int(&q, DEV_A, 2);
        its_cmd_sync(&q, 0);
        its_batch(&q, "MAPTI event 2 -> 8205, INT, SYNC");
        TAKE("mapped again", LPI_REMAP);

        /* 8. MOVI to collection 1 (the same CPU) */
        its_cmd_movi(&q, DEV_A, 3, 1);
        its_cmd_int(&q, DEV_A, 3);
        its_cmd_sync(&q, 0);
        its_batch(&q, "MOVI event 3 -> ICID 1, INT, SYNC");
        TAKE("after MOVI", LPI_A(3));
        its_cmd_int(&q, DEV_A, 4);
        its_cmd_movi(&q, DEV_A, 4, 1);
        its_cmd_sync(&q, 0);
        its_batch(&q, "INT event 4, MOVI event 4 -> ICID 1 (pending), SYNC");
        TAKE("pending across MOVI", LPI_A(4));

        /* 9. a configuration change without invalidation, then INVALL */
        its_cmd_int(&q, DEV_A, 1);
        its_cmd_int(&q, DEV_A, 3);
        its_cmd_sync(&q, 0);
        its_batch(&q, "INT events 1 (0xa0) and 3 (0x80), SYNC");
        hppir = gic_wait_hppir1(LPI_A(3));
        set_prop(LPI_A(1), 0x10, 1);
        /* The redistributor may go on using the configuration it cached until an INV or
         * INVALL (IHI 0069 5.1.1): ICC_HPPIR1_EL1 may show either LPI here. */
        v = read_sysreg(ICC_HPPIR1_EL1);
        printf("priority of 8201 raised to 0x10 without INV: HPPIR1 %lu before, %lu after (8203 or 8201 allowed)\n",
               hppir, v);
        its_expect(hppir == LPI_A(3) && (v == LPI_A(3) || v == LPI_A(1)), "either configuration before INVALL");
        its_cmd_invall(&q, 0);
        its_cmd_sync(&q, 0);
        its_batch(&q, "INVALL ICID 0, SYNC");
        TAKE("after INVALL", LPI_A(1), LPI_A(3));
        set_prop(LPI_A(1), 0xa0, 1);
        its_cmd_inv(&q, DEV_A, 1);
        its_cmd_sync(&q, 0);
        its_batch(&q, "config 0xa0 again, INV, SYNC");

        /* 10. the state at the end */
        regs_dump("end", REG("gits_ctlr", gits_read32(GITS_CTLR)), REG("gits_creadr", gits_read64(GITS_CREADR)),
                  REG("gits_cwriter", gits_read64(GITS_CWRITER)), REG("gicr_ctlr", mmio_read32(rd + GICR_CTLR)),
                  REG("gicr_propbaser", mmio_read64(rd + GICR_PROPBASER) - (uint64_t)prop),
                  REG("gicr_pendbaser", mmio_read64(rd + GICR_PENDBASER) - (uint64_t)pend),
                  REG("icc_hppir1_el1", read_sysreg(ICC_HPPIR1_EL1)), REG("icc_rpr_el1", read_sysreg(ICC_RPR_EL1)),
                  NULL);
        printf("%u LPIs taken, %u spurious, %u queue timeouts\n", acks.n, acks.spurious, q.timeouts);
        its_expect(acks.spurious == 0 && q.timeouts == 0, "no acks.spurious interrupt, no queue timeout");
        printf("%s\n", its_failures() ? "FAIL" : "PASS");
        return its_failures() ? STATUS_CHECK_FAILED : STATUS_OK;
}
