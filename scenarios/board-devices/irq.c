/* GICv3 distributor, redistributor and CPU interface for the devices' SPIs, IRQs at EL2. */
#include "devices.h"

static void (*irq_clear)(void);
static unsigned taken[4];
static unsigned ntaken;

void print_id_registers(const char *label, uint64_t base, unsigned first)
{
        regs_begin(label);
        for (unsigned off = first; off < 0x1000; off += 4) {
                char name[8];

                snprintf(name, sizeof(name), "%x", off);
                regs_field(name, mmio_read32(base + off));
        }
        regs_end();
}

static enum exc_result on_irq(struct el2_frame *f)
{
        unsigned intid = read_sysreg(ICC_IAR1_EL1);

        (void)f;
        if (ntaken < ARRAY_SIZE(taken))
                taken[ntaken] = intid;
        ntaken++;
        if (irq_clear)
                irq_clear();    /* the line must be low before the EOI, or it is pending again */
        write_sysreg(intid, ICC_EOIR1_EL1);
        isb();
        return EXC_HANDLED;
}

void gic_setup(void)
{
        R32(GICD + 0x0) = 0x2 | 0x10;                   /* GICD_CTLR: EnableGrp1, ARE */
        R32(GICR + 0x14) &= ~0x2U;                      /* GICR_WAKER.ProcessorSleep = 0 */
        while (R32(GICR + 0x14) & 0x4)
                ;                                       /* ChildrenAsleep */
        R32(GICD + 0x80 + 4) = 0xffffffff;              /* SPIs 32-63: group 1 */
        for (unsigned i = 32; i < 64; i += 4)
                R32(GICD + 0x400 + i) = 0x80808080;     /* priority 0x80 */
        write_sysreg(0xff, ICC_PMR_EL1);
        write_sysreg(1, ICC_IGRPEN1_EL1);
        el2_set_irq_handler(on_irq);
        write_sysreg(read_sysreg(hcr_el2) | HCR_EL2_IMO, hcr_el2);      /* physical IRQs to EL2 */
        isb();
}

void gic_enable_spi(unsigned intid)
{
        R32(GICD + 0x100 + (intid / 32) * 4) = 1U << (intid % 32);      /* GICD_ISENABLER<n> */
        isb();
}

unsigned take_irq(void (*clear)(void), unsigned *intids)
{
        irq_clear = clear;
        ntaken = 0;
        __asm__ volatile("msr daifclr, #2\n\tisb\n\tmsr daifset, #2" ::: "memory");
        for (unsigned i = 0; i < ntaken && i < ARRAY_SIZE(taken); i++)
                intids[i] = taken[i];
        irq_clear = 0;
        return ntaken;
}
