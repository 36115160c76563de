/*
 * GICv3 ITS, physical LPIs and GICv4.0 virtual LPIs (Arm GIC architecture specification
 * IHI 0069: chapter 5 for the ITS and its command formats, 5.1 for the LPI configuration
 * and pending tables, GICR_PROPBASER/PENDBASER, GICv4 GICR_VPROPBASER/VPENDBASER).
 *
 * Header only (static inline): the runtime's core objects are linked into every image, and
 * this must not change the images that do not use it. Include it from host (EL2) code.
 *
 *   - board addresses (QEMU virt): GICD, the ITS control frame and GITS_TRANSLATER, the
 *     redistributors (a stride of 0x20000 for GICv3, 0x40000 for GICv4: RD, SGI, VLPI and a
 *     reserved frame);
 *   - its_alloc: a bump allocator over memory the scenario provides (a zeroed, aligned
 *     static array: .bss is cleared by start.S), for the ITS tables, the ITTs, the command
 *     queue and the LPI configuration/pending tables;
 *   - its_queue: the command queue (GITS_CBASER/CWRITER/CREADR) and one builder per command
 *     (its_cmd_*: they only queue; its_flush writes GITS_CWRITER and waits for GITS_CREADR);
 *   - helpers for a redistributor's LPI tables and the CPU interface at EL2.
 *
 * Every table and the queue are given InnerCache = 0 / Shareability = 0 (Device-nGnRnE,
 * non-shareable): the images run with the MMU off, so the CPU's own accesses are Device
 * accesses too and nothing needs cleaning.
 */
#ifndef S2DIFF_ITS_H
#define S2DIFF_ITS_H

#include "runtime.h"

/* ------------------------------------------------------------------------------
 * Board (QEMU virt)
 * ------------------------------------------------------------------------------ */
#define GICD_BASE               0x08000000UL
#define GITS_BASE               0x08080000UL    /* ITS control frame (64 KiB) */
#define GITS_TRANS_BASE         (GITS_BASE + 0x10000UL)         /* translation frame */
#define GITS_TRANSLATER_PA      (GITS_TRANS_BASE + 0x40)
#define GICR_BASE               0x080a0000UL
#define GICR_STRIDE_V3          0x20000UL       /* RD_base + SGI_base */
#define GICR_STRIDE_V4          0x40000UL       /* + VLPI_base + reserved */
#define GICR_SGI_OFFSET         0x10000UL
#define GICR_VLPI_OFFSET        0x20000UL

/* ------------------------------------------------------------------------------
 * GIC registers
 * ------------------------------------------------------------------------------ */
#define GICD_CTLR               0x0000
#define GICD_TYPER              0x0004
#define GICD_IIDR               0x0008
#define GICD_CTLR_ENABLE_G1     BIT(1)          /* EnableGrp1 (DS = 1: the only group 1) */
#define GICD_CTLR_ARE           BIT(4)
#define GICD_TYPER_LPIS         BIT(17)

#define GICR_CTLR               0x0000
#define GICR_IIDR               0x0004
#define GICR_TYPER              0x0008
#define GICR_WAKER              0x0014
#define GICR_PROPBASER          0x0070
#define GICR_PENDBASER          0x0078
#define GICR_VPROPBASER         (GICR_VLPI_OFFSET + 0x70)
#define GICR_VPENDBASER         (GICR_VLPI_OFFSET + 0x78)
#define GICR_CTLR_ENABLE_LPIS   BIT(0)
#define GICR_TYPER_PLPIS        BIT(0)
#define GICR_TYPER_VLPIS        BIT(1)
#define GICR_TYPER_LAST         BIT(4)
#define GICR_TYPER_PROCNUM(t)   (((t) >> 8) & 0xffff)
#define GICR_WAKER_PROCESSOR_SLEEP  BIT(1)
#define GICR_WAKER_CHILDREN_ASLEEP  BIT(2)
#define GICR_PROPBASER_IDBITS(n)    ((uint64_t)(n) & 0x1f)  /* INTID bits - 1 */
#define GICR_PENDBASER_PTZ      BIT(62)
#define GICR_VPENDBASER_VALID   BIT(63)
#define GICR_VPENDBASER_IDAI    BIT(62)
#define GICR_VPENDBASER_PENDINGLAST BIT(61)
#define GICR_VPENDBASER_DIRTY   BIT(60)
#define GICR_PA_64K(pa)         ((uint64_t)(pa) & 0x000fffffffff0000UL)     /* PA[51:16] */
#define GICR_PA_4K(pa)          ((uint64_t)(pa) & 0x000ffffffffff000UL)     /* PA[51:12] */

