/*
 * board-devices: the virt board's PrimeCell devices as a bare-metal driver uses them, with
 * their interrupts through the GICv3 to EL2:
 *  - PL011 UART (DDI 0183, INTID 33): ID and reset values, the TX interrupt that every DR
 *    write raises, IMSC masking, ICR clearing, the IRQ taken;
 *  - PL031 RTC (DDI 0224, INTID 34): counting from QEMU's -rtc base on the virtual clock,
 *    LR, the match interrupt one virtual second later (scenario.json "icount": both sides
 *    count time by instructions, so every reading is deterministic);
 *  - PL061 GPIO (DDI 0190, INTID 39): ID and reset values, DATA masked by address bits,
 *    input edges, a level interrupt on a low input that IC cannot clear while it lasts.
 * Every write to the UART raises PL011 TX again: its interrupt registers are read first
 * and printed afterwards.
 */
#include "devices.h"

int main(void)
{
        int failures = 0;

        pl011_capture_reset();
        gic_setup();
        failures += pl011_test();
        failures += pl031_test();
        failures += pl061_test();
        printf("%s\n", failures ? "FAIL" : "PASS");
        return failures ? STATUS_CHECK_FAILED : STATUS_OK;
}
