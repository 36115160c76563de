/*
 * SMP support: secondary CPUs through PSCI, per-CPU stacks, spinlocks, atomics and a barrier.
 *
 * The board (QEMU virt, -smp N): CPU 0 starts at _start, the others are powered off until
 * PSCI CPU_ON (SMC conduit). CPU n has MPIDR_EL1 affinity Aff0 = n (n < 16, Aff1-3 = 0), so
 * the runtime's CPU index is Aff0 and at most SMP_MAX_CPUS CPUs are supported.
 *
 *   smp_cpu_on(1, worker, arg)   PSCI CPU_ON of CPU 1 into smp_secondary_entry (smp_start.S):
 *                                it records the state it starts in (smp_entry_state[1]), sets
 *                                SP to the top of smp_stacks[1], VBAR_EL2 to el2_vectors,
 *                                TPIDR_EL2 to 1 and calls worker(arg); when worker returns
 *                                the CPU calls PSCI CPU_OFF. arg is also the PSCI context_id,
 *                                so it is what the new CPU has in x0.
 *
 * What the single-CPU runtime gives a secondary CPU:
 *  - exceptions: the EL2 vectors work on every CPU (each takes them on its own SP_EL2 stack),
 *    but the handlers of exception.c (el2_set_irq_handler...) are one set for all CPUs: a
 *    handler that serves several CPUs tells them apart with smp_cpu_id(). An unexpected
 *    exception on any CPU prints its report and powers the whole board off (SYSTEM_OFF);
 *    two at once are reported as "while reporting one".
 *  - printf/uart_putc keep no shared state and may be called from any CPU, but nothing
 *    orders the characters of two CPUs printing at once: for output that is the same on
 *    every run, print from one CPU after synchronising (or hold a spinlock and print in an
 *    order the scenario fixes). regs_* keep one line counter: one CPU at a time.
 *  - exit_status() works from any CPU (SYSTEM_OFF stops every CPU).
 *  - boot_state is CPU 0's; a secondary's is smp_entry_state[cpu].
 *  - The MMU is off, so the lock word and counters are Device-nGnRnE memory: QEMU runs
 *    exclusives and atomics there as on Normal memory (so must the model); real hardware
 *    need not.
 *
 * Waiting loops use WFE: a waiter is woken by the event the releasing side sends (SEV after
 * an unlock or a barrier release), and QEMU's TCG (round-robin under -icount) switches to
 * the next CPU at WFE and YIELD, so a spinning CPU does not hold up the one it waits for.
 */
#ifndef S2DIFF_SMP_H
#define S2DIFF_SMP_H

#define SMP_MAX_CPUS            8
#define SMP_STACK_SHIFT         14                      /* 16 KiB a CPU */
#define SMP_STACK_SIZE          (1UL << SMP_STACK_SHIFT)

/* struct smp_entry_state, as smp_start.S stores it */
#define SMP_ENTRY_STATE_SHIFT   7                       /* 128 bytes a CPU */

/* PSCI 1.1 function IDs (DEN0022) and return values */
#define PSCI_FN_CPU_OFF         0x84000002UL
#define PSCI_FN_CPU_ON64        0xc4000003UL
#define PSCI_FN_AFFINITY_INFO64 0xc4000004UL
#define PSCI_FN_MIGRATE_INFO_TYPE 0x84000006UL
#define PSCI_FN_PSCI_FEATURES   0x8400000aUL

#ifndef __ASSEMBLER__

#include "runtime.h"

#define PSCI_RET_SUCCESS             0
#define PSCI_RET_NOT_SUPPORTED      -1
#define PSCI_RET_INVALID_PARAMETERS -2
#define PSCI_RET_DENIED             -3
#define PSCI_RET_ALREADY_ON         -4
#define PSCI_RET_ON_PENDING         -5
#define PSCI_RET_INTERNAL_FAILURE   -6
#define PSCI_RET_NOT_PRESENT        -7
#define PSCI_RET_DISABLED           -8
#define PSCI_RET_INVALID_ADDRESS    -9

/* AFFINITY_INFO results */
#define PSCI_AFF_ON             0
#define PSCI_AFF_OFF            1
#define PSCI_AFF_ON_PENDING     2

/* The state a secondary CPU starts in, stored by smp_secondary_entry before it changes
 * anything (raw: SP, VBAR_EL2 and TPIDR_EL2 are what the CPU came up with). */
