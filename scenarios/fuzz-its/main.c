/*
 * The ITS fuzz image (`s2diff fuzz --its`, harness/fuzz-its). The harness loads a batch of
 * sequences at ITS_BLOB_PA on both sides; this image runs each at EL2 on CPU 0 (CPU 1 stays
 * off: its redistributor is only a second target for collections) and prints what the
 * sequence left behind, so that QEMU's ITS and the model's are compared on state over time.
 *
 * Before each sequence: the ITS disabled, its tables and the LPI tables cleared (LPIs
 * 8192-8223 configured enabled with mixed priorities), the
 * command queue emptied (GITS_CBASER written), the ITS enabled again, EnableLPIs cleared and
 * set on both redistributors (which recomputes their cached pending LPI). IRQs stay masked:
 * LPIs are taken only by the ACK steps, through ICC_IAR1_EL1.
 *
 * Blob (little-endian u64): magic, nseq, then per sequence: id, nsteps, nsteps x 5 words:
 *   kind, w0, w1, w2, w3
 *   1 CMD   the ITS command w0..w3 at GITS_CWRITER, which then moves past it; prints Q <creadr>
 *   2 MSI   GITS_TRANSLATER = w0 (DeviceID 0, EventID w0)
 *   3 CFG   the LPI configuration byte of INTID w0 = w1, then a DSB
 *   4 ACK   ICC_IAR1_EL1 on CPU 0; an LPI is EOId at once; prints A <intid>
 *   5 LPIS  GICR_CTLR.EnableLPIs of redistributor w0 = w1
 * After the steps: T lines with the device table, collection table and ITT entries that are
 * not zero, P lines with the pending table bytes that are not zero, H <hppir1>, then E.
 * Output, hex without 0x: C <id> per sequence, DONE <nseq> at the end.
 */
#include "runtime.h"

#define ITS_MAGIC       0x31535449505a5546UL    /* "FUZPITS1" */
#define ITS_BLOB_PA     0x46000000UL

#define GICD            0x08000000UL
#define GITS            0x08080000UL
#define GITS_TRANSLATER (GITS + 0x10040)
#define GICR(n)         (0x080a0000UL + (uint64_t)(n) * 0x20000)
#define R32(a)          (*(volatile uint32_t *)(a))
#define R64(a)          (*(volatile uint64_t *)(a))

/* Tables (harness/fuzz-its/layout.ts has the same numbers). */
#define DEVICE_TABLE    0x48000000UL    /* 64 KiB: 8192 8-byte entries */
#define COLL_TABLE      0x48010000UL    /* 64 KiB */
#define CMD_QUEUE       0x48020000UL    /* 64 KiB: 2048 commands */
#define ITT_BASE        0x48030000UL    /* 4 ITTs of 4 KiB (events 0-63 at 12 bytes) */
#define ITT_BYTES       0x4000UL
#define PROP_TABLE      0x48040000UL    /* IDbits 13: 8192 configuration bytes */
#define PEND_TABLE(n)   (0x48050000UL + (uint64_t)(n) * 0x10000)        /* 2 KiB each */
#define LPI_IDBITS      13
#define DEVICES         4
#define COLLECTIONS     4
#define NRD             2
#define LAST_ID         8191            /* the last entry of a 64 KiB table: the fuzzer's edge ID */

#define ICC_PMR_EL1     s3_0_c4_c6_0
#define ICC_IAR1_EL1    s3_0_c12_c12_0
#define ICC_EOIR1_EL1   s3_0_c12_c12_1
#define ICC_HPPIR1_EL1  s3_0_c12_c12_2
#define ICC_IGRPEN1_EL1 s3_0_c12_c12_7

static uint32_t queued;                 /* commands in the queue since the last reset */

static void zero(uint64_t pa, uint64_t bytes)
{
        for (uint64_t a = pa; a < pa + bytes; a += 8)
                R64(a) = 0;
}

