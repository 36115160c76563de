/*
 * its-errors: GICv3 ITS commands with bad parameters (IHI 0069 5.3: command errors are
 * CONSTRAINED UNPREDICTABLE: the ITS either ignores the command or stalls the queue; QEMU
 * 7.2 ignores it and goes on). Every bad command is followed by a valid one whose effect is
 * checked (an LPI taken at EL2), so each batch shows that the queue kept going, and by an
 * INT that shows the bad command changed nothing:
 *  1. MAPD with a DeviceID beyond the device table (512 entries) and beyond GITS_TYPER.Devbits;
 *  2. MAPD with a Size beyond GITS_TYPER.IDbits;
 *  3. MAPTI with a pINTID below 8192 and one beyond GITS_TYPER.IDbits;
 *  4. MAPC and MAPTI with an ICID beyond the collection table (512 entries);
 *  5. INT of an event never mapped, of a device never mapped;
 *  6. MAPC to an RDbase (processor number) that does not exist, and an INT to the collection
 *     left unmapped; the collection mapped properly, the next INT works;
 *  7. MAPTI and INT with EventID >= 2^(Size + 1);
 *  8. command numbers the architecture does not define;
 *  9. a GITS_TRANSLATER write of an unmapped EventID;
 * 10. GITS_BASER<n> and GITS_CBASER written while the ITS is enabled (UNPREDICTABLE in the
 *     spec; QEMU ignores the writes: read back unchanged, GITS_CREADR kept);
 * 11. the ITS disabled, its device table moved outside RAM and enabled again: a MAPD that
 *     has to write the table gets an external abort and QEMU stalls the queue
 *     (GITS_CREADR.Stalled, the offset stays at the MAPD; how an ITS reports such an abort
 *     is IMPLEMENTATION DEFINED), also after GITS_CWRITER.Retry; then a command queue
 *     outside RAM; recovery: disabled, tables back, GITS_CBASER written again (GITS_CREADR
 *     back to 0), enabled: the old mappings work.
 * QEMU's -d guest_errors log gets one line for each bad command, on purpose.
 */
#include "its.h"

#define DEV             5       /* 32 events */
#define DEV_CPU         0
#define DEV_BADSIZE     6
#define LPI_IDBITS      13
#define NLPIS           (1U << (LPI_IDBITS + 1))
#define LPI(n)          (8200 + (n))
#define LPI_MSI         8209
#define OUTSIDE_RAM     0x50000000UL    /* 256 MiB of RAM end here; nothing is mapped above */

static uint8_t pool[128 * 1024] __attribute__((aligned(65536)));
static struct its_alloc mem;
static struct its_queue q;
static uint8_t *prop, *pend;
static struct its_irq_log acks;

static enum exc_result on_irq(struct el2_frame *f)
{
        (void)f;
        its_log_irq(&acks);
        return EXC_HANDLED;
}

static void take(const char *what, const uint32_t *want, unsigned n)
{
        printf("  ");
        its_take(&acks, what, want, n);
}
#define TAKE(what, ...) take(what, (const uint32_t[]){ __VA_ARGS__ }, sizeof((const uint32_t[]){ __VA_ARGS__ }) / 4)

/* Hands the batch to the ITS: GITS_CREADR must have passed every command of it. */
static void batch(const char *what, unsigned ncmds)
{
        uint64_t before = gits_read64(GITS_CREADR), r = its_flush(&q);

        printf("%s: %u commands, GITS_CREADR 0x%lx -> 0x%lx\n", what, ncmds, before, r);
        its_expect(r == ((before + ncmds * ITS_CMD_BYTES) % (q.entries * ITS_CMD_BYTES)), "the queue went past them all");
}

static void set_prop(unsigned intid, unsigned prio)
{
        prop[intid - LPI_INTID_BASE] = LPI_PROP(prio, 1);
        dsb(sy);
}

