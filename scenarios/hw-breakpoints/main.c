/*
 * hw-breakpoints: hardware breakpoints and watchpoints (Arm ARM D2.8, D2.9, D19.3 DBGBCR/
 * DBGWCR). EL2 debugs itself with MDCR_EL2.TDE = 1 (debug target EL2), MDSCR_EL1.KDE and
 * PSTATE.D = 0; every debug exception is taken to EL2, printed (EC, ISS, ELR, FAR), and the
 * breakpoint or watchpoint that fired is disabled so the instruction runs when resumed.
 *   1. a breakpoint (BT = 0, HMC = 1) on a function called at EL2: EC 0x31 before it runs;
 *   2. a store watchpoint (LSC = 0b10, BAS = 0xff) on a doubleword: a load passes, the store
 *      takes EC 0x35 with WnR = 1 and FAR = the address;
 *   3. a load watchpoint on bytes 2-3 (BAS = 0x0c): a byte load of byte 0 passes, of byte 3
 *      fires; a doubleword load covering them fires with FAR = the watched address;
 *   4. a MASK watchpoint (MASK = 12: a 4 KiB region) fires on a load inside it;
 *   5. nothing fires with MDSCR_EL1.MDE = 0, nor with KDE = 0;
 *   6. a guest at EL1: a breakpoint with PMC = 0b01 (EL1) on guest code (EC 0x30), a store
 *      watchpoint with PAC = 0b01 (EC 0x34), and a load watchpoint with PAC = 0b10 (EL0
 *      only) that the guest's LDR at EL1 does not fire.
 */
#include "vm.h"

int guest_main(uint64_t arg);           /* guest.c */
uint64_t guest_bp_target(uint64_t v);
extern uint64_t guest_data[4];

#define MDCR_EL2_TDE    BIT(8)
#define MDSCR_KDE       BIT(13)
#define MDSCR_MDE       BIT(15)

/* DBGBCR: E, PMC[2:1], BAS[8:5] = 0b1111, HMC[13], BT = 0 (unlinked address match) */
#define BCR(pmc, hmc)           (1UL | ((uint64_t)(pmc) << 1) | (0xfUL << 5) | ((uint64_t)(hmc) << 13))
/* DBGWCR: E, PAC[2:1], LSC[4:3], BAS[12:5], HMC[13], MASK[28:24] */
#define WCR(pac, lsc, bas, hmc, mask) (1UL | ((uint64_t)(pac) << 1) | ((uint64_t)(lsc) << 3) | \
                                       ((uint64_t)(bas) << 5) | ((uint64_t)(hmc) << 13) | ((uint64_t)(mask) << 24))

static uint64_t data[8] __attribute__((aligned(64)));
static uint8_t region[4096] __attribute__((aligned(4096)));
static unsigned hits;

__attribute__((noinline)) static uint64_t bp_target(uint64_t v)
{
        return v + 0x100;
}

static void report(const char *where, struct el2_frame *f)
{
        uint64_t ec = ESR_EC(f->esr);
        hits++;
        printf("  %s: EC=0x%02lx ISS=0x%07lx ELR=%s FAR=0x%lx\n", where, ec, ESR_ISS(f->esr),
               f->elr == (uint64_t)bp_target ? "bp_target" : f->elr == (uint64_t)guest_bp_target ? "guest_bp_target" : "(code)",
               ec == 0x30 || ec == 0x31 ? f->far : f->far - (uint64_t)data);
        /* Disable everything that can fire so the instruction runs when resumed. */
        write_sysreg(0, dbgbcr0_el1);
        write_sysreg(0, dbgwcr0_el1);
        write_sysreg(0, dbgwcr1_el1);
        isb();
}

static enum exc_result on_current_sync(struct el2_frame *f)
{
        uint64_t ec = ESR_EC(f->esr);
        if (ec != 0x31 && ec != 0x35)
                return EXC_UNHANDLED;
        report("EL2", f);
        return EXC_HANDLED;
}

static enum exc_result on_lower_sync(struct el2_frame *f)
{
        uint64_t ec = ESR_EC(f->esr);
        if (ec != 0x30 && ec != 0x34)
                return EXC_UNHANDLED;
        report("guest", f);
        return EXC_HANDLED;
}

/* A doubleword load the compiler cannot merge or remove. */
#define LOAD64(p)  ({ uint64_t __v; __asm__ volatile("ldr %0, [%1]" : "=r"(__v) : "r"(p) : "memory"); __v; })

