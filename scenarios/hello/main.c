/*
 * hello: the smallest scenario. Prints a greeting, the exception level it runs at
 * (must be EL2), the boot state QEMU's reset left (x0-x3, SP, NZCV, DAIF) and a few
 * system registers readable at EL2, then exits 0.
 */
#include "runtime.h"

int main(void)
{
        uint64_t el = read_sysreg(CurrentEL);
        uint64_t psci_version = psci_call(PSCI_0_2_FN_PSCI_VERSION, 0, 0, 0);

        printf("Hello from s2diff at EL%lu\n", CURRENTEL_EL(el));
        printf("CurrentEL=0x%lx (EL%lu)\n", el, CURRENTEL_EL(el));
        printf("image 0x%lx-0x%lx, stack top 0x%lx\n", (uint64_t)__image_start,
               (uint64_t)__image_end, (uint64_t)__stack_top);
        printf("PSCI version %lu.%lu\n", psci_version >> 16, psci_version & 0xffff);

        regs_dump("boot",
                  REG("x0", boot_state.x0), REG("x1", boot_state.x1),
                  REG("x2", boot_state.x2), REG("x3", boot_state.x3),
                  REG("sp", boot_state.sp), REG("nzcv", boot_state.nzcv),
                  REG("daif", boot_state.daif), REG("currentel", boot_state.currentel),
                  NULL);

        regs_dump("sysregs",
                  REG("currentel", el),
                  REG("sctlr_el2", read_sysreg(sctlr_el2)),
                  REG("hcr_el2", read_sysreg(hcr_el2)),
                  REG("vbar_el2", read_sysreg(vbar_el2)),
                  REG("midr_el1", read_sysreg(midr_el1)),
                  REG("mpidr_el1", read_sysreg(mpidr_el1)),
                  REG("id_aa64pfr0_el1", read_sysreg(id_aa64pfr0_el1)),
                  REG("id_aa64mmfr0_el1", read_sysreg(id_aa64mmfr0_el1)),
                  REG("spsel", read_sysreg(spsel)),
                  REG("daif", read_sysreg(daif)),
                  REG("psci_version", psci_version),
                  NULL);

        if (CURRENTEL_EL(el) != 2) {
                printf("FAIL: expected to start at EL2\n");
                return STATUS_CHECK_FAILED;
        }
        printf("PASS\n");
        return STATUS_OK;
}