int main(void)
{
        uint64_t rd = gicr_rd(0, GICR_STRIDE_V3);
        uint64_t typer = gits_read64(GITS_TYPER), v, w, r;
        int dev_idx = -1, coll_idx = -1;
        void *devtab, *colltab, *cmdq, *itt, *itt_cpu, *itt_bad;
        uint64_t dev_baser, coll_baser, cbaser;

        printf("its-errors: GITS_TYPER 0x%016lx (Devbits %lu, IDbits %lu, CIDbits %lu)\n", typer,
               GITS_TYPER_DEVBITS(typer), GITS_TYPER_IDBITS(typer), GITS_TYPER_CIDBITS(typer));
        dev_idx = its_find_baser(GITS_BASER_TYPE_DEVICE);
        coll_idx = its_find_baser(GITS_BASER_TYPE_COLLECTION);
        if (dev_idx < 0 || coll_idx < 0) {
                printf("FAIL: no device or collection table to program\n");
                return STATUS_CHECK_FAILED;
        }

        its_alloc_init(&mem, pool, sizeof(pool));
        pend = its_alloc(&mem, NLPIS / 8, 65536);
        prop = its_alloc(&mem, NLPIS - LPI_INTID_BASE, 4096);
        devtab = its_alloc(&mem, 4096, 4096);
        colltab = its_alloc(&mem, 4096, 4096);
        cmdq = its_alloc(&mem, 4096, 4096);
        itt = its_alloc(&mem, 32 * 12, 256);
        itt_cpu = its_alloc(&mem, 32 * 12, 256);
        itt_bad = its_alloc(&mem, 32 * 12, 256);
        for (unsigned n = 0; n < 8; n++)
                set_prop(LPI(n), 0xa0);
        set_prop(LPI_MSI, 0xa0);

        mmio_write32(GICD_BASE + GICD_CTLR, GICD_CTLR_ENABLE_G1 | GICD_CTLR_ARE);
        el2_set_irq_handler(on_irq);
        gicr_wake(rd);
        gic_cpu_enable_el2();
        gicr_enable_lpis(rd, prop, LPI_IDBITS, pend);
        dev_baser = its_baser_setup((unsigned)dev_idx, (uint64_t)devtab, 1);
        coll_baser = its_baser_setup((unsigned)coll_idx, (uint64_t)colltab, 1);
        its_queue_init(&q, cmdq, 1);
        cbaser = gits_read64(GITS_CBASER);
        gits_write32(GITS_CTLR, GITS_CTLR_ENABLED);
        printf("device table 1 page of 4 KiB (%lu entries), collection table 1 page (%lu entries), queue %u commands\n",
               4096 / GITS_BASER_ENTRY_SIZE(dev_baser), 4096 / GITS_BASER_ENTRY_SIZE(coll_baser), q.entries);

        its_cmd_mapc(&q, 0, 0, 1);
        its_cmd_mapd(&q, DEV, 4, (uint64_t)itt, 1);
        its_cmd_mapd(&q, DEV_CPU, 4, (uint64_t)itt_cpu, 1);
        its_cmd_mapti(&q, DEV, 0, LPI(0), 0);
        its_cmd_mapti(&q, DEV_CPU, 3, LPI_MSI, 0);
        its_cmd_sync(&q, 0);
        batch("set-up: MAPC, 2 MAPD, 2 MAPTI, SYNC", 6);
        its_cmd_int(&q, DEV, 0);
        its_cmd_sync(&q, 0);
        batch("INT (5, 0), SYNC", 2);
        TAKE("valid INT", LPI(0));

        /* 1. DeviceID out of range */
        its_cmd_mapd(&q, 600, 4, (uint64_t)itt_bad, 1);
        its_cmd_mapti(&q, 600, 0, LPI(6), 0);
        its_cmd_int(&q, 600, 0);
        its_cmd_mapd(&q, 0x10000, 4, (uint64_t)itt_bad, 1);
        its_cmd_mapti(&q, 0x10000, 0, LPI(6), 0);
        its_cmd_int(&q, 0x10000, 0);
        its_cmd_int(&q, DEV, 0);
        its_cmd_sync(&q, 0);
        batch("1. MAPD/MAPTI/INT DeviceID 600 (> table) and 0x10000 (> Devbits), INT (5, 0), SYNC", 8);
        TAKE("only the valid INT", LPI(0));

        /* 2. Size beyond IDbits */
        its_cmd_mapd(&q, DEV_BADSIZE, 16, (uint64_t)itt_bad, 1);
        its_cmd_mapti(&q, DEV_BADSIZE, 0, LPI(6), 0);
        its_cmd_int(&q, DEV_BADSIZE, 0);
        its_cmd_int(&q, DEV, 0);
        its_cmd_sync(&q, 0);
        batch("2. MAPD device 6 Size 16 (17 bits > IDbits), MAPTI, INT (6, 0), INT (5, 0), SYNC", 5);
        TAKE("only the valid INT", LPI(0));

        /* 3. pINTID out of range */
        its_cmd_mapti(&q, DEV, 1, 8191, 0);
        its_cmd_int(&q, DEV, 1);
        its_cmd_mapti(&q, DEV, 2, 0x10000, 0);
        its_cmd_int(&q, DEV, 2);
        its_cmd_mapti(&q, DEV, 3, LPI(3), 0);
        its_cmd_int(&q, DEV, 3);
        its_cmd_sync(&q, 0);
        batch("3. MAPTI (5, 1) pINTID 8191, INT, MAPTI (5, 2) pINTID 0x10000, INT, MAPTI (5, 3) 8203, INT, SYNC", 7);
        TAKE("only event 3", LPI(3));

        /* 4. ICID beyond the collection table */
        its_cmd_mapc(&q, 600, 0, 1);
        its_cmd_mapti(&q, DEV, 4, LPI(4), 600);
        its_cmd_int(&q, DEV, 4);
        its_cmd_mapti(&q, DEV, 4, LPI(4), 0);
        its_cmd_int(&q, DEV, 4);
        its_cmd_sync(&q, 0);
        batch("4. MAPC ICID 600, MAPTI (5, 4) ICID 600, INT, MAPTI (5, 4) ICID 0, INT, SYNC", 6);
        TAKE("only the INT after the valid MAPTI", LPI(4));

        /* 5. unmapped event and device */
        its_cmd_int(&q, DEV, 7);
        its_cmd_int(&q, 9, 0);
        its_cmd_clear(&q, DEV, 7);
        its_cmd_int(&q, DEV, 0);
        its_cmd_sync(&q, 0);
        batch("5. INT (5, 7) unmapped event, INT (9, 0) unmapped device, CLEAR (5, 7), INT (5, 0), SYNC", 5);
        TAKE("only the valid INT", LPI(0));

        /* 6. RDbase that does not exist */
        its_cmd_mapc(&q, 2, 5, 1);
        its_cmd_mapti(&q, DEV, 5, LPI(5), 2);
        its_cmd_int(&q, DEV, 5);
        its_cmd_mapc(&q, 2, 0, 1);
        its_cmd_sync(&q, 0);
        batch("6. MAPC ICID 2 -> RDbase 5 (1 CPU), MAPTI (5, 5) ICID 2, INT, MAPC ICID 2 -> RDbase 0, SYNC", 5);
        take("the INT to the unmapped collection is lost", NULL, 0);
        its_cmd_int(&q, DEV, 5);
        its_cmd_sync(&q, 0);
        batch("   INT (5, 5), SYNC", 2);
        TAKE("collection 2 mapped", LPI(5));

        /* 7. EventID beyond the device's Size */
        its_cmd_mapti(&q, DEV, 32, LPI(7), 0);
        its_cmd_int(&q, DEV, 32);
        its_cmd_int(&q, DEV, 0xffffffff);
        its_cmd_int(&q, DEV, 0);
        its_cmd_sync(&q, 0);
        batch("7. MAPTI (5, 32) (Size 4: 32 events), INT (5, 32), INT (5, 0xffffffff), INT (5, 0), SYNC", 5);
        TAKE("only the valid INT", LPI(0));

        /* 8. undefined command numbers */
        its_put(&q, 0x00 | ITS_DW0_DEVID(DEV), 0, 0, 0);
        its_put(&q, 0x3f | ITS_DW0_DEVID(DEV), 0, 0, 0);
        its_put(&q, 0x02 | ITS_DW0_DEVID(DEV), 0, 0, 0);
        its_cmd_int(&q, DEV, 0);
        its_cmd_sync(&q, 0);
        batch("8. command numbers 0x00, 0x3f, 0x02, INT (5, 0), SYNC", 5);
        TAKE("only the valid INT", LPI(0));

        /* 9. an MSI of an unmapped event */
        its_translater_write(7);
        its_translater_write(3);
        TAKE("9. GITS_TRANSLATER <- 7 (unmapped), <- 3", LPI_MSI);

        /* 10. registers written while the ITS is enabled */
        v = gits_read64(GITS_BASER(dev_idx));
        gits_write64(GITS_BASER(dev_idx), (v & ~0x0000fffffffff0ffUL) | (uint64_t)itt_bad | 3);
        w = gits_read64(GITS_BASER(dev_idx));
        r = gits_read64(GITS_CREADR);
        gits_write64(GITS_CBASER, GITS_CBASER_VALID | (uint64_t)itt_bad | 1);
        printf("10. GITS_BASER%d 0x%lx written while enabled: reads 0x%lx; GITS_CBASER written: reads 0x%lx, "
               "GITS_CREADR 0x%lx -> 0x%lx\n", dev_idx, (v & ~0x0000fffffffff0ffUL) | (uint64_t)itt_bad | 3, w,
               gits_read64(GITS_CBASER), r, gits_read64(GITS_CREADR));
        its_expect(w == v && gits_read64(GITS_CBASER) == cbaser && gits_read64(GITS_CREADR) == r,
               "QEMU: BASER and CBASER read-only while enabled");
        its_cmd_int(&q, DEV, 0);
        its_cmd_sync(&q, 0);
        batch("    INT (5, 0), SYNC", 2);
        TAKE("the old tables are in use", LPI(0));

        /* 11. external aborts on the device table and on the command queue */
        gits_write32(GITS_CTLR, 0);
        for (unsigned i = 0; i < 100 && !(gits_read32(GITS_CTLR) & GITS_CTLR_QUIESCENT); i++)
                __asm__ volatile("yield" ::: "memory");
        v = its_baser_setup((unsigned)dev_idx, OUTSIDE_RAM, 1);
        printf("11. ITS disabled: GITS_CTLR 0x%x; device table at 0x%lx: GITS_BASER%d 0x%lx\n", gits_read32(GITS_CTLR),
               OUTSIDE_RAM, dev_idx, v);
        gits_write32(GITS_CTLR, GITS_CTLR_ENABLED);
        r = gits_read64(GITS_CREADR);
        its_cmd_mapd(&q, 8, 4, (uint64_t)itt_bad, 1);
        its_cmd_mapc(&q, 3, 0, 1);
        its_cmd_sync(&q, 0);
        w = its_flush(&q);
        printf("    MAPD (device table outside RAM), MAPC, SYNC: GITS_CREADR 0x%lx -> 0x%lx (Stalled %lu), GITS_CWRITER 0x%lx\n",
               r, w, w & GITS_CREADR_STALLED, gits_read64(GITS_CWRITER));
        its_expect(w == (r | GITS_CREADR_STALLED), "QEMU: stalled at the MAPD");
        gits_write64(GITS_CWRITER, gits_read64(GITS_CWRITER) | GITS_CWRITER_RETRY);
        printf("    GITS_CWRITER.Retry: GITS_CREADR 0x%lx, GITS_CWRITER 0x%lx\n", gits_read64(GITS_CREADR),
               gits_read64(GITS_CWRITER));
        its_expect(gits_read64(GITS_CREADR) == (r | GITS_CREADR_STALLED), "QEMU: stalled again at the MAPD");

        gits_write32(GITS_CTLR, 0);
        its_baser_setup((unsigned)dev_idx, (uint64_t)devtab, 1);
        gits_write64(GITS_CBASER, GITS_CBASER_VALID | OUTSIDE_RAM);
        gits_write64(GITS_CWRITER, 0);
        printf("    queue at 0x%lx: GITS_CBASER 0x%lx, GITS_CREADR 0x%lx\n", OUTSIDE_RAM, gits_read64(GITS_CBASER),
               gits_read64(GITS_CREADR));
        gits_write32(GITS_CTLR, GITS_CTLR_ENABLED);
        gits_write64(GITS_CWRITER, 2 * ITS_CMD_BYTES);
        dsb(sy);
        printf("    GITS_CWRITER 0x40 with the queue outside RAM: GITS_CREADR 0x%lx\n", gits_read64(GITS_CREADR));

        gits_write32(GITS_CTLR, 0);
        its_queue_init(&q, cmdq, 1);
        gits_write32(GITS_CTLR, GITS_CTLR_ENABLED);
        printf("    recovered: GITS_CBASER 0x%lx, GITS_CREADR 0x%lx, GITS_CWRITER 0x%lx, GITS_CTLR 0x%x\n",
               gits_read64(GITS_CBASER) - (uint64_t)cmdq, gits_read64(GITS_CREADR), gits_read64(GITS_CWRITER),
               gits_read32(GITS_CTLR));
        its_expect(gits_read64(GITS_CREADR) == 0, "GITS_CREADR 0 after GITS_CBASER is written");
        its_cmd_int(&q, DEV, 0);
        its_cmd_int(&q, DEV_CPU, 3);
        its_cmd_sync(&q, 0);
        batch("    INT (5, 0), INT (0, 3), SYNC", 3);
        TAKE("the mappings survived", LPI(0), LPI_MSI);

        printf("%u LPIs taken, %u spurious, %u queue timeouts\n", acks.n, acks.spurious, q.timeouts);
        its_expect(acks.spurious == 0 && q.timeouts == 0, "no acks.spurious interrupt, no queue timeout");
        printf("%s\n", its_failures() ? "FAIL" : "PASS");
        return its_failures() ? STATUS_CHECK_FAILED : STATUS_OK;
}
