/*
 * big-endian: mixed-endian data (SCTLR_ELx.EE, B2.6 "Endian support", D19.2 SCTLR_EL1).
 * A guest at EL1 (stage 1 off, so its data accesses are to Device memory and aligned) sets
 * SCTLR_EL1.EE and stores a doubleword, a word, a halfword and a byte, loads them back
 * at other widths, loads and stores a 128-bit Q register, stores a pair with an exclusive
 * and adds with an LSE atomic (guest_be.S). The little-endian host then prints the buffer
 * byte by byte and the values the guest read (stored big-endian by the guest: the host
 * sees them byte-reversed): every byte order is the architecture's.
 * Without ID_AA64MMFR0_EL1.BigEnd nothing is run.
 */
#include "vm.h"

int guest_main(uint64_t arg);   /* guest.c */
extern uint8_t be_buf[64];
extern uint64_t be_out[9];

int main(void)
{
        uint64_t mmfr0 = read_sysreg(id_aa64mmfr0_el1);

        printf("big-endian: ID_AA64MMFR0_EL1.BigEnd = %lu\n", (mmfr0 >> 8) & 0xf);
        if (((mmfr0 >> 8) & 0xf) == 0)
                return STATUS_OK;
        s2_init();
        vm_map_guest_image();
        s2_enable(1);
        guest_call(guest_main, ((read_sysreg(id_aa64isar0_el1) >> 20) & 0xf) >= 2);   /* LSE atomics */
        printf("buffer:");
        for (int i = 0; i < 64; i++)
                printf("%s%02x", i % 16 ? " " : "\n  ", be_buf[i]);
        printf("\n");
        regs_dump("guest-read", REG("x6", be_out[0]), REG("w7", be_out[1]), REG("h8", be_out[2]), REG("sh11", be_out[3]),
                  REG("ldp-w", be_out[4]), REG("q-lo", be_out[5]), REG("q-hi", be_out[6]), REG("stxp", be_out[7]),
                  REG("ldadd-old", be_out[8]), NULL);
        return STATUS_OK;
}
