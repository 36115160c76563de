/* C side of the EL2 vectors (vectors.S). */
#include "runtime.h"

static exc_handler_t lower_sync_handler;
exc_handler_t el2_lower_sync_default;
void (*el2_guest_exit_hook)(struct el2_frame *f);

static const char *const vector_names[16] = {
        "sync, current EL with SP_EL0",   "IRQ, current EL with SP_EL0",
        "FIQ, current EL with SP_EL0",    "SError, current EL with SP_EL0",
        "sync, current EL with SP_EL2",   "IRQ, current EL with SP_EL2",
        "FIQ, current EL with SP_EL2",    "SError, current EL with SP_EL2",
        "sync, lower EL (AArch64)",       "IRQ, lower EL (AArch64)",
        "FIQ, lower EL (AArch64)",        "SError, lower EL (AArch64)",
        "sync, lower EL (AArch32)",       "IRQ, lower EL (AArch32)",
        "FIQ, lower EL (AArch32)",        "SError, lower EL (AArch32)",
};

const char *esr_class_name(uint64_t ec)
{
        /* no switch: keeps jump tables (and .rodata lookups) out of the picture */
        if (ec == ESR_EC_UNKNOWN)  return "unknown reason (undefined instruction?)";
        if (ec == 0x01)            return "WFI/WFE trapped";
        if (ec == 0x07)            return "SIMD/FP access trapped";
        if (ec == 0x0e)            return "illegal execution state";
        if (ec == 0x15)            return "SVC (AArch64)";
        if (ec == ESR_EC_HVC64)    return "HVC (AArch64)";
        if (ec == ESR_EC_SMC64)    return "SMC (AArch64)";
        if (ec == ESR_EC_SYS64)    return "MSR/MRS/system instruction trapped";
        if (ec == ESR_EC_IABT_LOW) return "instruction abort from a lower EL";
        if (ec == ESR_EC_IABT_CUR) return "instruction abort from the current EL";
        if (ec == ESR_EC_PC_ALIGN) return "PC alignment fault";
        if (ec == ESR_EC_DABT_LOW) return "data abort from a lower EL";
        if (ec == ESR_EC_DABT_CUR) return "data abort from the current EL";
        if (ec == ESR_EC_SP_ALIGN) return "SP alignment fault";
        if (ec == ESR_EC_SERROR)   return "SError";
        return "other";
}

void el2_set_lower_sync_handler(exc_handler_t h)
{
        lower_sync_handler = h;
}

static exc_handler_t current_sync_handler;
static exc_handler_t irq_handler;

void el2_set_irq_handler(exc_handler_t h)
{
        irq_handler = h;
}

void el2_set_current_sync_handler(exc_handler_t h)
{
        current_sync_handler = h;
}

enum exc_result skip_undefined(struct el2_frame *f, unsigned *count)
{
        if (ESR_EC(f->esr) != ESR_EC_UNKNOWN)
                return EXC_UNHANDLED;
        (*count)++;
        f->elr += 4;
        return EXC_HANDLED;
}

void unexpected_exception(const struct el2_frame *f, int vector_index)
{
        static int nested;

        if (nested++) {
                /* faulted while reporting: do not recurse, just stop */
                uart_puts("\nUNEXPECTED EXCEPTION while reporting one\n");
                exit_status(STATUS_UNEXPECTED_EXCEPTION);
        }
        printf("\nUNEXPECTED EXCEPTION: vector %d (%s)\n", vector_index,
               vector_index >= 0 && vector_index < 16 ? vector_names[vector_index] : "?");
        printf("  ESR_EL2=0x%016lx EC=0x%02lx (%s) ISS=0x%07lx\n", f->esr,
               ESR_EC(f->esr), esr_class_name(ESR_EC(f->esr)), ESR_ISS(f->esr));
        printf("  FAR_EL2=0x%016lx HPFAR_EL2=0x%016lx\n", f->far, f->hpfar);
        printf("  ELR_EL2=0x%016lx SPSR_EL2=0x%016lx\n", f->elr, f->spsr);
        regs_dump_frame("unexpected", f);
        exit_status(STATUS_UNEXPECTED_EXCEPTION);
}

void el2_exception(struct el2_frame *f, int vector_index)
{
        if (vector_index == VEC_LOWER64_SYNC) {
                enum exc_result r = EXC_UNHANDLED;

                if (lower_sync_handler)
                        r = lower_sync_handler(f);
                if (r == EXC_UNHANDLED && el2_lower_sync_default)
                        r = el2_lower_sync_default(f);
                if (r == EXC_HANDLED)
                        return;
                if (r == EXC_GUEST_EXIT && el2_guest_exit_hook)
                        el2_guest_exit_hook(f);   /* does not return */
        }
        if ((vector_index == VEC_CUR_SPX_IRQ || vector_index == VEC_LOWER64_IRQ) && irq_handler &&
            irq_handler(f) == EXC_HANDLED)
                return;
        if ((vector_index == VEC_CUR_SPX_SYNC || vector_index == VEC_CUR_SP0_SYNC) && current_sync_handler &&
            current_sync_handler(f) == EXC_HANDLED)
                return;
        unexpected_exception(f, vector_index);
}
