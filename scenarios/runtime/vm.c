/* Host side of the guest support; see vm.h. */
#include "vm.h"

static uint64_t s2_pool[S2_POOL_PAGES][512] __attribute__((aligned(PAGE_SIZE)));
static unsigned s2_pool_used;
static uint64_t *s2_root;

struct el2_frame guest_exit_frame;
static int in_guest;

static __noreturn void vm_fail(const char *what, uint64_t value)
{
        printf("vm: %s (0x%016lx)\n", what, value);
        exit_status(STATUS_CHECK_FAILED);
}

static uint64_t *s2_alloc_table(void)
{
        uint64_t *t;

        if (s2_pool_used == S2_POOL_PAGES)
                vm_fail("out of stage-2 table pages", S2_POOL_PAGES);
        t = s2_pool[s2_pool_used++];
        for (int i = 0; i < 512; i++)
                t[i] = 0;
        return t;
}

void s2_init(void)
{
        s2_pool_used = 0;
        s2_root = s2_alloc_table();
}

uint64_t s2_root_table(void)
{
        return (uint64_t)s2_root;
}

/* Walk levels 1 and 2 (creating tables when alloc), return the level-3 descriptor. */
uint64_t *s2_pte(uint64_t ipa, int alloc)
{
        uint64_t *table = s2_root;

        if (ipa >> S2_IPA_BITS)
                vm_fail("IPA outside the 32-bit IPA space", ipa);
        for (int level = 1; level < 3; level++) {
                unsigned shift = PAGE_SHIFT + 9 * (3 - level);
                uint64_t *slot = &table[(ipa >> shift) & 511];
                uint64_t desc = *slot;

                if (!(desc & S2_DESC_VALID)) {
                        if (!alloc)
                                return NULL;
                        table = s2_alloc_table();
                        *slot = (uint64_t)table | S2_DESC_TABLE | S2_DESC_VALID;
                } else if ((desc & S2_DESC_TYPE_MASK) != (S2_DESC_TABLE | S2_DESC_VALID)) {
                        vm_fail("unexpected block descriptor", desc);
                } else {
                        table = (uint64_t *)(desc & S2_DESC_ADDR_MASK);
                }
        }
        return &table[(ipa >> PAGE_SHIFT) & 511];
}

void s2_map_page(uint64_t ipa, uint64_t pa, uint64_t attrs)
{
        uint64_t *pte = s2_pte(ipa, 1);

        *pte = (pa & S2_DESC_ADDR_MASK) | attrs | S2_DESC_PAGE | S2_DESC_VALID;
}

void s2_map_range(uint64_t ipa, uint64_t pa, uint64_t size, uint64_t attrs)
{
        for (uint64_t off = 0; off < size; off += PAGE_SIZE)
                s2_map_page(ipa + off, pa + off, attrs);
}

void s2_flush_all(void)
{
        dsb(ishst);
        __asm__ volatile("tlbi vmalls12e1is" ::: "memory");
        dsb(ish);
        isb();
}

void s2_flush_ipa(uint64_t ipa)
{
        dsb(ishst);
        /* the stage-2 entry for this IPA, then any combined stage-1+2 entries */
        __asm__ volatile("tlbi ipas2e1is, %0" : : "r"(ipa >> PAGE_SHIFT) : "memory");
        dsb(ish);
        __asm__ volatile("tlbi vmalle1is" ::: "memory");
        dsb(ish);
        isb();
}

void s2_enable(unsigned vmid)
{
        write_sysreg(VTCR_EL2_VALUE, vtcr_el2);
        write_sysreg((uint64_t)s2_root | ((uint64_t)(vmid & 0xff) << VTTBR_VMID_SHIFT), vttbr_el2);
        isb();
        write_sysreg(HCR_EL2_VM | HCR_EL2_RW, hcr_el2);
        isb();
        s2_flush_all();
}

void vm_map_guest_image(void)
{
        uint64_t ts = (uint64_t)__guest_text_start, te = (uint64_t)__guest_text_end;
        uint64_t ds = (uint64_t)__guest_data_start, de = (uint64_t)__guest_data_end;

        s2_map_range(ts, ts, te - ts, S2_ATTR_NORMAL | S2_S2AP_RO);
        s2_map_range(ds, ds, de - ds, S2_ATTR_NORMAL | S2_S2AP_RW | S2_XN);
        s2_map_page(UART_PL011_BASE, UART_PL011_BASE, S2_ATTR_DEVICE | S2_S2AP_RW);
}

/* HVCs the runtime reserves; called when the scenario's handler did not take it. */
static enum exc_result vm_lower_sync_default(struct el2_frame *f)
{
        if (ESR_EC(f->esr) != ESR_EC_HVC64)
                return EXC_UNHANDLED;
        if (ESR_HVC_IMM16(f->esr) == HVC_GUEST_EXIT)
                return EXC_GUEST_EXIT;
        if (ESR_HVC_IMM16(f->esr) == HVC_GUEST_PANIC) {
                printf("\nGUEST EXCEPTION at EL1: vector %lu, ESR_EL1=0x%016lx EC=0x%02lx (%s)\n",
                       f->x[3], f->x[0], ESR_EC(f->x[0]), esr_class_name(ESR_EC(f->x[0])));
                printf("  ELR_EL1=0x%016lx FAR_EL1=0x%016lx\n", f->x[1], f->x[2]);
                regs_dump_frame("guest-panic", f);
                exit_status(STATUS_UNEXPECTED_EXCEPTION);
        }
        return EXC_UNHANDLED;
}

static void vm_guest_exit(struct el2_frame *f)
{
        if (!in_guest)
                unexpected_exception(f, VEC_LOWER64_SYNC);
        guest_exit_frame = *f;
        in_guest = 0;
        guest_return_to_host(f->x[0]);
}

uint64_t guest_call(int (*entry)(uint64_t), uint64_t arg)
{
        el2_lower_sync_default = vm_lower_sync_default;
        el2_guest_exit_hook = vm_guest_exit;
        write_el1(SCTLR_EL1_RES1, sctlr);   /* stage 1 off for the guest (SCTLR_EL12 under VHE) */
        isb();
        in_guest = 1;
        return guest_enter((uint64_t)guest_start, (uint64_t)guest_stack_top, arg,
                           (uint64_t)entry);
}