#define GITS_CTLR               0x0000
#define GITS_IIDR               0x0004
#define GITS_TYPER              0x0008
#define GITS_CBASER             0x0080
#define GITS_CWRITER            0x0088
#define GITS_CREADR             0x0090
#define GITS_BASER(n)           (0x0100 + 8 * (n))
#define GITS_PIDR2              0xffe8
#define GITS_CTLR_ENABLED       BIT(0)
#define GITS_CTLR_QUIESCENT     BIT(31)
#define GITS_TYPER_PHYSICAL     BIT(0)
#define GITS_TYPER_VIRTUAL      BIT(1)
#define GITS_TYPER_ITT_ENTRY_SIZE(t)    ((((t) >> 4) & 0xf) + 1)
#define GITS_TYPER_IDBITS(t)    ((((t) >> 8) & 0x1f) + 1)
#define GITS_TYPER_DEVBITS(t)   ((((t) >> 13) & 0x1f) + 1)
#define GITS_TYPER_PTA          BIT(19)
#define GITS_TYPER_CIDBITS(t)   ((((t) >> 32) & 0xf) + 1)
#define GITS_TYPER_CIL          BIT(36)
#define GITS_TYPER_VMOVP        BIT(37)
#define GITS_CBASER_VALID       BIT(63)
#define GITS_CREADR_STALLED     BIT(0)
#define GITS_CWRITER_RETRY      BIT(0)
#define GITS_OFFSET_MASK        0xfffe0UL       /* CWRITER/CREADR Offset, bits [19:5] */
#define GITS_BASER_VALID        BIT(63)
#define GITS_BASER_INDIRECT     BIT(62)
#define GITS_BASER_TYPE(v)      (((v) >> 56) & 7)
#define GITS_BASER_ENTRY_SIZE(v)    ((((v) >> 48) & 0x1f) + 1)
#define GITS_BASER_RO_MASK      (0x7UL << 56 | 0x1fUL << 48)    /* Type, Entry_Size */
#define GITS_BASER_PAGE_4K      (0UL << 8)
#define GITS_BASER_PAGE_16K     (1UL << 8)
#define GITS_BASER_PAGE_64K     (2UL << 8)
#define GITS_BASER_TYPE_DEVICE  1
#define GITS_BASER_TYPE_VPE     2
#define GITS_BASER_TYPE_COLLECTION 4
#define ITS_L1_VALID            BIT(63)         /* level-1 entry of an Indirect table */

/* LPI configuration table entry: priority [7:2], bit 1 RES1, Enable bit 0 */
#define LPI_PROP(prio, en)      ((uint8_t)(((prio) & 0xfc) | 0x2 | ((en) ? 1 : 0)))
#define LPI_PROP_ENABLE         0x1
#define LPI_INTID_BASE          8192

