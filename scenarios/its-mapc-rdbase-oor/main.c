/*
 * its-mapc-rdbase-oor: MAPC with an RDbase beyond every PE (IHI 0069 5.3.9: with
 * GITS_TYPER.PTA = 0 RDbase is a processor number; one that is not implemented is the
 * command error MAPC_RDBASE_OOR, and a command with an error does not take effect). QEMU
 * 7.2 reads RDbase as bits [47:16] and keeps the low 16 bits before its range check, so
 * 0x10000 becomes processor 0 and the collection is mapped there. An INT to an event of
 * that collection follows, and the LPI pending at the CPU interface (ICC_HPPIR1_EL1) tells
 * which of the two happened. Not in the suite: the two sides differ by design.
 */
#include "its.h"

#define DEV             1
#define LPI_IDBITS      13
#define NLPIS           (1U << (LPI_IDBITS + 1))
#define LPI             8200

static uint8_t pool[64 * 1024] __attribute__((aligned(65536)));
static struct its_alloc mem;
static struct its_queue q;

int main(void)
{
        uint64_t rd = gicr_rd(0, GICR_STRIDE_V3), creadr;
        uint8_t *prop, *pend;
        int dev_idx = its_find_baser(GITS_BASER_TYPE_DEVICE), coll_idx = its_find_baser(GITS_BASER_TYPE_COLLECTION);

        if (dev_idx < 0 || coll_idx < 0) {
                printf("FAIL: no device or collection table to program\n");
                return STATUS_CHECK_FAILED;
        }
        its_alloc_init(&mem, pool, sizeof(pool));
        pend = its_alloc(&mem, NLPIS / 8, 65536);
        prop = its_alloc(&mem, NLPIS - LPI_INTID_BASE, 4096);
        prop[LPI - LPI_INTID_BASE] = LPI_PROP(0xa0, 1);
        mmio_write32(GICD_BASE + GICD_CTLR, GICD_CTLR_ENABLE_G1 | GICD_CTLR_ARE);
        gicr_wake(rd);
        gic_cpu_enable_el2();
        gicr_enable_lpis(rd, prop, LPI_IDBITS, pend);
        its_baser_setup((unsigned)dev_idx, (uint64_t)its_alloc(&mem, 4096, 4096), 1);
        its_baser_setup((unsigned)coll_idx, (uint64_t)its_alloc(&mem, 4096, 4096), 1);
        its_queue_init(&q, its_alloc(&mem, 4096, 4096), 1);
        gits_write32(GITS_CTLR, GITS_CTLR_ENABLED);

        its_cmd_mapd(&q, DEV, 4, (uint64_t)its_alloc(&mem, 32 * 12, 256), 1);
        its_cmd_mapc(&q, 1, 0x10000, 1);                /* processor 65536: there is none */
        its_cmd_mapti(&q, DEV, 0, LPI, 1);
        its_cmd_int(&q, DEV, 0);
        its_cmd_sync(&q, 0);
        creadr = its_flush(&q);
        printf("MAPD, MAPC ICID 1 -> RDbase 0x10000, MAPTI, INT, SYNC: GITS_CREADR 0x%lx\n", creadr);
        printf("ICC_HPPIR1_EL1 %lu (%s)\n", read_sysreg(s3_0_c12_c12_2),
               read_sysreg(s3_0_c12_c12_2) == LPI ? "the collection was mapped to PE 0" : "the MAPC was a command error");
        return 0;
}
