/*
 * icount-exceptions: how an instruction-counted clock counts an instruction that takes an
 * exception. With scenario.json "icount": 4 an instruction is 16 ns, one tick of the 62.5 MHz
 * counter, so CNTPCT_EL0 read before and after one exception (and its handler, the same
 * code on both sides) gives the instruction count of the round trip exactly.
 *
 * The architecture does not define instruction counts; QEMU's -icount does: an instruction
 * that completes and then raises its exception (UDF, BRK, HVC, SVC, an unallocated system
 * register) is counted, one that faults on its memory access or its fetch (External abort,
 * alignment, instruction abort) is not (its translation block is unwound to before it). A
 * Linux boot's timestamps and its entropy depend on it: every page fault is one.
 */
#include "vm.h"

static uint64_t resume_at;      /* where the instruction abort's handler resumes */

static enum exc_result on_current_sync(struct el2_frame *f)
{
        uint64_t ec = (read_sysreg(esr_el2) >> 26) & 0x3f;

        if (ec == 0x20 || ec == 0x21 || ec == 0x22) /* instruction abort, PC alignment: to resume_at */
                f->elr = resume_at;
        else if (ec != 0x16 && ec != 0x15)      /* HVC, SVC: ELR is already past them */
                f->elr += 4;
        return EXC_HANDLED;
}

static inline uint64_t ticks(void)
{
        uint64_t t;

        __asm__ volatile("isb\n\tmrs %0, cntpct_el0" : "=r"(t) :: "memory");
        return t;
}

#define MEASURE(label, insn, ...)                                                       \
        do {                                                                            \
                uint64_t t0 = ticks();                                                  \
                __asm__ volatile(insn ::: "x0", "x1", "x2", "x3", "x9", "memory" __VA_ARGS__); \
                uint64_t t1 = ticks();                                                  \
                printf("%-28s %lu ticks\n", label, (unsigned long)(t1 - t0));           \
        } while (0)

int main(void)
{
        el2_set_current_sync_handler(on_current_sync);

        MEASURE("no exception (nop)", "nop");
        MEASURE("udf", "udf #0");
        MEASURE("brk", "brk #1");
        MEASURE("hvc", "hvc #2");
        MEASURE("svc", "svc #3");
        MEASURE("unallocated msr", "msr s3_6_c15_c15_7, xzr");
        /* an External abort: nothing at this PA (QEMU 7.2 adds an instruction syndrome to its
         * ESR, s2diff list --deviations: isv-for-stage1-aborts-at-el2; only ticks are printed) */
        MEASURE("external abort (load)", "mov x9, #0x0c000000\n\tldr x0, [x9]");
        MEASURE("external abort (store)", "mov x9, #0x0c000000\n\tstr x0, [x9]");
        write_sysreg(read_sysreg(sctlr_el2) | 2, sctlr_el2);    /* SCTLR_EL2.A */
        isb();
        MEASURE("alignment fault", "mov x9, sp\n\tldr x0, [x9, #1]");
        write_sysreg(read_sysreg(sctlr_el2) & ~2UL, sctlr_el2);
        isb();
        __asm__ volatile("adr %0, 1f\n\t" "b 2f\n" "1:\tnop\n" "2:" : "=r"(resume_at));
        {
                uint64_t t0 = ticks();
                __asm__ volatile("adr x9, 1f\n\tstr x9, %0\n\tmov x9, #0x0c000000\n\tblr x9\n1:"
                                 : "=m"(resume_at) :: "x9", "x30", "memory");
                uint64_t t1 = ticks();
                printf("%-28s %lu ticks\n", "instruction abort (blr)", (unsigned long)(t1 - t0));
        }
        {
                uint64_t t0 = ticks();
                __asm__ volatile("adr x9, 1f\n\tstr x9, %0\n\tadr x9, 1f\n\tadd x9, x9, #2\n\tbr x9\n1:"
                                 : "=m"(resume_at) :: "x9", "memory");
                uint64_t t1 = ticks();
                printf("%-28s %lu ticks\n", "pc alignment (br)", (unsigned long)(t1 - t0));
        }
        return STATUS_OK;
}