struct smp_entry_state {
        uint64_t x0, x1, x2, x3;
        uint64_t nzcv, daif, sp, currentel;
        uint64_t spsel, sctlr_el2, vbar_el2, tpidr_el2;
        uint64_t mpidr, hcr_el2, entries, pad;  /* entries: how often this CPU came up */
};
_Static_assert(sizeof(struct smp_entry_state) == (1 << SMP_ENTRY_STATE_SHIFT), "smp_entry_state layout");
extern struct smp_entry_state smp_entry_state[SMP_MAX_CPUS];

/* The per-CPU stacks (SP of CPU n starts at smp_stacks[n + 1], the top of its own). CPU 0
 * keeps the runtime's main stack (linker.ld). */
extern char smp_stacks[SMP_MAX_CPUS][SMP_STACK_SIZE];

/* smp_start.S: where CPU_ON sends a secondary (x0 = context id = the worker's argument). */
extern char smp_secondary_entry[];

/* MPIDR_EL1 affinity (Aff3..Aff0 as PSCI wants it) of CPU index cpu on QEMU virt. */
static inline uint64_t smp_cpu_mpidr(unsigned cpu)
{
        return cpu & 0xff;
}

/* The running CPU's index: MPIDR_EL1.Aff0, valid on every CPU (CPU 0 included, whose
 * TPIDR_EL2 the runtime leaves alone; on secondaries TPIDR_EL2 holds the same index). */
static inline unsigned smp_cpu_id(void)
{
        return (unsigned)(read_sysreg(mpidr_el1) & 0xff);
}

/* PSCI calls (SMC #0). Return values as the firmware gives them (sign-extended). */
int64_t smp_psci_cpu_on_raw(uint64_t target_mpidr, uint64_t entry, uint64_t context_id);
int smp_cpu_on(unsigned cpu, void (*fn)(unsigned long), unsigned long arg);
int smp_psci_affinity_info(unsigned cpu);               /* level 0: PSCI_AFF_* or an error */
int64_t smp_psci_affinity_info_raw(uint64_t target_mpidr, uint64_t level);
int64_t smp_psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
__noreturn void smp_cpu_off(void);                      /* PSCI CPU_OFF of the caller */
/* Polls AFFINITY_INFO (with WFE in between) until the CPU is OFF; returns the last result. */
int smp_wait_cpu_off(unsigned cpu);

/* Events */
static inline void smp_sev(void)  { __asm__ volatile("dsb ish\n\tsev" ::: "memory"); }
static inline void smp_wfe(void)  { __asm__ volatile("wfe" ::: "memory"); }
static inline void smp_yield(void) { __asm__ volatile("yield" ::: "memory"); }

/* ID_AA64ISAR0_EL1.Atomic >= 2: FEAT_LSE (CAS, LDADD, SWP...) */
int smp_have_lse(void);

/* Spinlocks: a 32-bit word, 0 free, 1 held. */
typedef struct {
        volatile uint32_t locked;
} smp_spinlock_t;
#define SMP_SPINLOCK_INIT { 0 }

void smp_spin_lock(smp_spinlock_t *l);          /* LDAXR/STXR, WFE while held */
void smp_spin_lock_lse(smp_spinlock_t *l);      /* CASA, WFE while held: FEAT_LSE only */
int smp_spin_trylock(smp_spinlock_t *l);        /* LDAXR/STXR once: 1 taken, 0 held */
void smp_spin_unlock(smp_spinlock_t *l);        /* STLR of 0, then DSB + SEV */

/* Atomic additions on a 32-bit word; return the new value. */
uint32_t smp_atomic_add_excl(volatile uint32_t *p, uint32_t v);   /* LDAXR/STLXR retry loop */
uint32_t smp_atomic_add_lse(volatile uint32_t *p, uint32_t v);    /* LDADDAL: FEAT_LSE only */
static inline uint32_t smp_load_acquire(const volatile uint32_t *p)
{
        uint32_t v;

        __asm__ volatile("ldar %w0, [%1]" : "=r"(v) : "r"(p) : "memory");
        return v;
}
static inline void smp_store_release(volatile uint32_t *p, uint32_t v)
{
        __asm__ volatile("stlr %w0, [%1]" :: "rZ"(v), "r"(p) : "memory");
}

/* A store for others to wait on: store-release, then DSB + SEV (wakes their WFE). */
static inline void smp_signal(volatile uint32_t *p, uint32_t v)
{
        smp_store_release(p, v);
        smp_sev();
}

