/*
 * psci-cpu-suspend: PSCI CPU_SUSPEND (PSCI 1.1, 5.4) as QEMU 7.2's built-in firmware answers
 * it: no powerdown state and no affinity levels, so a valid power_state returns SUCCESS
 * after waiting as WFI does (until an interrupt is pending, masked or not), and a
 * power_state with bits [31:17] set is INVALID_PARAMETERS. With scenario.json "icount": 4 one
 * instruction is one counter tick, so where the wait ends is exact on both sides.
 */
#include "vm.h"

#define GICD            0x08000000UL
#define GICR_SGI        (0x080a0000UL + 0x10000)
#define R32(a)          (*(volatile uint32_t *)(a))
#define TIMER_PPI       26      /* the EL2 physical timer */
#define CNTHP_CTL_EL2   s3_4_c14_c2_1
#define CNTHP_CVAL_EL2  s3_4_c14_c2_2

static int64_t cpu_suspend(uint64_t fn, uint64_t power_state)
{
        register uint64_t x0 __asm__("x0") = fn;
        register uint64_t x1 __asm__("x1") = power_state;
        register uint64_t x2 __asm__("x2") = 0, x3 __asm__("x3") = 0;

        __asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) :: "memory");
        return (int64_t)x0;
}

static inline uint64_t ticks(void)
{
        uint64_t t;

        __asm__ volatile("isb\n\tmrs %0, cntpct_el0" : "=r"(t) :: "memory");
        return t;
}

/* The timer's PPI enabled, group 1, through to the CPU interface: its line wakes a WFI. */
static void gic_timer_line(void)
{
        R32(GICD) = 0x2 | 0x10;                         /* GICD_CTLR: EnableGrp1, ARE */
        R32(0x080a0000UL + 0x14) &= ~0x2U;              /* GICR_WAKER.ProcessorSleep = 0 */
        while (R32(0x080a0000UL + 0x14) & 0x4)
                ;
        R32(GICR_SGI + 0x80) |= 1U << TIMER_PPI;        /* GICR_IGROUPR0 */
        *(volatile uint8_t *)(GICR_SGI + 0x400 + TIMER_PPI) = 0x80;
        R32(GICR_SGI + 0x100) = 1U << TIMER_PPI;        /* GICR_ISENABLER0 */
        write_sysreg(0xff, s3_0_c4_c6_0);               /* ICC_PMR_EL1 */
        write_sysreg(1, s3_0_c12_c12_7);                /* ICC_IGRPEN1_EL1 */
        isb();
}

int main(void)
{
        uint64_t fns[] = { 0x84000001UL, 0xc4000001UL };   /* CPU_SUSPEND, SMC32 and SMC64 */

        gic_timer_line();

        for (unsigned i = 0; i < 2; i++) {
                static const uint64_t states[] = { 0, 0x10000, 0x20000, 0x80000000UL };

                for (unsigned j = 0; j < ARRAY_SIZE(states); j++) {
                        /* a timer due in 5000 ticks, IRQs masked (DAIF): it only wakes the wait */
                        uint64_t cval = ticks() + 5000;
                        int64_t r;

                        write_sysreg(cval, CNTHP_CVAL_EL2);
                        write_sysreg(1, CNTHP_CTL_EL2);
                        isb();
                        r = cpu_suspend(fns[i], states[j]);
                        int64_t after = (int64_t)(ticks() - cval);
                        write_sysreg(0, CNTHP_CTL_EL2);
                        isb();
                        printf("CPU_SUSPEND 0x%lx power_state 0x%lx: x0=%ld, %s\n", (unsigned long)fns[i],
                               (unsigned long)states[j], (long)r, after >= 0 ? "waited for the timer" : "returned at once");
                }
        }
        return STATUS_OK;
}
