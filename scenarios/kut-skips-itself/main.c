/*
 * kut-skips-itself: ends as a kvm-unit-tests test that skips itself does: "SUMMARY: 1
 * tests, 1 skipped" and status 77, which run_tests.sh reports as SKIP (by the test).
 */
#include "runtime.h"

int main(void)
{
        printf("SKIP: selftest: feature not present\n");
        printf("SUMMARY: 1 tests, 1 skipped\n");
        return 77;
}
