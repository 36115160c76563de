/*
 * s2diff scenario runtime: the one header every scenario includes.
 *
 * Images start at EL2h with DAIF masked and the MMU off (design.md §2). The runtime
 * provides the entry code, an EL2 vector table with a C dispatcher, PL011 output, a
 * small printf, the REGS block of design.md §5 and exit_status(), which prints
 * "EXIT: STATUS=<n>" and powers off through PSCI SYSTEM_OFF.
 *
 * Bit names follow the Arm Architecture Reference Manual (DDI 0487).
 * This header is also included by the assembly files: C-only parts are guarded.
 */
#ifndef S2DIFF_RUNTIME_H
#define S2DIFF_RUNTIME_H

/* ------------------------------------------------------------------------------
 * Board (QEMU virt). The only place that names the UART's address.
 * ------------------------------------------------------------------------------ */
#define UART_PL011_BASE      0x09000000UL
#define UART_PL011_DR        0x000UL   /* data register */
#define UART_PL011_FR        0x018UL   /* flag register */
#define UART_PL011_FR_TXFF   (1UL << 5) /* transmit FIFO full */

#define RAM_BASE             0x40000000UL
#define PAGE_SIZE            4096UL
#define PAGE_SHIFT           12

/* Exit statuses used by the runtime itself (scenarios return their own from main). */
#define STATUS_OK                    0
#define STATUS_CHECK_FAILED          1
#define STATUS_UNEXPECTED_EXCEPTION  2

/* HVC immediates the runtime reserves between a guest and the host (vm.c, guest_start.S):
 * every other immediate is the scenario's. */
#define HVC_GUEST_EXIT        0x0000   /* guest is done: x0 = its status; guest_call() returns */
#define HVC_GUEST_PANIC       0xfffe   /* guest took an exception at EL1: x0-x3 describe it */

/* PSCI function IDs (SMC32/SMC64 calling convention, DEN0022). */
#define PSCI_0_2_FN_PSCI_VERSION     0x84000000UL
#define PSCI_0_2_FN_SYSTEM_OFF       0x84000008UL

/* ------------------------------------------------------------------------------
 * Exception frame built by vectors.S (offsets shared with the assembly).
 * ------------------------------------------------------------------------------ */
#define FRAME_X(n)       ((n) * 8)
#define FRAME_ELR        248
#define FRAME_SPSR       256
#define FRAME_ESR        264
#define FRAME_FAR        272
#define FRAME_HPFAR      280
#define FRAME_SIZE       288      /* multiple of 16: SP stays 16-byte aligned */

/* Vector table layout (VBAR_EL2 + 0x80 * index). */
#define VEC_CUR_SP0_SYNC      0
#define VEC_CUR_SP0_IRQ       1
#define VEC_CUR_SP0_FIQ       2
#define VEC_CUR_SP0_SERROR    3
#define VEC_CUR_SPX_SYNC      4
#define VEC_CUR_SPX_IRQ       5
#define VEC_CUR_SPX_FIQ       6
#define VEC_CUR_SPX_SERROR    7
#define VEC_LOWER64_SYNC      8
#define VEC_LOWER64_IRQ       9
#define VEC_LOWER64_FIQ       10
#define VEC_LOWER64_SERROR    11
#define VEC_LOWER32_SYNC      12
#define VEC_LOWER32_IRQ       13
#define VEC_LOWER32_FIQ       14
#define VEC_LOWER32_SERROR    15

/* ------------------------------------------------------------------------------
 * Architectural bit definitions
 * ------------------------------------------------------------------------------ */
#define BIT(n)                (1UL << (n))

/* CurrentEL */
#define CURRENTEL_EL_SHIFT    2
#define CURRENTEL_EL(v)       (((v) >> CURRENTEL_EL_SHIFT) & 3)

