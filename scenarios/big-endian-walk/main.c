/*
 * big-endian-walk: translation table walks with big-endian descriptors (SCTLR_ELx.EE, D8.2:
 * "the endianness of a translation table walk is the endianness of the regime's data
 * accesses"; stage 2 follows SCTLR_EL2.EE). Tables are built here with every descriptor
 * byte-reversed, then AT instructions walk them:
 *   - stage 1 of the EL1&0 regime (SCTLR_EL1.EE = 1, M = 1; HCR_EL2.VM = 0): a level-1 block,
 *     a level-3 page through two table descriptors, a read-only page written (Permission
 *     fault), an invalid entry (Translation fault, level 3), a block with AF = 0 (Access
 *     flag fault, level 2);
 *   - stage 2 (SCTLR_EL2.EE = 1 only around each AT S12E1R/W, EL1's stage 1 off): a level-1
 *     block, a read-only level-2 block written, an invalid level-2 entry.
 * Every PAR_EL1 is printed; a walk read little-endian would see other descriptors (the
 * same tables read that way give Translation faults at level 1 or wrong addresses).
 * Without ID_AA64MMFR0_EL1.BigEnd nothing is run.
 */
#include "runtime.h"

#define SCTLR_EE        BIT(25)
#define S1_VALID_BLOCK  0x1UL
#define S1_TABLE        0x3UL
#define S1_PAGE         0x3UL
#define S1_AF           BIT(10)
#define S1_SH_IS        (3UL << 8)
#define S1_AP_RO        BIT(7)
#define S2_NORMAL       (0xfUL << 2)    /* MemAttr: Normal, Write-Back */
#define S2_AP_RW        (3UL << 6)
#define S2_AP_RO        (1UL << 6)

static uint64_t s1_l1[512] __attribute__((aligned(4096)));
static uint64_t s1_l2[512] __attribute__((aligned(4096)));
static uint64_t s1_l3[512] __attribute__((aligned(4096)));
static uint64_t s2_l1[512] __attribute__((aligned(4096)));
static uint64_t s2_l2[512] __attribute__((aligned(4096)));

/* A descriptor as a big-endian walk reads it. */
static uint64_t be(uint64_t d)
{
        return __builtin_bswap64(d);
}

static uint64_t at_s1e1(uint64_t va, int write)
{
        if (write)
                __asm__ volatile("at s1e1w, %0" :: "r"(va));
        else
                __asm__ volatile("at s1e1r, %0" :: "r"(va));
        isb();
        return read_sysreg(par_el1);
}

/* AT S12E1R/W with SCTLR_EL2.EE set for the walk only: nothing between the two MSRs touches
 * memory (EL2's own MMU is off, its instruction fetches are little-endian regardless). */
static uint64_t at_s12e1_be(uint64_t ipa, int write)
{
        uint64_t sctlr = read_sysreg(sctlr_el2), par;

        if (write)
                __asm__ volatile("msr sctlr_el2, %1\n isb\n at s12e1w, %2\n isb\n mrs %0, par_el1\n msr sctlr_el2, %3\n isb"
                                 : "=&r"(par) : "r"(sctlr | SCTLR_EE), "r"(ipa), "r"(sctlr) : "memory");
        else
                __asm__ volatile("msr sctlr_el2, %1\n isb\n at s12e1r, %2\n isb\n mrs %0, par_el1\n msr sctlr_el2, %3\n isb"
                                 : "=&r"(par) : "r"(sctlr | SCTLR_EE), "r"(ipa), "r"(sctlr) : "memory");
        return par;
}

