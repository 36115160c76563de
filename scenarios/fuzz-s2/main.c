/*
 * The generic stage-2 fuzz image (`s2diff fuzz`). The harness encodes a batch of cases
 * (harness/fuzz/blob.ts) and loads it at FUZZ_BLOB_PA on both sides (QEMU: -device loader).
 * For each case this image writes the case's stage-2 descriptors into RAM, installs its
 * VTCR_EL2/VTTBR_EL2, runs each probe in a fresh guest entry (EL1, stage 1 off) and prints
 * one line per probe, then clears the descriptors again so that the next case starts from
 * zeroed tables. Many cases per boot: QEMU's start-up does not bound the rate.
 *
 * Blob (little-endian u64): magic, ncases, then per case
 *   id, vtcr, vttbr, sctlr_el1, tcr_el1, ttbr0_el1, ndesc, nprobes,
 *   ndesc x (pa, value), nprobes x (entry, ipa, value, check_pa)
 * The guest's stage 1 is on when sctlr_el1.M is set (its tables are among the descriptors,
 * MAIR_EL1 Attr0 = Normal write-back).
 * entry: the stub entry (guest_stub.S); check_pa: where a store is expected to land
 * (0: not known), printed after the probe and then restored to the pool pattern.
 *
 * Output, hex without 0x:
 *   C <id>                          a case starts
 *   K <x1> [<mem at check_pa>]      the access completed; x1 as the guest left it
 *   A <esr> <far> <hpfar>           exit to EL2 on a stage-2 (or other) abort
 *   E <esr_el1> <far_el1> <elr_el1> the guest took an exception at EL1
 *   X <imm16> <elr>                 executed a pool word: HVC #imm16, ELR = IPA + 4
 *   ? <esr> <elr>                   any other exit
 *   DONE <ncases>
 */
#include "runtime.h"
#include "vm.h"
#include "fuzz.h"
#include "fuzz-el2.h"

extern char fuzz_stub[], fuzz_stub_end[];

static void run_probe(const uint64_t *p)
{
        uint64_t entry = p[0], ipa = p[1], value = p[2], check = p[3];
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
                                v[n++] = *w;
                                uint64_t pa = check & ~7UL;
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

int main(void)
{
        const uint64_t *b = (const uint64_t *)FUZZ_BLOB_PA;

        if (b[0] != FUZZ_MAGIC) {
                printf("fuzz-s2: no batch at 0x%lx (load one with s2diff fuzz)\n", FUZZ_BLOB_PA);
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
        write_sysreg(SCTLR_EL1_RES1, sctlr_el1);      /* guest stage 1 off until a case turns it on */
        write_sysreg(0xffUL, mair_el1);
        write_sysreg(FUZZ_VEC_OFFSET, vbar_el1);      /* IPA of the stub's EL1 vectors */
        write_sysreg(HCR_EL2_VM | HCR_EL2_RW, hcr_el2);
        isb();

        uint64_t ncases = b[1];
        const uint64_t *c = b + 2;
        for (uint64_t i = 0; i < ncases; i++) {
                uint64_t id = c[0], vtcr = c[1], vttbr = c[2], ndesc = c[6], nprobes = c[7];
                const uint64_t *d = c + 8, *p = d + 2 * ndesc;

                for (uint64_t k = 0; k < ndesc; k++)
                        *(volatile uint64_t *)d[2 * k] = d[2 * k + 1];
                dsb(ish);
                write_sysreg(vtcr, vtcr_el2);
                write_sysreg(vttbr, vttbr_el2);
                write_sysreg(c[4], tcr_el1);
                write_sysreg(c[5], ttbr0_el1);
                write_sysreg(c[3], sctlr_el1);
                isb();
                __asm__ volatile("tlbi alle1" ::: "memory");
                dsb(ish);
                isb();
                uart_putc('C');
                uart_putc(' ');
                put_hex(id);
                uart_putc('\n');
                for (uint64_t k = 0; k < nprobes; k++)
                        run_probe(p + 4 * k);
                for (uint64_t k = 0; k < ndesc; k++)
                        *(volatile uint64_t *)d[2 * k] = 0;
                dsb(ish);
                c = p + 4 * nprobes;
        }
        printf("DONE %lu\n", ncases);
        return 0;
}
