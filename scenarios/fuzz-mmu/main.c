/*
 * The stateful MMU fuzz image (`s2diff fuzz --mmu`, harness/fuzz-mmu). The harness loads a
 * batch of command sequences at FUZZ_BLOB_PA on both sides; this image interprets them in
 * one boot, at EL2, entering the guest (EL1, stage 1 off, the stub of scenarios/fuzz-s2 at
 * IPA 0) for each access, so that state over time -- tables rewritten with or without
 * break-before-make, TLB maintenance done or skipped, VMIDs switched -- is what is tested.
 *
 * Blob (little-endian u64): magic, nseq, then per sequence: id, ncmds, ncmds x 4 words:
 *   op | arg << 8, a, b, c
 *   1 WRITE    *(u64 *)a = b; dsb ish
 *   2 TLBI     TLBI form number arg (see tlbi()) with Xt = a; dsb ish
 *   3 DSB      dsb ish
 *   4 ISB      isb
 *   5 VTTBR    VTTBR_EL2 = a; isb
 *   6 ACCESS   guest probe: stub entry arg, IPA a, store value b, check PA c (as fuzz-s2)
 *   7 AT       AT form arg (0 S12E1R, 1 S12E1W, 2 S1E1R) of a; isb; print P <PAR_EL1>
 * Before each command the image stores (sequence id << 32 | command index) at MMU_STATUS_PA,
 * so that the model side can tell which command a --strict finding belongs to.
 *
 * Output, hex without 0x: C <id> per sequence; per ACCESS a line as fuzz-s2 prints it
 * (K/A/E/X/?); per AT: P <par>; DONE <nseq> at the end.
 */
#include "runtime.h"
#include "vm.h"
#include "../fuzz-s2/fuzz.h"
#include "../fuzz-s2/fuzz-el2.h"

#define MMU_MAGIC      0x31554d4d5a5a5546UL   /* "FUZZMMU1" */
#define MMU_STATUS_PA  0x45ff0000UL

extern char fuzz_stub[], fuzz_stub_end[];

/* The TLBI forms, by number (harness/fuzz-mmu/tlbi.ts lists the same, with their scope). */
static void tlbi(uint64_t form, uint64_t x)
{
        switch (form) {
        case 0:  __asm__ volatile("tlbi ipas2e1is, %0" :: "r"(x) : "memory"); break;
        case 1:  __asm__ volatile("tlbi ipas2e1, %0" :: "r"(x) : "memory"); break;
        case 2:  __asm__ volatile("tlbi ipas2le1is, %0" :: "r"(x) : "memory"); break;
        case 3:  __asm__ volatile("tlbi ipas2le1, %0" :: "r"(x) : "memory"); break;
        case 4:  __asm__ volatile("tlbi vmalls12e1is" ::: "memory"); break;
        case 5:  __asm__ volatile("tlbi vmalls12e1" ::: "memory"); break;
        case 6:  __asm__ volatile("tlbi vmalle1is" ::: "memory"); break;
        case 7:  __asm__ volatile("tlbi vmalle1" ::: "memory"); break;
        case 8:  __asm__ volatile("tlbi alle1is" ::: "memory"); break;
        case 9:  __asm__ volatile("tlbi alle1" ::: "memory"); break;
        case 10: __asm__ volatile("tlbi vae1is, %0" :: "r"(x) : "memory"); break;
        case 11: __asm__ volatile("tlbi vae1, %0" :: "r"(x) : "memory"); break;
        case 12: __asm__ volatile("tlbi vale1, %0" :: "r"(x) : "memory"); break;
        case 13: __asm__ volatile("tlbi vaae1, %0" :: "r"(x) : "memory"); break;
        case 14: __asm__ volatile("tlbi aside1, %0" :: "r"(x) : "memory"); break;
        /* FEAT_TLBIRANGE (max): RIPAS2E1IS, RIPAS2E1, RIPAS2LE1 in the generic SYS form */
        case 15: __asm__ volatile("sys #4, c8, c0, #2, %0" :: "r"(x) : "memory"); break;
        case 16: __asm__ volatile("sys #4, c8, c4, #2, %0" :: "r"(x) : "memory"); break;
        case 17: __asm__ volatile("sys #4, c8, c4, #6, %0" :: "r"(x) : "memory"); break;
        default: break;
        }
        dsb(ish);
}