int main(void)
{
        uint64_t mmfr0 = read_sysreg(id_aa64mmfr0_el1), normal = S1_AF | S1_SH_IS;   /* AttrIdx 0 */

        printf("big-endian-walk: ID_AA64MMFR0_EL1.BigEnd = %lu, SCTLR_EL2.M = %lu\n", (mmfr0 >> 8) & 0xf,
               read_sysreg(sctlr_el2) & 1);
        if (((mmfr0 >> 8) & 0xf) == 0 || (read_sysreg(sctlr_el2) & 1))
                return STATUS_OK;

        /* Stage 1, TTBR0_EL1, 4K granule, 39-bit VAs: the walk starts at level 1. */
        s1_l1[1] = be(0x40000000UL | normal | S1_VALID_BLOCK);           /* VA 0x40000000: 1 GiB block */
        s1_l1[2] = be((uint64_t)s1_l2 | S1_TABLE);                       /* VA 0x80000000 */
        s1_l2[0] = be((uint64_t)s1_l3 | S1_TABLE);
        s1_l2[1] = be(0x46000000UL | S1_SH_IS | S1_VALID_BLOCK);         /* 2 MiB block, AF = 0 */
        s1_l3[0] = be(0x45000000UL | normal | S1_PAGE);
        s1_l3[1] = be(0x45001000UL | normal | S1_AP_RO | S1_PAGE);
        /* s1_l3[2] stays 0: invalid whatever the byte order */
        /* Stage 2, 4K granule, 39-bit IPAs, starting at level 1. */
        s2_l1[1] = be(0x40000000UL | S2_NORMAL | S2_AP_RW | S1_SH_IS | S1_AF | S1_VALID_BLOCK);
        s2_l1[2] = be((uint64_t)s2_l2 | S1_TABLE);                       /* IPA 0x80000000 */
        s2_l2[0] = be(0x48000000UL | S2_NORMAL | S2_AP_RO | S1_SH_IS | S1_AF | S1_VALID_BLOCK);
        dsb(ish);

        write_sysreg(0xffUL | 0x04UL << 8, mair_el1);
        write_sysreg(25UL | 1UL << 8 | 1UL << 10 | 3UL << 12 | BIT(23) | 2UL << 32, tcr_el1);
        write_sysreg((uint64_t)s1_l1, ttbr0_el1);
        write_sysreg(HCR_EL2_RW, hcr_el2);
        write_sysreg(SCTLR_EL1_RES1 | SCTLR_EE | SCTLR_ELx_M, sctlr_el1);
        isb();
        __asm__ volatile("tlbi vmalls12e1\n dsb ish" ::: "memory");
        isb();
        uint64_t block = at_s1e1(0x40001234UL, 0), page = at_s1e1(0x80000010UL, 0);
        uint64_t ro_write = at_s1e1(0x80001000UL, 1), ro_read = at_s1e1(0x80001000UL, 0);
        uint64_t invalid = at_s1e1(0x80002000UL, 0), no_af = at_s1e1(0x80200000UL, 0);
        write_sysreg(SCTLR_EL1_RES1, sctlr_el1);
        isb();
        regs_dump("stage-1", REG("block", block), REG("page", page), REG("ro-write", ro_write), REG("ro-read", ro_read),
                  REG("invalid", invalid), REG("no-af", no_af), NULL);

        write_sysreg(VTCR_EL2_T0SZ(25) | VTCR_EL2_SL0_4K_L1 | 1UL << 8 | 1UL << 10 | 3UL << 12 | 2UL << 16 | BIT(31), vtcr_el2);
        write_sysreg((uint64_t)s2_l1, vttbr_el2);
        write_sysreg(HCR_EL2_RW | HCR_EL2_VM, hcr_el2);
        isb();
        __asm__ volatile("tlbi vmalls12e1\n dsb ish" ::: "memory");
        isb();
        uint64_t s2_block = at_s12e1_be(0x40002000UL, 0), s2_ro_read = at_s12e1_be(0x80000040UL, 0);
        uint64_t s2_ro_write = at_s12e1_be(0x80000040UL, 1), s2_invalid = at_s12e1_be(0x80200000UL, 0);
        write_sysreg(HCR_EL2_RW, hcr_el2);
        isb();
        regs_dump("stage-2", REG("block", s2_block), REG("ro-read", s2_ro_read), REG("ro-write", s2_ro_write),
                  REG("invalid", s2_invalid), NULL);
        return STATUS_OK;
}
