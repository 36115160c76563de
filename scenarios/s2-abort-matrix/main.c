/*
 * s2-abort-matrix: real stage-2 aborts (not AT) for every S2AP (none, read-only,
 * write-only, read-write) x XN combination and every access type: the guest (stage 1 off)
 * reads, writes and executes one page of each kind. The host prints each Data or
 * Instruction Abort decoded (ISV/SAS/SRT/SF/WnR/S1PTW/xFSC, FAR, HPFAR), marks the
 * faulting access in the guest's registers and resumes it.
 */
#include "guest_fw.h"

#define PROBE_IPA   0x80000000UL
#define PROBE_PA    0x45000000UL
#define FAULT_MARK  0xfa017fa017fa0170UL

int guest_main(uint64_t base);
extern uint64_t probe_results[8][3];

static enum exc_result on_data_abort(struct guest *g, struct el2_frame *f)
{
        uint64_t iss = ESR_ISS(f->esr);

        (void)g;
        s2mmu_print_fault("data abort", f);
        /* The syndrome names the load's register: SRT when ISV; a store reports to x0. */
        if ((iss & ESR_DABT_ISV) && !(iss & ESR_DABT_WNR))
                f->x[(iss >> ESR_DABT_SRT_SHIFT) & 31] = FAULT_MARK;
        else
                f->x[0] = FAULT_MARK;
        f->elr += 4;
        return EXC_HANDLED;
}

static enum exc_result on_insn_abort(struct guest *g, struct el2_frame *f)
{
        (void)g;
        s2mmu_print_fault("instruction abort", f);
        f->x[0] = FAULT_MARK;
        f->elr = f->x[30];      /* back to after the BLR */
        return EXC_HANDLED;
}

int main(void)
{
        static const char *const s2ap_name[4] = { "none", "RO", "WO", "RW" };
        struct guest *g = guest_create(3, S2MMU_GRANULE_4K, guest_main, PROBE_IPA);
        uint64_t status;
        int failures = 0;

        for (int i = 0; i < 8; i++) {
                uint32_t *code = (uint32_t *)(PROBE_PA + i * PAGE_SIZE);

                code[0] = 0xd2800000 | (i << 5);            /* mov x0, #i */
                code[1] = 0xd65f03c0;                       /* ret */
                *(uint64_t *)(PROBE_PA + i * PAGE_SIZE + 8) = 0xda7a0000 + i;
                s2mmu_map(&g->mmu, PROBE_IPA + i * PAGE_SIZE, PROBE_PA + i * PAGE_SIZE, PAGE_SIZE,
                          S2_S2AP(i & 3) | S2_ATTR_NORMAL | (i >= 4 ? S2_XN : 0));
        }
        guest_on_exit(g, ESR_EC_DABT_LOW, on_data_abort);
        guest_on_exit(g, ESR_EC_IABT_LOW, on_insn_abort);
        status = guest_run(g);
        printf("guest status %lu after %u aborts\n", status, g->exits);
        for (int i = 0; i < 8; i++) {
                int r = i & 1, w = (i & 2) != 0, x = i < 4;
                uint64_t *res = probe_results[i];
                int ok = (res[0] == (r ? 0xda7a0000UL + i : FAULT_MARK)) &&
                         (res[1] == (w ? 0 : FAULT_MARK)) && (res[2] == (x ? (uint64_t)i : FAULT_MARK));

                printf("S2AP=%-4s XN=%d: read=0x%016lx write=0x%016lx exec=0x%016lx %s\n",
                       s2ap_name[i & 3], i >= 4, res[0], res[1], res[2], ok ? "ok" : "MISMATCH");
                failures += !ok;
        }
        guest_destroy(g);
        return failures ? STATUS_CHECK_FAILED : (int)status;
}
