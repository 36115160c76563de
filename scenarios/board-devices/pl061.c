/*
 * PL061 GPIO (PrimeCell GPIO TRM, DDI 0190): DATA masked by address bits [9:2], input
 * edges when a line turns from output to input, and a level interrupt on a low input
 * (INTID 39). Nothing drives the inputs on virt (gpio-key on line 3 only by a monitor command).
 */
#include "devices.h"

#define DATA(mask) ((mask) << 2)
#define DIR     0x400
#define IS      0x404
#define IBE     0x408
#define IEV     0x40c
#define IE      0x410
#define RIS     0x414
#define MIS     0x418
#define IC      0x41c
#define AFSEL   0x420

#define G(off)  R32(PL061 + (off))

static uint32_t irq_ris, irq_mis, irq_ris_ic, irq_ris_iev;

/* IC alone cannot clear a level that persists; turning IEV to the other level ends it. */
static void clear_level(void)
{
        irq_ris = G(RIS);
        irq_mis = G(MIS);
        G(IC) = 1;
        irq_ris_ic = G(RIS);
        G(IEV) = 1;
        G(IC) = 1;
        irq_ris_iev = G(RIS);
}

int pl061_test(void)
{
        uint32_t all, low, top, two, after_in, ris_in, ris_edge, ris_both, ris_is, mis_is, mis_ie, hppir;
        unsigned intids[4] = { 0 }, n;
        int failures = 0;

        print_id_registers("pl061-id", PL061, 0xfd0);
        regs_dump("pl061-reset", REG("data", G(DATA(0xff))), REG("dir", G(DIR)), REG("is", G(IS)), REG("ibe", G(IBE)),
                  REG("iev", G(IEV)), REG("ie", G(IE)), REG("ris", G(RIS)), REG("mis", G(MIS)), REG("afsel", G(AFSEL)),
                  NULL);

        /* DATA: address bits [9:2] select the bits a read returns and a write changes. */
        G(DATA(0xff)) = 0xa5;           /* inputs: ignored */
        after_in = G(DATA(0xff));
        G(DIR) = 0xff;
        G(DATA(0xff)) = 0xa5;
        all = G(DATA(0xff));
        low = G(DATA(0x0f));
        top = G(DATA(0x80));
        G(DATA(0x0c)) = 0xff;           /* bits 2 and 3 only */
        two = G(DATA(0xff));
        regs_dump("pl061-data", REG("write_as_input", after_in), REG("all", all), REG("mask_0f", low),
                  REG("mask_80", top), REG("after_mask_0c", two), NULL);
        if (after_in != 0 || all != 0xa5 || low != 0x05 || top != 0x80 || two != 0xad)
                failures++;

        /*
         * Lines 4-7 turned to inputs keep their level 0xa: an input change from the last one
         * seen as input (0), so an edge where IEV (line 5 rising) or IBE (line 7) allows it.
         */
        G(IEV) = 0x20;
        G(IBE) = 0x80;
        G(DIR) = 0x0f;
        ris_in = G(RIS);
        G(DATA(0xff)) = 0x00;           /* only the outputs (0-3) change: no input edge */
        ris_edge = G(RIS);
        G(IC) = 0xff;
        G(DIR) = 0xff;
        G(DATA(0xf0)) = 0x00;
        /* All inputs, low: lines 0, 2, 3, 5, 7 changed from the last input level (0xad, seen
           when 4-7 became inputs); IEV 0 means falling for 0, 2, 3; 7 any edge; 5 rising only. */
        G(DIR) = 0x00;
        ris_both = G(RIS);
        G(IC) = 0xff;
        printf("pl061 edges: RIS 0x%x when 4-7 became inputs at 0xa, 0x%x after an output write, 0x%x when they fell, 0x%x after IC; DATA 0x%x\n",
               ris_in, ris_edge, ris_both, G(RIS), G(DATA(0xff)));
        if (ris_in != 0xa0 || ris_edge != 0xa0 || ris_both != 0x8d)
                failures++;
        G(IEV) = 0;
        G(IBE) = 0;

        /* Level-sensitive, low: line 0 (an input, low) is pending as soon as IS says level. */
        gic_enable_spi(INTID_PL061);
        G(IS) = 1;
        ris_is = G(RIS);
        mis_is = G(MIS);
        G(IE) = 1;
        mis_ie = G(MIS);
        isb();
        hppir = read_sysreg(ICC_HPPIR1_EL1);
        n = take_irq(clear_level, intids);
        printf("pl061 level low: RIS 0x%x MIS 0x%x, IE = 1: MIS 0x%x, HPPIR1 %u\n", ris_is, mis_is, mis_ie, hppir);
        printf("pl061 IRQ: %u taken, INTID %u, RIS 0x%x MIS 0x%x; after IC RIS 0x%x (level persists); IEV = 1 and IC: RIS 0x%x\n",
               n, intids[0], irq_ris, irq_mis, irq_ris_ic, irq_ris_iev);
        if (ris_is != 1 || mis_is != 0 || mis_ie != 1 || n != 1 || intids[0] != INTID_PL061 || irq_ris_ic != 1 ||
            irq_ris_iev != 0)
                failures++;
        G(IE) = 0;
        G(IS) = 0;
        G(IEV) = 0;
        return failures;
}
