/* Guests with their own stage 2 and exit handlers; see guest_fw.h. */
#include "guest_fw.h"

#define MAX_GUESTS 4

static struct guest guests[MAX_GUESTS];
static int used[MAX_GUESTS];
static struct guest *running;

struct guest *guest_create(unsigned vmid, unsigned granule, int (*entry)(uint64_t), uint64_t arg)
{
        for (int i = 0; i < MAX_GUESTS; i++) {
                if (used[i])
                        continue;
                struct guest *g = &guests[i];

                memset(g, 0, sizeof(*g));
                used[i] = 1;
                s2mmu_init(&g->mmu, vmid, granule, 1);
                s2mmu_map_guest_image(&g->mmu, UART_PL011_BASE);
                g->entry = entry;
                g->arg = arg;
                return g;
        }
        printf("guest_fw: more than %d guests\n", MAX_GUESTS);
        exit_status(STATUS_CHECK_FAILED);
}

void guest_on_exit(struct guest *g, unsigned ec, guest_exit_handler_t h)
{
        g->handlers[ec & 63] = h;
}

static enum exc_result dispatch(struct el2_frame *f)
{
        guest_exit_handler_t h = running ? running->handlers[ESR_EC(f->esr)] : NULL;

        if (!h)
                return EXC_UNHANDLED;
        running->exits++;
        return h(running, f);
}

uint64_t guest_run(struct guest *g)
{
        uint64_t ret;

        /* The guest's stage 2: a VTTBR switch needs no TLBI, entries are tagged by VMID. */
        write_sysreg(s2mmu_vtcr(&g->mmu), vtcr_el2);
        write_sysreg(s2mmu_vttbr(&g->mmu), vttbr_el2);
        write_sysreg(read_sysreg(hcr_el2) | HCR_EL2_VM | HCR_EL2_RW, hcr_el2);
        isb();
        running = g;
        el2_set_lower_sync_handler(dispatch);
        ret = guest_call(g->entry, g->arg);
        running = NULL;
        el2_set_lower_sync_handler(NULL);
        return ret;
}

void guest_destroy(struct guest *g)
{
        /* Its tables stop being used: drop what the TLB holds for its VMID. */
        write_sysreg(s2mmu_vttbr(&g->mmu), vttbr_el2);
        isb();
        s2mmu_flush_all(&g->mmu);
        for (int i = 0; i < MAX_GUESTS; i++)
                if (&guests[i] == g)
                        used[i] = 0;
        if (!used[0] && !used[1] && !used[2] && !used[3])
                s2mmu_destroy(&g->mmu);
}
