/* board-devices: the virt board's PL011, PL031 and PL061, and the GIC plumbing they share. */
#ifndef BOARD_DEVICES_H
#define BOARD_DEVICES_H

#include "runtime.h"
#include "../gic-timer/gic.h"

#define PL011           UART_PL011_BASE
#define PL031           0x09010000UL
#define PL061           0x09030000UL
#define INTID_PL011     33      /* SPI 1 */
#define INTID_PL031     34      /* SPI 2 */
#define INTID_PL061     39      /* SPI 7 */

#define RTC_BASE_SECONDS 1735689600U    /* 2025-01-01T00:00:00Z: QEMU -rtc base= */

/* The PrimeCell ID registers from 'first' (0xFE0, or 0xFD0 for the PL061) to 0xFFC, one REGS block. */
void print_id_registers(const char *label, uint64_t base, unsigned first);

/* irq.c: GICv3 set up for group-1 IRQs at EL2; interrupts are only taken in take_irq(). */
void gic_setup(void);
void gic_enable_spi(unsigned intid);
/*
 * Unmasks IRQs for one instruction. The handler acknowledges (ICC_IAR1_EL1), calls
 * 'clear' to quiet the device, and ends the interrupt (ICC_EOIR1_EL1). Returns the
 * INTIDs taken, in order, in 'intids' (at most 4); returns how many.
 */
unsigned take_irq(void (*clear)(void), unsigned *intids);

int pl011_test(void);
int pl031_test(void);
int pl061_test(void);
/* Reset values of the PL011, read by main() before anything is printed. */
void pl011_capture_reset(void);

#endif