/* CPU interface (by encoding: no -march needed) */
#define ICC_PMR_EL1             s3_0_c4_c6_0
#define ICC_IAR1_EL1            s3_0_c12_c12_0
#define ICC_EOIR1_EL1           s3_0_c12_c12_1
#define ICC_HPPIR1_EL1          s3_0_c12_c12_2
#define ICC_CTLR_EL1            s3_0_c12_c12_4
#define ICC_SRE_EL1             s3_0_c12_c12_5
#define ICC_IGRPEN1_EL1         s3_0_c12_c12_7
#define ICC_RPR_EL1             s3_0_c12_c11_3
#define ICC_AP1R0_EL1           s3_0_c12_c9_0
#define ICC_SRE_EL2             s3_4_c12_c9_5
#define ICH_AP1R0_EL2           s3_4_c12_c9_0
#define ICH_HCR_EL2             s3_4_c12_c11_0
#define ICH_VTR_EL2             s3_4_c12_c11_1
#define ICH_MISR_EL2            s3_4_c12_c11_2
#define ICH_EISR_EL2            s3_4_c12_c11_3
#define ICH_ELRSR_EL2           s3_4_c12_c11_5
#define ICH_VMCR_EL2            s3_4_c12_c11_7
#define ICH_LR0_EL2             s3_4_c12_c12_0
#define ICH_HCR_EN              BIT(0)
#define ICH_VMCR_VENG1          BIT(1)
#define ICH_VMCR_VPMR(p)        ((uint64_t)(p) << 24)
#define INTID_SPURIOUS          1023

/* ------------------------------------------------------------------------------
 * ITS commands (IHI 0069 5.3): the command number in DW0[7:0]
 * ------------------------------------------------------------------------------ */
#define ITS_CMD_MOVI            0x01
#define ITS_CMD_INT             0x03
#define ITS_CMD_CLEAR           0x04
#define ITS_CMD_SYNC            0x05
#define ITS_CMD_MAPD            0x08
#define ITS_CMD_MAPC            0x09
#define ITS_CMD_MAPTI           0x0a
#define ITS_CMD_MAPI            0x0b
#define ITS_CMD_INV             0x0c
#define ITS_CMD_INVALL          0x0d
#define ITS_CMD_MOVALL          0x0e
#define ITS_CMD_DISCARD         0x0f
#define ITS_CMD_VMOVI           0x21
#define ITS_CMD_VMOVP           0x22
#define ITS_CMD_VSYNC           0x25
#define ITS_CMD_VMAPP           0x29
#define ITS_CMD_VMAPTI          0x2a
#define ITS_CMD_VMAPI           0x2b
#define ITS_CMD_VINVALL         0x2d
#define ITS_CMD_BYTES           32

/* Fields */
#define ITS_DW0_DEVID(d)        ((uint64_t)(uint32_t)(d) << 32)
#define ITS_RDBASE(rd)          (((uint64_t)(rd) & 0x7ffffffffUL) << 16)   /* [50:16]: PTA = 0: processor number */
#define ITS_VPEID(v)            (((uint64_t)(v) & 0xffff) << 32)
#define ITS_V                   BIT(63)

/* ------------------------------------------------------------------------------
 * MMIO
 * ------------------------------------------------------------------------------ */
static inline void mmio_write64(uint64_t addr, uint64_t v)
{
        *(volatile uint64_t *)addr = v;
}
static inline uint64_t mmio_read64(uint64_t addr)
{
        return *(volatile uint64_t *)addr;
}

static inline uint32_t gits_read32(unsigned off) { return mmio_read32(GITS_BASE + off); }
static inline uint64_t gits_read64(unsigned off) { return mmio_read64(GITS_BASE + off); }
static inline void gits_write32(unsigned off, uint32_t v) { mmio_write32(GITS_BASE + off, v); }
static inline void gits_write64(unsigned off, uint64_t v) { mmio_write64(GITS_BASE + off, v); }

/* An MSI as a device would write it: the EventID to GITS_TRANSLATER (32-bit write). The
 * DeviceID is the writer's: on QEMU virt a CPU's writes carry DeviceID 0. */
static inline void its_translater_write(uint32_t eventid)
{
        dsb(sy);
        mmio_write32(GITS_TRANSLATER_PA, eventid);
        dsb(sy);
}

/* ------------------------------------------------------------------------------
 * Memory for the tables: a bump allocator over zeroed memory the scenario provides
 * ------------------------------------------------------------------------------ */
struct its_alloc {
        uint64_t next, end;
};

static inline void its_alloc_init(struct its_alloc *a, void *mem, uint64_t size)
{
        a->next = (uint64_t)mem;
        a->end = (uint64_t)mem + size;
}

/* size bytes aligned to align (a power of two); the memory is as the scenario gave it
 * (zero: .bss). Out of memory powers the board off with status 1. */
