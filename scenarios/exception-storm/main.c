// An exception storm: VBAR_EL2 points at UDF instructions, so the UDF below enters a vector
// that takes the same Undefined Instruction exception at the same PC over and over, with
// nothing retired in between. Both sides must stop it (harness/exception-storm guard)
// instead of running until the timeout.
#include "runtime.h"

extern char storm_vectors[];

int main(void)
{
        printf("storm: VBAR_EL2 -> UDF vectors\n");
        write_sysreg((unsigned long)storm_vectors, vbar_el2);
        __asm__ volatile("isb; udf #0" ::: "memory");
        return 1; /* not reached */
}
