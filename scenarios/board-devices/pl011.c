/* PL011 UART (PrimeCell UART TRM, DDI 0183): registers, the TX interrupt and its IRQ (INTID 33). */
#include "devices.h"

#define DR      0x000
#define RSR     0x004
#define FR      0x018
#define ILPR    0x020
#define IBRD    0x024
#define FBRD    0x028
#define LCR_H   0x02c
#define CR      0x030
#define IFLS    0x034
#define IMSC    0x038
#define RIS     0x03c
#define MIS     0x040
#define ICR     0x044
#define DMACR   0x048
#define INT_TX  (1U << 5)
#define INT_ALL 0x7ff

#define U(off)  R32(PL011 + (off))

static uint32_t reset[11];
static const char *const reset_names[] = { "cr", "ifls", "lcr_h", "ibrd", "fbrd", "imsc", "ris", "mis", "fr",
                                           "rsr", "dmacr" };
static const unsigned reset_offsets[] = { CR, IFLS, LCR_H, IBRD, FBRD, IMSC, RIS, MIS, FR, RSR, DMACR };

void pl011_capture_reset(void)
{
        for (unsigned i = 0; i < ARRAY_SIZE(reset); i++)
                reset[i] = U(reset_offsets[i]);
}

/* What the IRQ handler saw of the UART before and after its ICR write. */
static uint32_t irq_ris, irq_mis, irq_ris_after;

static void clear_tx(void)
{
        irq_ris = U(RIS);
        irq_mis = U(MIS);
        U(ICR) = INT_TX;
        irq_ris_after = U(RIS);
}

int pl011_test(void)
{
        uint32_t ris0, ris1, mis1, mis2, imsc2, ris3, mis3, hppir, ispendr;
        uint32_t ibrd, fbrd, lcr_h, ifls, cr, ilpr, dmacr;
        unsigned intids[4] = { 0 }, n;
        int failures = 0;

        regs_begin("pl011-reset");
        for (unsigned i = 0; i < ARRAY_SIZE(reset); i++)
                regs_field(reset_names[i], reset[i]);
        regs_end();
        print_id_registers("pl011-id", PL011, 0xfe0);

        /* Plain registers: what a write leaves (the TRM's widths: IBRD 16 bits, FBRD 6, LCR_H 8). */
        U(IBRD) = 0xfffff; U(FBRD) = 0xff; U(LCR_H) = 0x1ff; U(IFLS) = 0x3f; U(ILPR) = 0x1ff; U(DMACR) = 0;
        U(CR) = 0x301 | 0x8000;
        ibrd = U(IBRD); fbrd = U(FBRD); lcr_h = U(LCR_H); ifls = U(IFLS); ilpr = U(ILPR); dmacr = U(DMACR); cr = U(CR);
        U(IBRD) = reset[3]; U(FBRD) = reset[4]; U(LCR_H) = reset[2]; U(IFLS) = reset[1]; U(ILPR) = 0; U(CR) = reset[0];
        regs_dump("pl011-written", REG("ibrd", ibrd), REG("fbrd", fbrd), REG("lcr_h", lcr_h), REG("ifls", ifls),
                  REG("ilpr", ilpr), REG("dmacr", dmacr), REG("cr", cr), NULL);

        /* TX: ICR clears it, a DR write raises it; MIS only with IMSC.TX. */
        U(ICR) = INT_ALL;
        ris0 = U(RIS);
        U(DR) = '>';
        ris1 = U(RIS);
        mis1 = U(MIS);
        U(IMSC) = INT_TX;
        mis2 = U(MIS);
        imsc2 = U(IMSC);
        U(IMSC) = 0;
        U(ICR) = INT_TX;
        ris3 = U(RIS);
        mis3 = U(MIS);
        printf(" <- one byte written to DR\n");
        regs_dump("pl011-tx", REG("ris_after_icr", ris0), REG("ris_after_dr", ris1), REG("mis_unmasked_off", mis1),
                  REG("mis_imsc_tx", mis2), REG("imsc", imsc2), REG("ris_icr_tx", ris3), REG("mis_icr_tx", mis3), NULL);
        if (ris0 != 0 || ris1 != INT_TX || mis1 != 0 || mis2 != INT_TX || ris3 != 0)
                failures++;

        /* The IRQ: TX (raised by the printing above) unmasked at the UART and enabled at the GIC. */
        gic_enable_spi(INTID_PL011);
        U(IMSC) = INT_TX;
        isb();
        hppir = read_sysreg(ICC_HPPIR1_EL1);
        ispendr = R32(GICD + 0x200 + 4);
        n = take_irq(clear_tx, intids);
        U(IMSC) = 0;                    /* before the next byte printed raises TX again */
        printf("pl011 IRQ: %u taken, INTID %u (HPPIR1 %u, GICD_ISPENDR1 0x%x)\n", n, intids[0], hppir, ispendr);
        regs_dump("pl011-irq", REG("ris", irq_ris), REG("mis", irq_mis), REG("ris_after_icr", irq_ris_after),
                  REG("hppir1_after", read_sysreg(ICC_HPPIR1_EL1)), NULL);
        if (n != 1 || intids[0] != INTID_PL011 || irq_mis != INT_TX || irq_ris_after != 0)
                failures++;
        return failures;
}