static inline void *its_alloc(struct its_alloc *a, uint64_t size, uint64_t align)
{
        uint64_t p = (a->next + align - 1) & ~(align - 1);

        if (p + size > a->end) {
                printf("FAIL: its_alloc: out of table memory (0x%lx bytes wanted)\n", size);
                exit_status(STATUS_CHECK_FAILED);
        }
        a->next = p + size;
        return (void *)p;
}

/* ------------------------------------------------------------------------------
 * Tables: GITS_BASER<n> (flat, 4 KiB pages) and the command queue
 * ------------------------------------------------------------------------------ */
/* Programs GITS_BASER<n> as a flat table of pages 4 KiB pages at pa (4 KiB aligned), keeping
 * the read-only Type and Entry_Size; returns the value read back. ITS disabled. */
static inline uint64_t its_baser_setup(unsigned n, uint64_t pa, unsigned pages)
{
        uint64_t v = gits_read64(GITS_BASER(n));

        v &= GITS_BASER_RO_MASK;
        v |= GITS_BASER_VALID | (pa & 0x0000fffffffff000UL) | GITS_BASER_PAGE_4K | (uint64_t)(pages - 1);
        gits_write64(GITS_BASER(n), v);
        return gits_read64(GITS_BASER(n));
}

struct its_queue {
        uint64_t *base;         /* 4 KiB aligned */
        unsigned entries;       /* commands that fit */
        unsigned wr;            /* next command slot */
        unsigned timeouts;      /* its_flush gave up waiting */
};

/* GITS_CBASER (Valid, pages 4 KiB pages at mem) and GITS_CWRITER = 0. ITS disabled. */
static inline void its_queue_init(struct its_queue *q, void *mem, unsigned pages)
{
        q->base = mem;
        q->entries = pages * 4096 / ITS_CMD_BYTES;
        q->wr = 0;
        q->timeouts = 0;
        gits_write64(GITS_CBASER, GITS_CBASER_VALID | ((uint64_t)mem & 0x000ffffffffff000UL) | (uint64_t)(pages - 1));
        gits_write64(GITS_CWRITER, 0);
}

/* One command into the next slot (not yet visible to the ITS: see its_flush). */
static inline void its_put(struct its_queue *q, uint64_t dw0, uint64_t dw1, uint64_t dw2, uint64_t dw3)
{
        uint64_t *c = q->base + (uint64_t)q->wr * 4;

        c[0] = dw0;
        c[1] = dw1;
        c[2] = dw2;
        c[3] = dw3;
        q->wr = (q->wr + 1) % q->entries;
}

/* Hands the queued commands to the ITS (DSB, GITS_CWRITER) and waits until GITS_CREADR
 * reaches GITS_CWRITER or says Stalled (bounded); returns GITS_CREADR. */
static inline uint64_t its_flush(struct its_queue *q)
{
        uint64_t target = (uint64_t)q->wr * ITS_CMD_BYTES, r = 0;

        dsb(sy);
        gits_write64(GITS_CWRITER, target);
        for (unsigned i = 0; i < 10000; i++) {
                r = gits_read64(GITS_CREADR);
                if ((r & GITS_OFFSET_MASK) == target || (r & GITS_CREADR_STALLED))
                        return r;
                __asm__ volatile("yield" ::: "memory");
        }
        q->timeouts++;
        return r;
}