static void reset_its(void)
{
        R32(GITS) = 0;                                  /* GITS_CTLR: disabled */
        zero(DEVICE_TABLE, 0x100);
        zero(DEVICE_TABLE + 8 * LAST_ID, 8);
        zero(COLL_TABLE, 0x100);
        zero(COLL_TABLE + 8 * LAST_ID, 8);
        zero(ITT_BASE, ITT_BYTES);
        zero(PROP_TABLE, 0x2000);
        for (int i = 0; i < 32; i++)                    /* LPIs 8192-8223 enabled, priorities mixed */
                *(volatile uint8_t *)(PROP_TABLE + i) = (uint8_t)(((i * 0x14 + 0x20) & 0xfc) | 1);
        for (int n = 0; n < NRD; n++)
                zero(PEND_TABLE(n), 0x800);
        dsb(sy);
        R64(GITS + 0x100) = (1UL << 63) | DEVICE_TABLE;         /* BASER0: 64 KiB pages, 1 page */
        R64(GITS + 0x108) = (1UL << 63) | COLL_TABLE;
        R64(GITS + 0x80) = (1UL << 63) | CMD_QUEUE | 15;        /* CBASER: 16 pages; CREADR = 0 */
        R64(GITS + 0x88) = 0;                                   /* CWRITER */
        queued = 0;
        R32(GITS) = 1;
        for (int n = 0; n < NRD; n++) {
                R32(GICR(n)) = 0;                               /* EnableLPIs off ... */
                R64(GICR(n) + 0x70) = PROP_TABLE | LPI_IDBITS;      /* INTIDs below 2^14 */
                R64(GICR(n) + 0x78) = PEND_TABLE(n);
                R32(GICR(n)) = 1;                               /* ... and on: a rescan */
        }
}

static void its_command(const uint64_t *w)
{
        uint64_t *slot = (uint64_t *)(CMD_QUEUE + (uint64_t)queued * 32);

        for (int i = 0; i < 4; i++)
                slot[i] = w[i];
        queued = (queued + 1) % 2048;
        dsb(sy);
        R64(GITS + 0x88) = (uint64_t)queued * 32;
        printf("Q %lx\n", R64(GITS + 0x90));
}

static void ack(void)
{
        uint64_t iar = read_sysreg(ICC_IAR1_EL1);

        if (iar >= 8192)
                write_sysreg(iar, ICC_EOIR1_EL1);
        isb();
        printf("A %lx\n", iar);
}

static void dump(void)
{
        for (uint64_t i = 0; i <= LAST_ID; i = i + 1 == DEVICES ? LAST_ID : i + 1)
                if (R64(DEVICE_TABLE + 8 * i))
                        printf("T d%lx %lx\n", i, R64(DEVICE_TABLE + 8 * i));
        for (uint64_t i = 0; i <= LAST_ID; i = i + 1 == COLLECTIONS ? LAST_ID : i + 1)
                if (R64(COLL_TABLE + 8 * i))
                        printf("T c%lx %lx\n", i, R64(COLL_TABLE + 8 * i));
        for (uint64_t a = ITT_BASE; a < ITT_BASE + ITT_BYTES; a += 4)
                if (R32(a))
                        printf("T i%lx %x\n", a - ITT_BASE, R32(a));
        for (int n = 0; n < NRD; n++)
                for (uint64_t b = 0; b < 0x800; b += 8)
                        if (R64(PEND_TABLE(n) + b))
                                printf("P %x %lx %lx\n", n, b, R64(PEND_TABLE(n) + b));
        printf("H %lx\nE\n", read_sysreg(ICC_HPPIR1_EL1));
}

int main(void)
{
        const uint64_t *p = (const uint64_t *)ITS_BLOB_PA;
        uint64_t nseq;

        if (p[0] != ITS_MAGIC) {
                printf("no ITS batch at 0x%lx\n", ITS_BLOB_PA);
                return 1;
        }
        nseq = p[1];
        p += 2;
        R32(GICR(0) + 0x14) = 0;                        /* GICR_WAKER: awake */
        R32(GICR(1) + 0x14) = 0;
        R32(GICD) = 0x12;                               /* GICD_CTLR: ARE, EnableGrp1 */
        write_sysreg(0xff, ICC_PMR_EL1);
        write_sysreg(1, ICC_IGRPEN1_EL1);
        isb();
        for (uint64_t s = 0; s < nseq; s++) {
                uint64_t id = p[0], n = p[1];

                p += 2;
                reset_its();
                printf("C %lx\n", id);
                for (uint64_t k = 0; k < n; k++, p += 5) {
                        switch (p[0]) {
                        case 1: its_command(p + 1); break;
                        case 2: R32(GITS_TRANSLATER) = (uint32_t)p[1]; dsb(sy); break;
                        case 3: *(volatile uint8_t *)(PROP_TABLE + p[1] - 8192) = (uint8_t)p[2]; dsb(sy); break;
                        case 4: ack(); break;
                        case 5: R32(GICR(p[1] & 1)) = (uint32_t)p[2] & 1; break;
                        default: printf("? %lx\n", p[0]); break;
                        }
                }
                dump();
        }
        printf("DONE %lx\n", nseq);
        return 0;
}
