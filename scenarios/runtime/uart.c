/* PL011 output: poll FR.TXFF, then write the byte to DR. No initialisation is needed
 * on QEMU's virt board (the UART is usable out of reset for transmit). */
#include "runtime.h"

void uart_putc(char c)
{
        while (mmio_read32(UART_PL011_BASE + UART_PL011_FR) & UART_PL011_FR_TXFF)
                ;
        mmio_write32(UART_PL011_BASE + UART_PL011_DR, (uint8_t)c);
}

void uart_puts(const char *s)
{
        while (*s)
                uart_putc(*s++);
}