/* HCR_EL2 */
#define HCR_EL2_VM            BIT(0)    /* stage-2 translation for EL1&0 */
#define HCR_EL2_SWIO          BIT(1)
#define HCR_EL2_FMO           BIT(3)
#define HCR_EL2_IMO           BIT(4)
#define HCR_EL2_AMO           BIT(5)
#define HCR_EL2_TSC           BIT(19)
#define HCR_EL2_TGE           BIT(27)
#define HCR_EL2_RW            BIT(31)   /* EL1 is AArch64 */
#define HCR_EL2_E2H           BIT(34)

/* SPSR_ELx / PSTATE */
#define SPSR_M_EL1H           0x5UL     /* M[3:0] = EL1 using SP_EL1 */
#define SPSR_M_EL2H           0x9UL
#define SPSR_F                BIT(6)
#define SPSR_I                BIT(7)
#define SPSR_A                BIT(8)
#define SPSR_D                BIT(9)
#define SPSR_DAIF             (SPSR_D | SPSR_A | SPSR_I | SPSR_F)
#define SPSR_EL1H_MASKED      (SPSR_DAIF | SPSR_M_EL1H)   /* 0x3c5 */
#define NZCV_N                BIT(31)
#define NZCV_Z                BIT(30)
#define NZCV_C                BIT(29)
#define NZCV_V                BIT(28)

/* SCTLR_EL1: RES1 bits of Armv8.0 (11, 20, 22, 23, 28, 29); M=0: MMU off. */
#define SCTLR_EL1_RES1        (BIT(11) | BIT(20) | BIT(22) | BIT(23) | BIT(28) | BIT(29))
#define SCTLR_ELx_M           BIT(0)
/* SCTLR_EL2 RES1 bits with HCR_EL2.E2H = 0 (4, 5, 11, 16, 18, 22, 23, 28, 29). */
#define SCTLR_EL2_RES1        (BIT(4) | BIT(5) | BIT(11) | BIT(16) | BIT(18) | BIT(22) | BIT(23) | BIT(28) | BIT(29))

/* ESR_ELx */
#define ESR_EC_SHIFT          26
#define ESR_EC(esr)           (((esr) >> ESR_EC_SHIFT) & 0x3f)
#define ESR_IL                BIT(25)
#define ESR_ISS(esr)          ((esr) & 0x1ffffffUL)
#define ESR_EC_UNKNOWN        0x00
#define ESR_EC_HVC64          0x16
#define ESR_EC_SMC64          0x17
#define ESR_EC_SYS64          0x18
#define ESR_EC_IABT_LOW       0x20
#define ESR_EC_IABT_CUR       0x21
#define ESR_EC_PC_ALIGN       0x22
#define ESR_EC_DABT_LOW       0x24
#define ESR_EC_DABT_CUR       0x25
#define ESR_EC_SP_ALIGN       0x26
#define ESR_EC_SERROR         0x2f
#define ESR_HVC_IMM16(esr)    ((esr) & 0xffffUL)
/* ISS of a Data Abort */
#define ESR_DABT_ISV          BIT(24)
#define ESR_DABT_SAS_SHIFT    22
#define ESR_DABT_SSE          BIT(21)
#define ESR_DABT_SRT_SHIFT    16
#define ESR_DABT_SF           BIT(15)
#define ESR_DABT_AR           BIT(14)
#define ESR_DABT_S1PTW        BIT(7)
#define ESR_DABT_WNR          BIT(6)
#define ESR_xFSC(esr)         ((esr) & 0x3fUL)
#define FSC_TRANSLATION(lvl)  (0x04UL | (lvl))   /* 0b0001LL */
#define FSC_ACCESS_FLAG(lvl)  (0x08UL | (lvl))   /* 0b0010LL */
#define FSC_PERMISSION(lvl)   (0x0cUL | (lvl))   /* 0b0011LL */