static void access(uint64_t entry, uint64_t ipa, uint64_t value, uint64_t check)
{
        struct el2_frame *f = &exit_frame;
        uint64_t v[4];

        guest_enter(entry * 8, 0, ipa, value);
        uint64_t ec = ESR_EC(f->esr);
        if (ec == ESR_EC_HVC64 && f->elr <= FUZZ_VEC_OFFSET + 0x800) {
                if (ESR_HVC_IMM16(f->esr) == FUZZ_HVC_DONE) {
                        v[0] = f->x[1];
                        int n = 1;
                        if (check) {
                                volatile uint64_t *w = (volatile uint64_t *)(check & ~7UL);
                                uint64_t pa = check & ~7UL;
                                v[n++] = *w;
                                *w = (uint64_t)fuzz_pattern(pa + 4) << 32 | fuzz_pattern(pa);
                        }
                        put_fields('K', v, n);
                        return;
                }
                v[0] = f->x[1]; v[1] = f->x[2]; v[2] = f->x[3];
                put_fields('E', v, 3);
                return;
        }
        if (ec == ESR_EC_HVC64) {
                v[0] = ESR_HVC_IMM16(f->esr); v[1] = f->elr;
                put_fields('X', v, 2);
                return;
        }
        if (ec == ESR_EC_DABT_LOW || ec == ESR_EC_IABT_LOW) {
                v[0] = f->esr; v[1] = f->far; v[2] = f->hpfar;
                put_fields('A', v, 3);
                return;
        }
        v[0] = f->esr; v[1] = f->elr;
        put_fields('?', v, 2);
}

static void at(uint64_t form, uint64_t va)
{
        uint64_t par;

        if (form == 0)
                __asm__ volatile("at s12e1r, %0" :: "r"(va) : "memory");
        else if (form == 1)
                __asm__ volatile("at s12e1w, %0" :: "r"(va) : "memory");
        else
                __asm__ volatile("at s1e1r, %0" :: "r"(va) : "memory");
        isb();
        par = read_sysreg(par_el1);
        put_fields('P', &par, 1);
}

int main(void)
{
        const uint64_t *b = (const uint64_t *)FUZZ_BLOB_PA;
        volatile uint64_t *status = (volatile uint64_t *)MMU_STATUS_PA;

        if (b[0] != MMU_MAGIC) {
                printf("fuzz-mmu: no batch at 0x%lx (load one with s2diff fuzz --mmu)\n", FUZZ_BLOB_PA);
                return 0;
        }
        for (uint64_t pa = FUZZ_POOL_PA; pa < FUZZ_POOL_PA + FUZZ_POOL_SIZE; pa += 8)
                *(volatile uint64_t *)pa = (uint64_t)fuzz_pattern(pa + 4) << 32 | fuzz_pattern(pa);
        for (const char *s = fuzz_stub; s < fuzz_stub_end; s += 4)
                *(volatile uint32_t *)(FUZZ_STUB_PA + (uint64_t)(s - fuzz_stub)) = *(const uint32_t *)s;
        dsb(ish);
        __asm__ volatile("ic iallu" ::: "memory");
        dsb(ish);
        isb();

        el2_set_lower_sync_handler(on_exit);
        el2_guest_exit_hook = leave_guest;
        write_sysreg(SCTLR_EL1_RES1, sctlr_el1);      /* the guest runs with stage 1 off */
        write_sysreg(0xffUL, mair_el1);
        write_sysreg(FUZZ_VEC_OFFSET, vbar_el1);
        /* 4K granule, 32-bit IPA from level 1 (SL0 = 1), PS 40 bits, inner shareable WBWA walks */
        write_sysreg(32UL | 1UL << 6 | 1UL << 8 | 1UL << 10 | 3UL << 12 | 2UL << 16 | 1UL << 31, vtcr_el2);
        write_sysreg(HCR_EL2_VM | HCR_EL2_RW, hcr_el2);
        isb();

        uint64_t nseq = b[1];
        const uint64_t *s = b + 2;
        for (uint64_t i = 0; i < nseq; i++) {
                uint64_t id = s[0], ncmds = s[1];
                const uint64_t *c = s + 2;

                uart_putc('C');
                uart_putc(' ');
                put_hex(id);
                uart_putc('\n');
                for (uint64_t k = 0; k < ncmds; k++, c += 4) {
                        uint64_t op = c[0] & 0xff, arg = c[0] >> 8;

                        *status = id << 32 | k;
                        switch (op) {
                        case 1: *(volatile uint64_t *)c[1] = c[2]; dsb(ish); break;
                        case 2: tlbi(arg, c[1]); break;
                        case 3: dsb(ish); break;
                        case 4: isb(); break;
                        case 5: write_sysreg(c[1], vttbr_el2); isb(); break;
                        case 6: access(arg, c[1], c[2], c[3]); break;
                        case 7: at(arg, c[1]); break;
                        default: printf("fuzz-mmu: bad command %lu\n", op); return 1;
                        }
                }
                s = c;
        }
        printf("DONE %lu\n", nseq);
        return 0;
}