/* The commands (DW0[63:32] DeviceID, DW1[31:0] EventID, ...) */
static inline void its_cmd_int(struct its_queue *q, uint32_t devid, uint32_t eventid)
{
        its_put(q, ITS_CMD_INT | ITS_DW0_DEVID(devid), eventid, 0, 0);
}
static inline void its_cmd_clear(struct its_queue *q, uint32_t devid, uint32_t eventid)
{
        its_put(q, ITS_CMD_CLEAR | ITS_DW0_DEVID(devid), eventid, 0, 0);
}
static inline void its_cmd_discard(struct its_queue *q, uint32_t devid, uint32_t eventid)
{
        its_put(q, ITS_CMD_DISCARD | ITS_DW0_DEVID(devid), eventid, 0, 0);
}
static inline void its_cmd_inv(struct its_queue *q, uint32_t devid, uint32_t eventid)
{
        its_put(q, ITS_CMD_INV | ITS_DW0_DEVID(devid), eventid, 0, 0);
}
/* MAPD: Size = EventID bits - 1 (DW1[4:0]), ITT_addr (DW2[51:8], 256-byte aligned), V */
static inline void its_cmd_mapd(struct its_queue *q, uint32_t devid, unsigned size, uint64_t itt, int valid)
{
        its_put(q, ITS_CMD_MAPD | ITS_DW0_DEVID(devid), size & 0x1f, (itt & 0x000fffffffffff00UL) | (valid ? ITS_V : 0), 0);
}
/* MAPC: ICID (DW2[15:0]), RDbase (DW2[50:16], the processor number as GITS_TYPER.PTA = 0), V */
static inline void its_cmd_mapc(struct its_queue *q, uint32_t icid, uint64_t rd, int valid)
{
        its_put(q, ITS_CMD_MAPC, 0, (icid & 0xffff) | ITS_RDBASE(rd) | (valid ? ITS_V : 0), 0);
}
/* MAPTI: EventID, pINTID (DW1[63:32]), ICID */
static inline void its_cmd_mapti(struct its_queue *q, uint32_t devid, uint32_t eventid, uint32_t pintid, uint32_t icid)
{
        its_put(q, ITS_CMD_MAPTI | ITS_DW0_DEVID(devid), eventid | (uint64_t)pintid << 32, icid & 0xffff, 0);
}
/* MAPI: pINTID = EventID */
static inline void its_cmd_mapi(struct its_queue *q, uint32_t devid, uint32_t eventid, uint32_t icid)
{
        its_put(q, ITS_CMD_MAPI | ITS_DW0_DEVID(devid), eventid, icid & 0xffff, 0);
}
static inline void its_cmd_movi(struct its_queue *q, uint32_t devid, uint32_t eventid, uint32_t icid)
{
        its_put(q, ITS_CMD_MOVI | ITS_DW0_DEVID(devid), eventid, icid & 0xffff, 0);
}
static inline void its_cmd_movall(struct its_queue *q, uint64_t rd1, uint64_t rd2)
{
        its_put(q, ITS_CMD_MOVALL, 0, ITS_RDBASE(rd1), ITS_RDBASE(rd2));
}
static inline void its_cmd_invall(struct its_queue *q, uint32_t icid)
{
        its_put(q, ITS_CMD_INVALL, 0, icid & 0xffff, 0);
}
static inline void its_cmd_sync(struct its_queue *q, uint64_t rd)
{
        its_put(q, ITS_CMD_SYNC, 0, ITS_RDBASE(rd), 0);
}
/* GICv4.0. VMAPP: vPEID (DW1[47:32]), RDbase, V (DW2), VPT_size (DW3[4:0]: vINTID bits - 1),
 * VPT_addr (DW3[51:16], 64 KiB aligned) */