/* HPFAR_EL2.FIPA holds IPA[51:12] in bits [43:4] (bits [47:4] with FEAT_LPA). */
#define HPFAR_FIPA_SHIFT      4
#define HPFAR_TO_IPA(hpfar)   ((((hpfar) >> HPFAR_FIPA_SHIFT) & 0xffffffffffUL) << PAGE_SHIFT)

/* VTCR_EL2 */
#define VTCR_EL2_T0SZ(n)      ((unsigned long)(n) & 0x3f)  /* IPA size = 64 - T0SZ */
#define VTCR_EL2_SL0_SHIFT    6
#define VTCR_EL2_SL0(n)       ((unsigned long)(n) << VTCR_EL2_SL0_SHIFT)
#define VTCR_EL2_SL0_4K_L2    VTCR_EL2_SL0(0)   /* 4K granule: start at level 2 */
#define VTCR_EL2_SL0_4K_L1    VTCR_EL2_SL0(1)   /* 4K granule: start at level 1 */
#define VTCR_EL2_SL0_4K_L0    VTCR_EL2_SL0(2)   /* 4K granule: start at level 0 */
#define VTCR_EL2_IRGN0(n)     ((unsigned long)(n) << 8)
#define VTCR_EL2_ORGN0(n)     ((unsigned long)(n) << 10)
#define VTCR_EL2_SH0(n)       ((unsigned long)(n) << 12)
#define VTCR_EL2_TG0(n)       ((unsigned long)(n) << 14)
#define VTCR_EL2_PS(n)        ((unsigned long)(n) << 16)
#define VTCR_EL2_RES1         BIT(31)
#define VTCR_RGN_NC           0   /* Normal, non-cacheable */
#define VTCR_RGN_WBWA         1   /* Normal, write-back read/write-allocate */
#define VTCR_RGN_WT           2
#define VTCR_RGN_WB           3   /* write-back, no write-allocate */
#define VTCR_SH_NON           0
#define VTCR_SH_OUTER         2
#define VTCR_SH_INNER         3
#define VTCR_TG0_4K           0
#define VTCR_TG0_64K          1
#define VTCR_TG0_16K          2
#define VTCR_PS_32BIT         0
#define VTCR_PS_36BIT         1
#define VTCR_PS_40BIT         2

/* VTTBR_EL2 */
#define VTTBR_VMID_SHIFT      48
#define VTTBR_BADDR_MASK      0x0000fffffffffffeUL

/* Stage-2 translation table descriptors (VMSAv8-64, 4K granule) */
#define S2_DESC_VALID         BIT(0)
#define S2_DESC_TABLE         BIT(1)          /* levels 0-2: table, with VALID */
#define S2_DESC_PAGE          BIT(1)          /* level 3: page, with VALID */
#define S2_DESC_BLOCK         0UL             /* levels 1-2: block = VALID only */
#define S2_DESC_TYPE_MASK     3UL
#define S2_DESC_ADDR_MASK     0x0000fffffffff000UL
#define S2_MEMATTR(x)         ((unsigned long)(x) << 2)   /* MemAttr[3:0], bits [5:2] */
#define S2_MEMATTR_DEVICE_nGnRnE  S2_MEMATTR(0x0)
#define S2_MEMATTR_DEVICE_nGnRE   S2_MEMATTR(0x1)
#define S2_MEMATTR_NORMAL_NC      S2_MEMATTR(0x5)          /* outer NC, inner NC */
#define S2_MEMATTR_NORMAL_WB      S2_MEMATTR(0xf)          /* outer WB, inner WB */
#define S2_S2AP(x)            ((unsigned long)(x) << 6)   /* S2AP[1:0], bits [7:6] */
#define S2_S2AP_NONE          S2_S2AP(0)
#define S2_S2AP_RO            S2_S2AP(1)
#define S2_S2AP_WO            S2_S2AP(2)
#define S2_S2AP_RW            S2_S2AP(3)
#define S2_S2AP_MASK          S2_S2AP(3)
#define S2_SH(x)              ((unsigned long)(x) << 8)   /* SH[1:0], bits [9:8] */
#define S2_SH_NON             S2_SH(0)
#define S2_SH_OUTER           S2_SH(2)
#define S2_SH_INNER           S2_SH(3)
#define S2_AF                 BIT(10)
#define S2_XN                 BIT(54)         /* XN[1]; XN[0] (bit 53) only with FEAT_XNX */

