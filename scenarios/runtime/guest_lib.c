/* Guest-side helpers: compiled as a guest object (guest_lib.guest.o), runs at EL1. */
#include "guest.h"

void guest_putc(char c)
{
        while (mmio_read32(UART_PL011_BASE + UART_PL011_FR) & UART_PL011_FR_TXFF)
                ;
        mmio_write32(UART_PL011_BASE + UART_PL011_DR, (uint8_t)c);
}

void guest_puts(const char *s)
{
        while (*s)
                guest_putc(*s++);
}

void guest_puthex(uint64_t v)
{
        guest_putc('0');
        guest_putc('x');
        for (int shift = 60; shift >= 0; shift -= 4) {
                unsigned d = (v >> shift) & 0xf;

                guest_putc(d < 10 ? '0' + d : 'a' + d - 10);
        }
}