static inline void its_cmd_vmapp(struct its_queue *q, uint32_t vpeid, uint64_t rd, uint64_t vpt, unsigned vpt_size,
                                 int valid)
{
        its_put(q, ITS_CMD_VMAPP, ITS_VPEID(vpeid), ITS_RDBASE(rd) | (valid ? ITS_V : 0),
                (vpt & 0x000fffffffff0000UL) | (vpt_size & 0x1f));
}
/* VMAPTI: EventID, vPEID (DW1), vINTID (DW2[31:0]), Dbell_pINTID (DW2[63:32], 1023: none) */
static inline void its_cmd_vmapti(struct its_queue *q, uint32_t devid, uint32_t eventid, uint32_t vpeid, uint32_t vintid,
                                  uint32_t doorbell)
{
        its_put(q, ITS_CMD_VMAPTI | ITS_DW0_DEVID(devid), eventid | ITS_VPEID(vpeid), vintid | (uint64_t)doorbell << 32, 0);
}
/* VMAPI: vINTID = EventID */
static inline void its_cmd_vmapi(struct its_queue *q, uint32_t devid, uint32_t eventid, uint32_t vpeid, uint32_t doorbell)
{
        its_put(q, ITS_CMD_VMAPI | ITS_DW0_DEVID(devid), eventid | ITS_VPEID(vpeid), (uint64_t)doorbell << 32, 0);
}
/* VMOVI: the event to vPEID; with D (DW2[0]) also a new Dbell_pINTID */
static inline void its_cmd_vmovi(struct its_queue *q, uint32_t devid, uint32_t eventid, uint32_t vpeid, int d,
                                 uint32_t doorbell)
{
        its_put(q, ITS_CMD_VMOVI | ITS_DW0_DEVID(devid), eventid | ITS_VPEID(vpeid),
                (d ? 1UL : 0UL) | (uint64_t)doorbell << 32, 0);
}
/* VMOVP: SequenceNumber (DW0[47:32]), ITSList (DW1[15:0]), vPEID, RDbase: with one ITS (or
 * GITS_TYPER.VMOVP = 1) the first two do not matter */
static inline void its_cmd_vmovp(struct its_queue *q, uint32_t vpeid, uint64_t rd, unsigned seq, unsigned itslist)
{
        its_put(q, ITS_CMD_VMOVP | ((uint64_t)(seq & 0xffff) << 32), (itslist & 0xffff) | ITS_VPEID(vpeid),
                ITS_RDBASE(rd), 0);
}
static inline void its_cmd_vsync(struct its_queue *q, uint32_t vpeid)
{
        its_put(q, ITS_CMD_VSYNC, ITS_VPEID(vpeid), 0, 0);
}
static inline void its_cmd_vinvall(struct its_queue *q, uint32_t vpeid)
{
        its_put(q, ITS_CMD_VINVALL, ITS_VPEID(vpeid), 0, 0);
}

/* ------------------------------------------------------------------------------
 * Redistributors and the CPU interface
 * ------------------------------------------------------------------------------ */
static inline uint64_t gicr_rd(unsigned cpu, uint64_t stride)
{
        return GICR_BASE + (uint64_t)cpu * stride;
}

/* Wakes the redistributor (GICR_WAKER.ProcessorSleep = 0, waits for ChildrenAsleep = 0). */
static inline void gicr_wake(uint64_t rd)
{
        mmio_write32(rd + GICR_WAKER, mmio_read32(rd + GICR_WAKER) & ~(uint32_t)GICR_WAKER_PROCESSOR_SLEEP);
        while (mmio_read32(rd + GICR_WAKER) & GICR_WAKER_CHILDREN_ASLEEP)
                __asm__ volatile("yield" ::: "memory");
}

/* GICR_PROPBASER (config table at prop, 4 KiB aligned, idbits = INTID bits - 1) and
 * GICR_PENDBASER (pending table at pend, 64 KiB aligned, zeroed: PTZ = 0), then
 * GICR_CTLR.EnableLPIs. Returns GICR_CTLR as read back. */
static inline uint32_t gicr_enable_lpis(uint64_t rd, const void *prop, unsigned idbits, const void *pend)
{
        mmio_write64(rd + GICR_PROPBASER, GICR_PA_4K(prop) | GICR_PROPBASER_IDBITS(idbits));
        mmio_write64(rd + GICR_PENDBASER, GICR_PA_64K(pend));
        dsb(sy);
        mmio_write32(rd + GICR_CTLR, mmio_read32(rd + GICR_CTLR) | GICR_CTLR_ENABLE_LPIS);
        dsb(sy);
        return mmio_read32(rd + GICR_CTLR);
}

/* This CPU's interface at EL2: group 1 enabled, priority mask open, IRQs routed to EL2. */
static inline void gic_cpu_enable_el2(void)
{
        write_sysreg(0xff, ICC_PMR_EL1);
        write_sysreg(1, ICC_IGRPEN1_EL1);
        write_sysreg(read_sysreg(hcr_el2) | HCR_EL2_IMO, hcr_el2);
        isb();
}

