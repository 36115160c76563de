/*
 * id-registers: prints every register of the AArch64 ID space as QEMU's -cpu presents it
 * (design.md §1: the model must show the same values, bit for bit, for `max` and
 * `cortex-a57`). Reserved encodings in CRm 1-7 read as zero (RAZ). Fields are named by
 * encoding (s3_<op1>_c<CRn>_c<CRm>_<op2>) so the comparator reports differences by name.
 */
#include "runtime.h"

#define R(name) regs_field(#name, read_sysreg(name))

int main(void)
{
        regs_begin("id-space");
        R(s3_0_c0_c1_0);
        R(s3_0_c0_c1_1);
        R(s3_0_c0_c1_2);
        R(s3_0_c0_c1_3);
        R(s3_0_c0_c1_4);
        R(s3_0_c0_c1_5);
        R(s3_0_c0_c1_6);
        R(s3_0_c0_c1_7);
        R(s3_0_c0_c2_0);
        R(s3_0_c0_c2_1);
        R(s3_0_c0_c2_2);
        R(s3_0_c0_c2_3);
        R(s3_0_c0_c2_4);
        R(s3_0_c0_c2_5);
        R(s3_0_c0_c2_6);
        R(s3_0_c0_c2_7);
        R(s3_0_c0_c3_0);
        R(s3_0_c0_c3_1);
        R(s3_0_c0_c3_2);
        R(s3_0_c0_c3_3);
        R(s3_0_c0_c3_4);
        R(s3_0_c0_c3_5);
        R(s3_0_c0_c3_6);
        R(s3_0_c0_c3_7);
        R(s3_0_c0_c4_0);
        R(s3_0_c0_c4_1);
        R(s3_0_c0_c4_2);
        R(s3_0_c0_c4_3);
        R(s3_0_c0_c4_4);
        R(s3_0_c0_c4_5);
        R(s3_0_c0_c4_6);
        R(s3_0_c0_c4_7);
        R(s3_0_c0_c5_0);
        R(s3_0_c0_c5_1);
        R(s3_0_c0_c5_2);
        R(s3_0_c0_c5_3);
        R(s3_0_c0_c5_4);
        R(s3_0_c0_c5_5);
        R(s3_0_c0_c5_6);
        R(s3_0_c0_c5_7);
        R(s3_0_c0_c6_0);
        R(s3_0_c0_c6_1);
        R(s3_0_c0_c6_2);
        R(s3_0_c0_c6_3);
        R(s3_0_c0_c6_4);
        R(s3_0_c0_c6_5);
        R(s3_0_c0_c6_6);
        R(s3_0_c0_c6_7);
        R(s3_0_c0_c7_0);
        R(s3_0_c0_c7_1);
        R(s3_0_c0_c7_2);
        R(s3_0_c0_c7_3);
        R(s3_0_c0_c7_4);
        R(s3_0_c0_c7_5);
        R(s3_0_c0_c7_6);
        R(s3_0_c0_c7_7);
        regs_end();
        regs_begin("other");
        regs_field("midr_el1", read_sysreg(midr_el1));
        regs_field("mpidr_el1", read_sysreg(mpidr_el1));
        regs_field("revidr_el1", read_sysreg(revidr_el1));
        regs_field("aidr_el1", read_sysreg(aidr_el1));
        regs_field("ctr_el0", read_sysreg(ctr_el0));
        regs_field("dczid_el0", read_sysreg(dczid_el0));
        regs_field("clidr_el1", read_sysreg(clidr_el1));
        for (unsigned level = 0; level < 3; level++) {
                for (unsigned ind = 0; ind < 2; ind++) {
                        char name[24] = "ccsidr_l?_?";
                        name[8] = (char)('1' + level);
                        name[10] = ind ? 'i' : 'd';
                        write_sysreg((uint64_t)(level << 1 | ind), csselr_el1);
                        isb();
                        regs_field(name, read_sysreg(ccsidr_el1));
                }
        }
        regs_end();
        return 0;
}