/* Attribute sets used by the scenarios (OR with the output address and S2_DESC_PAGE|VALID). */
#define S2_ATTR_NORMAL        (S2_MEMATTR_NORMAL_WB | S2_SH_INNER | S2_AF)
#define S2_ATTR_DEVICE        (S2_MEMATTR_DEVICE_nGnRE | S2_AF | S2_XN)

/* ------------------------------------------------------------------------------
 * C-only part
 * ------------------------------------------------------------------------------ */
#ifndef __ASSEMBLER__

#include <stdint.h>
#include <stddef.h>
#include <stdarg.h>

#define __stringify_1(x)   #x
#define __stringify(x)     __stringify_1(x)

#define read_sysreg(reg) ({                                            \
        uint64_t __v;                                                  \
        __asm__ volatile("mrs %0, " __stringify(reg) : "=r"(__v));     \
        __v;                                                           \
})
#define write_sysreg(v, reg) do {                                      \
        uint64_t __v = (uint64_t)(v);                                  \
        __asm__ volatile("msr " __stringify(reg) ", %x0"               \
                         : : "rZ"(__v) : "memory");                    \
} while (0)

/*
 * EL1 registers from EL2, correct under VHE: with HCR_EL2.E2H = 1 the *_EL1 names reach the
 * EL2 registers, and the EL1 ones are reached by the *_EL12 names (op1 = 5; written by
 * encoding so no -march is needed). read_el1(sctlr) / write_el1(v, sctlr).
 */