static void arm_debug(uint64_t mdscr)
{
        write_sysreg(mdscr, mdscr_el1);
        __asm__ volatile("msr daifclr, #8" ::: "memory");      /* PSTATE.D = 0 */
        isb();
}

int main(void)
{
        volatile uint64_t *d = data;
        volatile uint8_t *b = (volatile uint8_t *)data;
        uint64_t v, dfr0 = read_sysreg(id_aa64dfr0_el1);

        el2_set_current_sync_handler(on_current_sync);
        el2_set_lower_sync_handler(on_lower_sync);
        printf("hw-breakpoints: %lu breakpoints, %lu watchpoints\n", ((dfr0 >> 12) & 0xf) + 1, ((dfr0 >> 20) & 0xf) + 1);
        s2_init();
        vm_map_guest_image();
        s2_enable(1);
        write_sysreg(read_sysreg(mdcr_el2) | MDCR_EL2_TDE, mdcr_el2);
        write_sysreg(0, oslar_el1);                             /* OS lock off */
        arm_debug(MDSCR_KDE | MDSCR_MDE);

        printf("1. breakpoint at EL2:\n");
        write_sysreg((uint64_t)bp_target, dbgbvr0_el1);
        write_sysreg(BCR(0, 1), dbgbcr0_el1);
        isb();
        v = bp_target(1);
        printf("  bp_target returned 0x%lx\n", v);

        printf("2. store watchpoint:\n");
        write_sysreg((uint64_t)&data[1], dbgwvr0_el1);
        write_sysreg(WCR(0, 2, 0xff, 1, 0), dbgwcr0_el1);
        isb();
        v = d[1];
        d[1] = v + 7;
        printf("  data[1] = 0x%lx\n", d[1]);

        printf("3. load watchpoint on bytes 2-3:\n");
        write_sysreg((uint64_t)&data[2], dbgwvr0_el1);
        write_sysreg(WCR(0, 1, 0x0c, 1, 0), dbgwcr0_el1);
        isb();
        v = b[16];
        v += b[19];
        write_sysreg(WCR(0, 1, 0x0c, 1, 0), dbgwcr0_el1);
        isb();
        v += LOAD64(&data[2]);
        printf("  loads done (0x%lx)\n", v);

        printf("4. MASK watchpoint on a 4 KiB region:\n");
        write_sysreg((uint64_t)region + 0x123, dbgwvr1_el1);   /* masked bits set: still fires (QEMU) */
        write_sysreg(WCR(0, 3, 0, 1, 12), dbgwcr1_el1);
        isb();
        v = LOAD64(&region[0x800]);
        printf("  region load done\n");

        printf("5. MDE = 0, then KDE = 0:\n");
        write_sysreg((uint64_t)bp_target, dbgbvr0_el1);
        write_sysreg(BCR(0, 1), dbgbcr0_el1);
        arm_debug(MDSCR_KDE);
        v = bp_target(2);
        arm_debug(MDSCR_MDE);
        v += bp_target(3);
        printf("  no exception: 0x%lx, %u hits so far\n", v, hits);
        arm_debug(MDSCR_KDE | MDSCR_MDE);

        printf("6. guest at EL1:\n");
        write_sysreg((uint64_t)guest_bp_target, dbgbvr0_el1);
        write_sysreg(BCR(1, 0), dbgbcr0_el1);                  /* EL1 only */
        isb();
        printf("  guest returned %lu\n", guest_call(guest_main, 0));
        write_sysreg((uint64_t)&guest_data[1], dbgwvr0_el1);
        write_sysreg(WCR(1, 2, 0xff, 0, 0), dbgwcr0_el1);      /* EL1 stores */
        isb();
        printf("  guest returned %lu\n", guest_call(guest_main, 1));
        write_sysreg((uint64_t)&guest_data[2], dbgwvr0_el1);
        write_sysreg(WCR(2, 1, 0xff, 0, 0), dbgwcr0_el1);      /* EL0 loads */
        isb();
        printf("  guest returned %lu\n", guest_call(guest_main, 2));

        write_sysreg(0, mdscr_el1);
        write_sysreg(0, dbgbcr0_el1);
        write_sysreg(0, dbgwcr0_el1);
        isb();
        printf("%u debug exceptions\n", hits);
        return hits == 7 ? STATUS_OK : STATUS_CHECK_FAILED;
}
