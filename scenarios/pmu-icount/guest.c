/* pmu-icount guest (EL1): EL1 work and EL0 work under the host's counter filters (arg 1), and
 * EL0 PMU accesses under each PMUSERENR_EL0 setting (arg 2). */
#include "guest.h"

#define HVC_REPORT 0x500

uint64_t el0_run(void (*fn)(void));     /* guest_el0.S */
void el0_work(void);
void el0_access(void);
extern uint64_t el0_log[32], el0_regs[6];

static void line(const char *label, uint64_t v)
{
        guest_puts(label);
        guest_puthex(v);
        guest_puts("\n");
}

int guest_main(uint64_t arg)
{
        if (arg == 1) {
                uint64_t pmcr = read_sysreg(pmcr_el0);  /* N: as implemented, or MDCR_EL2.HPMN */
                uint64_t c4 = read_sysreg(pmevcntr4_el0);

                __asm__ volatile(".rept 300\n\tnop\n\t.endr");
                el0_run(el0_work);
                GUEST_HVC(HVC_REPORT, NULL, pmcr, c4, read_sysreg(pmevcntr4_el0), 0, 0, 0, 0, 0);
                return 0;
        }
        static const uint64_t settings[] = { 0, 0xe, 0x1 };
        for (unsigned s = 0; s < 3; s++) {
                uint64_t n;

                write_sysreg(settings[s], pmuserenr_el0);
                isb();
                n = el0_run(el0_access);
                line("pmuserenr ", settings[s]);
                for (uint64_t i = 0; i < n; i++)
                        line("  el0 exception ESR ", el0_log[i]);
                for (unsigned r = 0; r < 6; r++)
                        line("  x ", el0_regs[r]);
        }
        write_sysreg(0, pmuserenr_el0);
        return 0;
}
