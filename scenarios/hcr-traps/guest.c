/* Guest side of hcr-traps: each test arms one trap (through the host), runs one access,
 * reports what it read, disarms it, and runs the same access untrapped. */
#include "guest.h"
#include "traps.h"

static uint64_t data_line[8] __attribute__((aligned(64)));
static uint8_t zva_block[256] __attribute__((aligned(256)));

#define OP(name, body) static uint64_t __attribute__((noinline)) name(void) { uint64_t v = 0; body; return v; }

OP(op_aidr,     __asm__ volatile("mrs %0, aidr_el1" : "=r"(v)))
OP(op_revidr,   __asm__ volatile("mrs %0, revidr_el1" : "=r"(v)))
OP(op_ctr,      __asm__ volatile("mrs %0, ctr_el0" : "=r"(v)))
OP(op_clidr,    __asm__ volatile("mrs %0, clidr_el1" : "=r"(v)))
OP(op_mmfr0,    __asm__ volatile("mrs %0, id_aa64mmfr0_el1" : "=r"(v)))
OP(op_pfr0_32,  __asm__ volatile("mrs %0, id_pfr0_el1" : "=r"(v)))
OP(op_id_rsvd,  __asm__ volatile("mrs %0, s3_0_c0_c7_7" : "=r"(v)))    /* an unallocated ID-space encoding (RAZ) */
OP(op_actlr,    __asm__ volatile("mrs %0, actlr_el1" : "=r"(v)))
OP(op_mair_w,   v = 0x44ff; __asm__ volatile("msr mair_el1, %0" :: "r"(v)))
OP(op_mair_r,   __asm__ volatile("mrs %0, mair_el1" : "=r"(v)))
OP(op_contextidr_w, v = 7; __asm__ volatile("msr contextidr_el1, %0" :: "r"(v)))
OP(op_tlbi,     __asm__ volatile("tlbi vmalle1" ::: "memory"))
OP(op_dc_csw,   __asm__ volatile("dc csw, %0" :: "r"(v) : "memory"))
OP(op_dc_civac, __asm__ volatile("dc civac, %0" :: "r"(data_line) : "memory"))
OP(op_ic_ivau,  __asm__ volatile("ic ivau, %0" :: "r"(op_aidr) : "memory"))
OP(op_dc_zva,   __asm__ volatile("dc zva, %0" :: "r"(zva_block) : "memory"))
OP(op_dczid,    __asm__ volatile("mrs %0, dczid_el0" : "=r"(v)))
OP(op_wfi,      __asm__ volatile("wfi"))
OP(op_smc,      __asm__ volatile("mov x0, #0x42\n\tsmc #0x42\n\tmov %0, x0" : "=r"(v) :: "x0", "x1", "x2", "x3"))
OP(op_fp,       __asm__ volatile("fmov d0, %1\n\tfmov %0, d0" : "=r"(v) : "r"(0x1234UL) : "d0"))
OP(op_mdscr,    __asm__ volatile("mrs %0, mdscr_el1" : "=r"(v)))

struct test { uint64_t hcr, cptr, mdcr; uint64_t (*op)(void); int untrapped_ok; };

#define HCR(bit) (1UL << (bit))
static const struct test tests[NTESTS] = {
        { HCR(16), 0, 0, op_aidr, 1 },          /* TID1 */
        { HCR(16), 0, 0, op_revidr, 1 },        /* TID1 */
        { HCR(17), 0, 0, op_ctr, 1 },           /* TID2 */
        { HCR(17), 0, 0, op_clidr, 1 },         /* TID2 */
        { HCR(18), 0, 0, op_mmfr0, 1 },         /* TID3 */
        { HCR(18), 0, 0, op_pfr0_32, 1 },       /* TID3: AArch32 ID registers too */
        { HCR(18), 0, 0, op_id_rsvd, 1 },       /* TID3: and the unallocated ID space (D19.1) */
        { HCR(21), 0, 0, op_actlr, 1 },         /* TACR */
        { HCR(26), 0, 0, op_mair_w, 1 },        /* TVM */
        { HCR(30), 0, 0, op_mair_r, 1 },        /* TRVM */
        { HCR(26), 0, 0, op_contextidr_w, 1 },  /* TVM */
        { HCR(25), 0, 0, op_tlbi, 1 },          /* TTLB */
        { HCR(22), 0, 0, op_dc_csw, 1 },        /* TSW */
        { HCR(23), 0, 0, op_dc_civac, 1 },      /* TPCP */
        { HCR(24), 0, 0, op_ic_ivau, 1 },       /* TPU */
        { HCR(28), 0, 0, op_dc_zva, 1 },        /* TDZ */
        { HCR(28), 0, 0, op_dczid, 1 },         /* TDZ: DCZID_EL0.DZP reads 1 (no trap) */
        { HCR(13), 0, 0, op_wfi, 0 },           /* TWI (untrapped WFI would wait forever) */
        { HCR(19), 0, 0, op_smc, 0 },           /* TSC (untrapped SMC is QEMU's PSCI) */
        { 0, 1UL << 10, 0, op_fp, 1 },          /* CPTR_EL2.TFP */
        { 0, 0, 1UL << 9, op_mdscr, 1 },        /* MDCR_EL2.TDA */
};

int guest_main(uint64_t arg)
{
        (void)arg;
        /* FP/SIMD enabled at EL1 (CPACR_EL1.FPEN = 0b11), so only CPTR_EL2.TFP can trap it */
        __asm__ volatile("msr cpacr_el1, %0\n\tisb" :: "r"(3UL << 20));
        for (unsigned i = 0; i < NTESTS; i++) {
                const struct test *t = &tests[i];
                uint64_t v;

                GUEST_HVC(HVC_SET_TRAPS, NULL, t->hcr, t->cptr, t->mdcr, 0, 0, 0, 0, 0);
                v = t->op();
                GUEST_HVC(HVC_SET_TRAPS, NULL, 0, 0, 0, 0, 0, 0, 0, 0);
                GUEST_HVC(HVC_REPORT, NULL, i, v, 0, 0, 0, 0, 0, 0);
                if (t->untrapped_ok) {
                        v = t->op();
                        GUEST_HVC(HVC_REPORT, NULL, i | 0x100, v, 0, 0, 0, 0, 0, 0);
                }
        }
        return 0;
}