#define EL12_sctlr      s3_5_c1_c0_0
#define EL12_cpacr      s3_5_c1_c0_2
#define EL12_ttbr0      s3_5_c2_c0_0
#define EL12_ttbr1      s3_5_c2_c0_1
#define EL12_tcr        s3_5_c2_c0_2
#define EL12_spsr       s3_5_c4_c0_0
#define EL12_elr        s3_5_c4_c0_1
#define EL12_esr        s3_5_c5_c2_0
#define EL12_far        s3_5_c6_c0_0
#define EL12_mair       s3_5_c10_c2_0
#define EL12_vbar       s3_5_c12_c0_0
#define EL12_contextidr s3_5_c13_c0_1
#define EL12_cntkctl    s3_5_c14_c1_0
#define hcr_el2_e2h()   ((read_sysreg(hcr_el2) >> 34) & 1)
#define read_el1(reg)   (hcr_el2_e2h() ? read_sysreg(EL12_##reg) : read_sysreg(reg##_el1))
#define write_el1(v, reg) do {                                         \
        if (hcr_el2_e2h())                                             \
                write_sysreg(v, EL12_##reg);                           \
        else                                                           \
                write_sysreg(v, reg##_el1);                            \
} while (0)

static inline void isb(void) { __asm__ volatile("isb" ::: "memory"); }
#define dsb(opt)   __asm__ volatile("dsb " #opt ::: "memory")
#define dmb(opt)   __asm__ volatile("dmb " #opt ::: "memory")

static inline void mmio_write32(uint64_t addr, uint32_t v)
{
        *(volatile uint32_t *)addr = v;
}
static inline uint32_t mmio_read32(uint64_t addr)
{
        return *(volatile uint32_t *)addr;
}

#define ARRAY_SIZE(a)   (sizeof(a) / sizeof((a)[0]))
#define __noreturn      __attribute__((noreturn))
#define __printf(a, b)  __attribute__((format(printf, a, b)))

/* Exception frame: vectors.S stores it on SP_EL2; a handler may modify it. */
struct el2_frame {
        uint64_t x[31];
        uint64_t elr;
        uint64_t spsr;
        uint64_t esr;
        uint64_t far;
        uint64_t hpfar;
};
_Static_assert(__builtin_offsetof(struct el2_frame, elr) == FRAME_ELR, "frame layout");
_Static_assert(__builtin_offsetof(struct el2_frame, hpfar) == FRAME_HPFAR, "frame layout");
_Static_assert(sizeof(struct el2_frame) == FRAME_SIZE, "frame layout");

/* Register state at _start, captured before anything changes it (start.S). */
struct boot_state {
        uint64_t x0, x1, x2, x3;
        uint64_t nzcv, daif, sp, currentel;
};
extern struct boot_state boot_state;

/* Linker-script symbols. */
extern char __image_start[], __image_end[];
extern char __bss_start[], __bss_end[];
extern char __stack_bottom[], __stack_top[];
extern char __guest_text_start[], __guest_text_end[];
extern char __guest_data_start[], __guest_data_end[];
extern char el2_vectors[];

/* uart.c */
void uart_putc(char c);
void uart_puts(const char *s);

/* printf.c: %c %s %d %i %u %x %X %p %%, flags '-' '0', width (or '*'),
 * length modifiers hh h l ll z. No floating point. */
int printf(const char *fmt, ...) __printf(1, 2);
int vprintf(const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* regs.c: the REGS block (design.md §5), at most 4 fields a line. */
struct reg_pair {
        const char *name;
        uint64_t value;
};
#define REG(name, value)  (name), (uint64_t)(value)
/* regs_dump("label", REG("x", v), REG("y", w), ..., NULL) */
void regs_dump(const char *label, ...);
void regs_dump_pairs(const char *label, const struct reg_pair *pairs, size_t n);
/* x0-x30, then esr_el2 far_el2 hpfar_el2 elr_el2 spsr_el2 */
void regs_dump_frame(const char *label, const struct el2_frame *f);
/* building blocks */
void regs_begin(const char *label);
void regs_field(const char *name, uint64_t value);
void regs_end(void);

/* exit.c */
void exit_status(int status) __noreturn;
uint64_t psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);

/* exception.c */
enum exc_result {
        EXC_UNHANDLED = -1,   /* not mine: the runtime reports an unexpected exception */
        EXC_HANDLED = 0,      /* return to the interrupted context (eret with the frame) */
        EXC_GUEST_EXIT = 1,   /* leave the guest: guest_call() returns to its caller */
};
typedef enum exc_result (*exc_handler_t)(struct el2_frame *f);
/* Handler for synchronous exceptions from a lower EL (AArch64): HVC, aborts... */
void el2_set_lower_sync_handler(exc_handler_t h);
/* Synchronous exceptions taken from EL2 itself (EXC_HANDLED resumes; anything else is unexpected). */
void el2_set_current_sync_handler(exc_handler_t h);
void el2_set_irq_handler(exc_handler_t h);      /* IRQ at EL2 (current EL with SP_EL2, or from a lower EL) */
void el2_exception(struct el2_frame *f, int vector_index);
void unexpected_exception(const struct el2_frame *f, int vector_index) __noreturn;
const char *esr_class_name(uint64_t ec);
/* For probes of what a CPU implements: an UNDEFINED instruction (EC 0) is counted in *count
 * and skipped (EXC_HANDLED); any other exception is EXC_UNHANDLED. */
enum exc_result skip_undefined(struct el2_frame *f, unsigned *count);
/* Hooks set by the guest support (vm.c); NULL when the image has no guest. */
extern exc_handler_t el2_lower_sync_default;
extern void (*el2_guest_exit_hook)(struct el2_frame *f);

/* string.c: what GCC may call even with -fno-builtin (struct copies). */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

/* main() of the scenario: its return value is the exit status. */
int main(void);

#endif /* !__ASSEMBLER__ */
#endif /* S2DIFF_RUNTIME_H */
