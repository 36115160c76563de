/*
 * Host (EL2) side of the guest support: a stage-2 identity-style map builder and
 * guest_call(), which enters a guest at EL1h and returns when it exits.
 *
 * Stage 2 configuration (legal for cortex-a57 and max alike):
 *   4 KiB granule, T0SZ = 32 (32-bit IPA space), SL0 = 1 (walk starts at level 1,
 *   4 entries), PS = 40 bits, inner-shareable write-back walks, VMID in VTTBR_EL2.
 *   Level 1 covers 1 GiB an entry, level 2 2 MiB, level 3 maps 4 KiB pages.
 * Only level-3 pages are created, so every fault the guest takes is per page.
 *
 * The guest code must come from guest objects (files named guest*.c / guest*.S; the
 * Makefile compiles them to *.guest.o and linker.ld puts them in their own pages):
 *   [__guest_text_start, __guest_text_end)  text + rodata  -> mapped read-only, executable
 *   [__guest_data_start, __guest_data_end)  data, bss, stack -> mapped read-write, XN
 */
#ifndef S2DIFF_VM_H
#define S2DIFF_VM_H

#include "runtime.h"

#define S2_IPA_BITS       32
#define S2_T0SZ           (64 - S2_IPA_BITS)
#define S2_POOL_PAGES     16      /* translation tables available to s2_* */

#define VTCR_EL2_VALUE    (VTCR_EL2_RES1 | VTCR_EL2_T0SZ(S2_T0SZ) | VTCR_EL2_SL0_4K_L1 | \
                           VTCR_EL2_IRGN0(VTCR_RGN_WBWA) | VTCR_EL2_ORGN0(VTCR_RGN_WBWA) | \
                           VTCR_EL2_SH0(VTCR_SH_INNER) | VTCR_EL2_TG0(VTCR_TG0_4K) |     \
                           VTCR_EL2_PS(VTCR_PS_40BIT))

/* stage-2 tables */
void s2_init(void);
uint64_t *s2_pte(uint64_t ipa, int alloc);                     /* level-3 descriptor */
void s2_map_page(uint64_t ipa, uint64_t pa, uint64_t attrs);   /* attrs: S2AP|S2_ATTR_* */
void s2_map_range(uint64_t ipa, uint64_t pa, uint64_t size, uint64_t attrs);
uint64_t s2_root_table(void);
void s2_enable(unsigned vmid);          /* VTCR_EL2, VTTBR_EL2, HCR_EL2 = VM|RW */
void s2_flush_ipa(uint64_t ipa);        /* after changing the descriptor of one IPA page */
void s2_flush_all(void);                /* tlbi vmalls12e1is */

/* identity-maps the guest's text (RO), data + stack (RW, XN) and the UART (device) */
void vm_map_guest_image(void);

/* Runs entry(arg) at EL1h (SPSR 0x3c5, SCTLR_EL1.M = 0) until the guest exits with
 * HVC #HVC_GUEST_EXIT (or a handler returns EXC_GUEST_EXIT). Returns the guest's x0;
 * the whole exit frame is in guest_exit_frame. */
uint64_t guest_call(int (*entry)(uint64_t), uint64_t arg);
extern struct el2_frame guest_exit_frame;

/* vm_entry.S */
uint64_t guest_enter(uint64_t pc, uint64_t sp, uint64_t x0, uint64_t x1);
void guest_return_to_host(uint64_t ret) __noreturn;
extern uint64_t host_saved_sp;

/* guest_start.S (guest side) */
extern char guest_start[], guest_stack_top[];

#endif
