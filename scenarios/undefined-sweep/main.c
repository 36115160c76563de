/*
 * undefined-sweep: runs instruction words from a batch the harness loads at SWEEP_BLOB
 * (u64 magic, u64 count, then count u32 words), each once at EL0 in a slot
 * [word, svc #0], and prints "<index> <ESR_EL2> <ELR_EL2 - slot>" for the exception it
 * ends in: EC 0x15 at offset 4 when it executed, EC 0x00 when it is UNDEFINED, anything
 * else (a trap, an abort) as it comes.
 *
 * EL0 runs with HCR_EL2.TGE = 1 (its exceptions come here), stage 1 off, SIMD&FP enabled
 * (CPACR_EL1.FPEN = 0b11: an allocated SIMD&FP instruction executes, an unallocated one is
 * UNDEFINED; trapped, both would read EC 0x00, the syndrome of a CPACR trap routed to EL2 by
 * TGE), every register and SP_EL0 = SWEEP_VALUE: immediate offsets reach the
 * scratch area around it, register offsets (value + value << n) land beyond RAM (an
 * external abort, never a write into the image), and register branches land on an SVC.
 */
#include "runtime.h"

#define SWEEP_BLOB     0x46000000UL
#define SWEEP_MAGIC    0x5045455753464455UL   /* "UDFSWEEP" */
#define SWEEP_SLOT     0x45000000UL
#define SWEEP_VALUE    0x4f000000UL
#define SVC_0          0xd4000001u

uint64_t sweep_enter(uint64_t pc, uint64_t value);
void sweep_return(void) __noreturn;

static struct el2_frame exit_frame;

static enum exc_result on_exit(struct el2_frame *f)
{
        exit_frame = *f;
        return EXC_GUEST_EXIT;
}

static void leave(struct el2_frame *f)
{
        (void)f;
        sweep_return();
}

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

int main(void)
{
        const uint64_t *hdr = (const uint64_t *)SWEEP_BLOB;
        const uint32_t *words = (const uint32_t *)(SWEEP_BLOB + 16);
        volatile uint32_t *slot = (volatile uint32_t *)SWEEP_SLOT;
        volatile uint32_t *target = (volatile uint32_t *)SWEEP_VALUE;

        if (hdr[0] != SWEEP_MAGIC) {
                printf("undefined-sweep: no batch at 0x%lx (s2diff loads one)\n", SWEEP_BLOB);
                return 0;
        }
        el2_set_lower_sync_handler(on_exit);
        el2_guest_exit_hook = leave;
        write_sysreg(SCTLR_EL1_RES1, sctlr_el1);
        write_sysreg(3UL << 20, cpacr_el1);     /* FPEN: SIMD&FP executes at EL0 */
        write_sysreg(HCR_EL2_RW | HCR_EL2_TGE, hcr_el2);
        isb();
        for (uint64_t i = 0; i < hdr[1]; i++) {
                slot[0] = words[i];
                slot[1] = SVC_0;
                for (int k = 0; k < 4; k++)
                        target[k] = SVC_0;        /* where a register branch lands */
                dsb(ish);
                __asm__ volatile("ic iallu" ::: "memory");
                dsb(ish);
                isb();
                sweep_enter(SWEEP_SLOT, SWEEP_VALUE);
                put_hex(i);
                uart_putc(' ');
                put_hex(exit_frame.esr);
                uart_putc(' ');
                put_hex(exit_frame.elr - SWEEP_SLOT);
                uart_putc('\n');
        }
        printf("DONE %lu\n", hdr[1]);
        return 0;
}
