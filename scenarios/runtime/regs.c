/*
 * The REGS block of design.md §5:
 *     REGS <label>
 *     name=0x%016lx name=0x%016lx ...      (at most 4 fields a line, single spaces)
 *     END REGS
 */
#include "runtime.h"

#define REGS_PER_LINE 4

static int regs_on_line;

void regs_begin(const char *label)
{
        printf("REGS %s\n", label);
        regs_on_line = 0;
}

void regs_field(const char *name, uint64_t value)
{
        if (regs_on_line == REGS_PER_LINE) {
                uart_putc('\n');
                regs_on_line = 0;
        }
        printf("%s%s=0x%016lx", regs_on_line ? " " : "", name, value);
        regs_on_line++;
}

/* end the current line (if any): the next field starts a new one */
static void regs_break(void)
{
        if (regs_on_line) {
                uart_putc('\n');
                regs_on_line = 0;
        }
}

void regs_end(void)
{
        regs_break();
        uart_puts("END REGS\n");
}

void regs_dump(const char *label, ...)
{
        va_list ap;
        const char *name;

        regs_begin(label);
        va_start(ap, label);
        while ((name = va_arg(ap, const char *)) != NULL)
                regs_field(name, va_arg(ap, uint64_t));
        va_end(ap);
        regs_end();
}

void regs_dump_pairs(const char *label, const struct reg_pair *pairs, size_t n)
{
        regs_begin(label);
        for (size_t i = 0; i < n; i++)
                regs_field(pairs[i].name, pairs[i].value);
        regs_end();
}

void regs_dump_frame(const char *label, const struct el2_frame *f)
{
        static const char names[31][4] = {
                "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
                "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x18", "x19",
                "x20", "x21", "x22", "x23", "x24", "x25", "x26", "x27", "x28", "x29",
                "x30",
        };

        regs_begin(label);
        for (int i = 0; i < 31; i++)
                regs_field(names[i], f->x[i]);
        regs_break();
        regs_field("esr_el2", f->esr);
        regs_field("far_el2", f->far);
        regs_field("hpfar_el2", f->hpfar);
        regs_field("elr_el2", f->elr);
        regs_field("spsr_el2", f->spsr);
        regs_end();
}
