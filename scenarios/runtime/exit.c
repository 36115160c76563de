/* exit_status(): the kvm-unit-tests "EXIT: STATUS=<n>" line, then PSCI SYSTEM_OFF. */
#include "runtime.h"

uint64_t psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
        register uint64_t x0 __asm__("x0") = fn;
        register uint64_t x1 __asm__("x1") = a1;
        register uint64_t x2 __asm__("x2") = a2;
        register uint64_t x3 __asm__("x3") = a3;

        /* SMC conduit: EL2 exists and EL3 does not, QEMU implements PSCI at "EL3". */
        __asm__ volatile("smc #0"
                         : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
                         :
                         : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12",
                           "x13", "x14", "x15", "x16", "x17", "memory");
        return x0;
}

void exit_status(int status)
{
        printf("EXIT: STATUS=%d\n", status);
        psci_call(PSCI_0_2_FN_SYSTEM_OFF, 0, 0, 0);
        /* SYSTEM_OFF does not return; if it did, stay here quietly. */
        for (;;)
                __asm__ volatile("wfi");
}
