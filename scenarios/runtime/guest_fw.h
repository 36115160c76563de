/*
 * guest_fw: guests with their own stage 2 and exit handlers.
 *
 *   struct guest *g = guest_create(vmid, S2MMU_GRANULE_4K, guest_main, arg);
 *   s2mmu_map(&g->mmu, ipa, pa, size, flags);              // more mappings
 *   guest_on_exit(g, ESR_EC_DABT_LOW, on_abort);           // resume (EXC_HANDLED) or exit
 *   status = guest_run(g);                                 // its x0 when it exits
 *   guest_destroy(g);
 *
 * guest_create maps the guest image (text read-only, data + stack read-write XN) and the
 * UART (device) in a fresh stage 2 (s2mmu, 40-bit IPA, blocks allowed). guest_run installs
 * that stage 2 (VTCR_EL2, VTTBR_EL2 with the guest's VMID, HCR_EL2.VM) and enters the guest
 * at EL1h with its MMU off. An exit whose EC has no handler goes to the runtime's defaults
 * (HVC #0 exits, the guest's own EL1 exceptions are reported by HVC #0xfffe).
 * Inside the guest, guest_set_el1_handler (guest.h side) installs EL1 handlers.
 */
#ifndef S2DIFF_GUEST_FW_H
#define S2DIFF_GUEST_FW_H

#include "s2mmu.h"
#include "vm.h"

struct guest;
typedef enum exc_result (*guest_exit_handler_t)(struct guest *g, struct el2_frame *f);

struct guest {
        struct s2mmu mmu;
        int (*entry)(uint64_t);
        uint64_t arg;
        guest_exit_handler_t handlers[64];   /* by ESR_EL2.EC */
        unsigned exits;                      /* exits handled by a handler so far */
        void *priv;                          /* the scenario's */
};

struct guest *guest_create(unsigned vmid, unsigned granule, int (*entry)(uint64_t), uint64_t arg);
void guest_on_exit(struct guest *g, unsigned ec, guest_exit_handler_t h);
uint64_t guest_run(struct guest *g);
void guest_destroy(struct guest *g);

#endif
