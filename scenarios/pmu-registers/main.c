/* pmu-registers: the PMUv3 register file (Arm ARM D12) at EL2, reset values and writable bits. */
#include "runtime.h"
int main(void)
{
        regs_dump("pmu", REG("pmcr", read_sysreg(pmcr_el0)), REG("pmceid0", read_sysreg(pmceid0_el0)),
                  REG("pmceid1", read_sysreg(pmceid1_el0)), REG("pmcntenset", read_sysreg(pmcntenset_el0)),
                  REG("pmovsset", read_sysreg(pmovsset_el0)), REG("pmuserenr", read_sysreg(pmuserenr_el0)),
                  REG("pmintenset", read_sysreg(pmintenset_el1)), REG("pmselr", read_sysreg(pmselr_el0)),
                  REG("pmccfiltr", read_sysreg(pmccfiltr_el0)), REG("pmevtyper0", read_sysreg(pmevtyper0_el0)),
                  REG("pmevcntr0", read_sysreg(pmevcntr0_el0)), NULL);
        write_sysreg(0xffffffffffffffffUL, pmcr_el0);
        write_sysreg(0xffffffffffffffffUL, pmevtyper0_el0);
        write_sysreg(0xffffffffffffffffUL, pmccfiltr_el0);
        write_sysreg(0xffffffffffffffffUL, pmselr_el0);
        write_sysreg(0xffffffffffffffffUL, pmuserenr_el0);
        write_sysreg(0xffffffffffffffffUL, pmcntenset_el0);
        write_sysreg(0xffffffffffffffffUL, pmevcntr1_el0);
        isb();
        regs_dump("w", REG("pmcr", read_sysreg(pmcr_el0)), REG("pmevtyper0", read_sysreg(pmevtyper0_el0)),
                  REG("pmccfiltr", read_sysreg(pmccfiltr_el0)), REG("pmselr", read_sysreg(pmselr_el0)),
                  REG("pmuserenr", read_sysreg(pmuserenr_el0)), REG("pmcntenset", read_sysreg(pmcntenset_el0)),
                  REG("pmevcntr1", read_sysreg(pmevcntr1_el0)), NULL);
        write_sysreg(0, pmcr_el0);
        return 0;
}
