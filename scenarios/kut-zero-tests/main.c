/*
 * kut-zero-tests: ends as a kvm-unit-tests test that found nothing to test does (gicv3-ipi
 * with one CPU): "SUMMARY: 0 tests" and the PASS status. s2diff must not count it as
 * agreeing (harness/kut/kvm-unit-tests.ts).
 */
#include "runtime.h"

int main(void)
{
        printf("INFO: gicv3: ipi: this test needs at least 2 CPUs\n");
        printf("SUMMARY: 0 tests\n");
        return 1; /* kvm-unit-tests' exit code for PASS (status << 1 | 1 with status 0) */
}
