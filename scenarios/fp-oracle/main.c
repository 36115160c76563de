/*
 * The floating-point oracle image (harness/fp-oracle). The harness encodes a batch of
 * vectors (harness/fp-oracle/blob.ts) and loads it at FP_BLOB_PA (QEMU: -device loader).
 * For each vector this image writes the instruction word into an executable slot (then
 * cleans and invalidates so the new word is fetched), and runs it once through fp_exec
 * (exec.S) with the vector's FPCR and operands; it prints one line per vector.
 * Runs on QEMU only: the model has no FP data processing yet.
 *
 * FP at EL2: CPTR_EL2.TFP resets to 0 on QEMU and this image starts at EL2 (E2H = 0),
 * so CPACR_EL1 does not apply; main() prints the value it found ("I CPTR_EL2 <hex>") and
 * clears TFP explicitly so the image does not depend on the reset value.
 *
 * Blob (little-endian u64): magic, nvec, then per vector 6 words:
 *   insn, fpcr, a, b, c, x
 * Output, hex without 0x, one line per vector:
 *   I CPTR_EL2 <value at entry>
 *   R <d0> <x0> <fpsr> <nzcv>
 *   DONE <nvec>
 */
#include "runtime.h"

#define FP_BLOB_PA  0x46000000UL
#define FP_MAGIC    0x31304f5241435046UL   /* "FPCARO01" */

struct fp_vec {
        uint64_t insn, fpcr, a, b, c, x;
        uint64_t out[4];
};

void fp_exec(struct fp_vec *v, const uint32_t *slot);

/* The instruction slot: its own page, so that rewriting it invalidates nothing else. */
static uint32_t slot[1024] __attribute__((aligned(4096), section(".data.fp_slot")));

static void put_hex(uint64_t v)
{
        char buf[17];
        int n = 0;

        do {
                unsigned d = v & 15;
                buf[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
                v >>= 4;
        } while (v);
        while (n)
                uart_putc(buf[--n]);
}

static void set_slot(uint32_t insn)
{
        slot[0] = insn;
        slot[1] = 0xd65f03c0;   /* RET */
        asm volatile("dc cvau, %0\n dsb ish\n ic ivau, %0\n dsb ish\n isb" :: "r"(slot) : "memory");
}

int main(void)
{
        const volatile uint64_t *b = (const volatile uint64_t *)FP_BLOB_PA;
        static struct fp_vec v;
        uint64_t n, cur = ~0UL;

        uint64_t cptr = read_sysreg(cptr_el2);

        printf("I CPTR_EL2 %lx\n", cptr);
        write_sysreg(cptr & ~(1UL << 10), cptr_el2);   /* TFP = 0 */
        asm volatile("isb");
        if (b[0] != FP_MAGIC) {
                printf("fp-oracle: no batch at 0x%lx (harness/fp-oracle/run.ts loads one)\n", FP_BLOB_PA);
                return 1;
        }
        n = b[1];
        for (uint64_t i = 0; i < n; i++) {
                const volatile uint64_t *p = b + 2 + 6 * i;
                v.insn = p[0]; v.fpcr = p[1]; v.a = p[2]; v.b = p[3]; v.c = p[4]; v.x = p[5];
                if (v.insn != cur) {
                        set_slot((uint32_t)v.insn);
                        cur = v.insn;
                }
                fp_exec(&v, slot);
                uart_putc('R');
                for (int k = 0; k < 4; k++) {
                        uart_putc(' ');
                        put_hex(v.out[k]);
                }
                uart_putc('\n');
        }
        printf("DONE %lx\n", n);
        return 0;
}