/* Waits (bounded) until ICC_HPPIR1_EL1 shows intid: an LPI the ITS made pending reaches the
 * CPU interface in finite but unbounded time. Returns the last value read. */
static inline uint64_t gic_wait_hppir1(uint64_t intid)
{
        uint64_t v = 0;

        for (unsigned i = 0; i < 1000; i++) {
                v = read_sysreg(ICC_HPPIR1_EL1);
                if (v == intid)
                        break;
                __asm__ volatile("yield" ::: "memory");
        }
        return v;
}

/* IRQs unmasked for one instruction: every pending interrupt is taken there, one after
 * the other (each handler acknowledges and ends its interrupt), in priority order. */
static inline void irq_window(void)
{
        __asm__ volatile("msr daifclr, #2\n\tisb\n\tmsr daifset, #2" ::: "memory");
}

/* ---- checks: a failed one prints "  FAIL: what"; its_failures() counts them ---- */

static inline int *its_failure_count(void)
{
        static int n;

        return &n;
}

static inline int its_failures(void) { return *its_failure_count(); }

static inline void its_expect(int ok, const char *what)
{
        if (!ok) {
                printf("  FAIL: %s\n", what);
                (*its_failure_count())++;
        }
}

/* GITS_CREADR after its_flush(): every queued command read, the queue not stalled. */
static inline void its_expect_consumed(const struct its_queue *q, uint64_t creadr)
{
        its_expect(!(creadr & GITS_CREADR_STALLED) && (creadr & GITS_OFFSET_MASK) == q->wr * ITS_CMD_BYTES, "queue consumed");
}

/* Hands the queued commands to the ITS, prints "  <what>: GITS_CREADR <v>" and checks them all read. */
static inline uint64_t its_batch(struct its_queue *q, const char *what)
{
        uint64_t r = its_flush(q);

        printf("  %s: GITS_CREADR 0x%lx\n", what, r);
        its_expect_consumed(q, r);
        return r;
}

/* The INTIDs an IRQ handler acknowledged (its_log_irq), in order. */
struct its_irq_log {
        uint32_t id[64];
        unsigned n, spurious;
};

/* In an IRQ handler: ICC_IAR1_EL1 logged (1020-1023 only counted: nothing to end), then EOId. */
static inline void its_log_irq(struct its_irq_log *l)
{
        uint64_t iar = read_sysreg(ICC_IAR1_EL1);

        if (iar >= 1020 && iar <= 1023) {
                l->spurious++;
                return;
        }
        if (l->n < ARRAY_SIZE(l->id))
                l->id[l->n] = (uint32_t)iar;
        l->n++;
        write_sysreg(iar, ICC_EOIR1_EL1);
        isb();
}

/*
 * Waits for want[0] (when n > 0) at the CPU interface, unmasks IRQs for one instruction,
 * prints "<what>: HPPIR1 <v>, took <INTIDs>" and checks that exactly want[0..n) were taken.
 */
static inline void its_take(struct its_irq_log *l, const char *what, const uint32_t *want, unsigned n)
{
        unsigned first = l->n;
        uint64_t hppir = n ? gic_wait_hppir1(want[0]) : read_sysreg(ICC_HPPIR1_EL1);
        int ok;

        irq_window();
        printf("%s: HPPIR1 %lu, took", what, hppir);
        for (unsigned i = first; i < l->n && i < ARRAY_SIZE(l->id); i++)
                printf(" %u", l->id[i]);
        printf("%s\n", l->n == first ? " nothing" : "");
        ok = l->n - first == n;
        for (unsigned i = 0; ok && i < n; i++)
                ok = l->id[first + i] == want[i];
        its_expect(ok, "the LPIs acknowledged, in this order");
}

/* The GITS_BASER<n> describing a table of this type (GITS_BASER_TYPE_*), or -1. */
static inline int its_find_baser(unsigned type)
{
        for (unsigned n = 0; n < 8; n++)
                if (GITS_BASER_TYPE(gits_read64(GITS_BASER(n))) == type)
                        return (int)n;
        return -1;
}

#endif /* S2DIFF_ITS_H */