/* Waits (WFE) until *p == v / *p >= v; the writer must send an event (smp_signal). */
void smp_wait_eq(const volatile uint32_t *p, uint32_t v);
void smp_wait_ge(const volatile uint32_t *p, uint32_t v);

/* A barrier for n CPUs (sense by generation): every CPU calls smp_barrier_wait(&b, n); the
 * n-th to arrive releases the others. Reusable; zero-initialised is ready. */
struct smp_barrier {
        volatile uint32_t arrived;
        volatile uint32_t generation;
};
void smp_barrier_wait(struct smp_barrier *b, unsigned n);

/*
 * vCPUs: guests on several CPUs at once (smp_vcpu.c, smp_vcpu_switch.S; linked only into
 * images that call them, which must have guest code: guest_start.S is the entry).
 *
 * vm.h's guest_call() and guest_fw's guest_run() are for one guest at a time on the whole
 * board: the host SP they return to (host_saved_sp), the exit frame (guest_exit_frame),
 * the "in a guest" flag, the running guest and its handler table (guest_fw.c) are single
 * globals, every guest uses the one guest stack of guest_start.S (guest_stack_top), and
 * guest_run sets and clears the lower-EL handler that every CPU shares. The s2mmu tables
 * (one pool, no lock) may be built by one CPU and used by several. s2mmu_flush_* and
 * s2mmu_unmap invalidate with the IS forms but for the VMID in the issuing CPU's own
 * VTTBR_EL2: a CPU that did not run the guest must install its VTTBR first.
 *
 * A struct smp_vcpu holds a guest context: x0-x30, ELR/SPSR (as the EL2 frame of its last
 * exit), its EL1 registers, the stage 2 and HCR_EL2 it runs with, VMPIDR_EL2 and optionally
 * its GICv3 virtual CPU interface (list registers, ICH_HCR/VMCR/APxR). smp_vcpu_run(v) puts
 * it on the calling CPU and runs it until it exits (HVC #0, or its handler says
 * EXC_GUEST_EXIT), then saves it all back into v (the GIC state is then taken off the CPU:
 * ICH_HCR_EL2 and the list registers 0) and returns its x0. A later smp_vcpu_run, on any
 * CPU, resumes it where it left off. Several CPUs may run vCPUs at once (each has its own
 * host SP slot and current vCPU); do not mix with guest_call/guest_run on another CPU (they
 * install their own exit hooks).
 */
struct smp_vcpu;
typedef enum exc_result (*smp_vcpu_handler_t)(struct smp_vcpu *v, struct el2_frame *f);

#define SMP_VCPU_LRS    4       /* list registers saved (QEMU: ICH_VTR_EL2.ListRegs = 3) */

struct smp_vcpu {
        struct el2_frame regs;          /* x0-x30, elr, spsr to resume with; esr/far/hpfar of the last exit */
        uint64_t sp_el1, elr_el1, spsr_el1, vbar_el1, sctlr_el1, esr_el1, far_el1, tpidr_el1;
        uint64_t vtcr, vttbr, hcr, vmpidr;
        int gic;                        /* save/restore the virtual CPU interface */
        uint64_t ich_hcr, ich_vmcr, ich_ap0r0, ich_ap1r0, ich_lr[SMP_VCPU_LRS];
        smp_vcpu_handler_t handler;     /* exits first go here (NULL: the defaults) */
        unsigned exits;                 /* exits so far */
        unsigned last_cpu;              /* the CPU it last ran on */
        void *priv;
};

/* A vCPU that starts entry(arg) at EL1h through guest_start (SPSR 0x3c5, MMU off), with
 * SP_EL1 = sp_el1 (a stack of its own in guest data), on the given stage 2. */
void smp_vcpu_init(struct smp_vcpu *v, int (*entry)(uint64_t), uint64_t arg, uint64_t sp_el1,
                   uint64_t vtcr, uint64_t vttbr);
uint64_t smp_vcpu_run(struct smp_vcpu *v);
/* The vCPU running on this CPU (inside its handler), or NULL. */
struct smp_vcpu *smp_vcpu_current(void);

/* smp_vcpu_switch.S */
uint64_t smp_vcpu_enter(const struct el2_frame *regs, uint64_t *host_sp);
__noreturn void smp_vcpu_leave(uint64_t ret, uint64_t host_sp);

#endif /* !__ASSEMBLER__ */
#endif /* S2DIFF_SMP_H */
