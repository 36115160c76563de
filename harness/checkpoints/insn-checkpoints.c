/*
 * A QEMU TCG plugin (plugin API version 1, QEMU 7.2) that gives s2diff checkpoints of a long
 * run: the number of guest instructions executed so far each time execution reaches one of
 * the given addresses (the exception vectors the model's run entered), and optionally every
 * executed PC within a window of instruction counts. QEMU's -d cpu trace of a whole Linux
 * boot is impossible (hours); this costs an inline add per instruction.
 *
 * Arguments (-plugin FILE,arg=...): out=PATH (where to write), pc=0xADDR (repeatable: count
 * at every execution of this address), from=N,to=M (log "pc count" for counts in [N, M)),
 * counter=PATH (keep the count in PATH, a file mapped shared: u64 count, then u64 park_at,
 * parked, release; when the count reaches park_at, the vCPU thread waits in the plugin with
 * parked=1 until the harness sets release: qemu-gdb.ts stops QEMU there through its gdbstub).
 * Output lines: "at <pc hex> <count>" and "pc <pc hex> <count>" (count = instructions
 * executed before this one).
 *
 * The declarations below are the plugin API's, written out here because Debian does not
 * ship qemu-plugin.h; they are the version 1 interface QEMU 7.2 exports.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_CB_R_REGS, QEMU_PLUGIN_CB_RW_REGS };
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
typedef void (*tb_trans_cb)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*vcpu_udata_cb)(unsigned int vcpu_index, void *userdata);
typedef void (*udata_cb)(qemu_plugin_id_t id, void *userdata);
extern void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, tb_trans_cb cb);
extern size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
extern struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
extern uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
extern void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn, vcpu_udata_cb cb,
                                                   enum qemu_plugin_cb_flags flags, void *userdata);
extern void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *insn, enum qemu_plugin_op op,
                                                       void *ptr, uint64_t imm);
extern void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, udata_cb cb, void *userdata);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

#define MAX_PCS 4096
static uint64_t own_count; /* one vCPU: the harness runs -smp 1 */
static uint64_t *countp = &own_count;
#define count (*countp)
/* The shared control words after the count (counter=PATH): park_at, parked, release. */
static volatile uint64_t *control;
static pid_t harness_pid;
static uint64_t pcs[MAX_PCS];
static size_t npcs;
static uint64_t from = UINT64_MAX, to;
static FILE *out;

static int is_checkpoint(uint64_t pc)
{
    for (size_t i = 0; i < npcs; i++) {
        if (pcs[i] == pc) {
            return 1;
        }
    }
    return 0;
}

/* Called before the instruction at `pc` (userdata) runs; `count` already includes it. */
static void at_checkpoint(unsigned int vcpu, void *pc)
{
    (void)vcpu;
    fprintf(out, "at %" PRIx64 " %" PRIu64 "\n", (uint64_t)(uintptr_t)pc, count - 1);
}

static void in_window(unsigned int vcpu, void *pc)
{
    (void)vcpu;
    if (count - 1 >= from && count - 1 < to) {
        fprintf(out, "pc %" PRIx64 " %" PRIu64 "\n", (uint64_t)(uintptr_t)pc, count - 1);
    }
}

/*
 * Before an instruction runs, when it is the park_at-th started: wait for the harness (it
 * interrupts QEMU through the gdbstub, then releases; with -singlestep the stop comes after
 * this instruction, with park_at instructions started). QEMU 7.2 runs this callback before
 * the instruction's inline add, whatever the order of registration: the count is one short.
 */
static void maybe_park(unsigned int vcpu, void *p)
{
    (void)vcpu;
    (void)p;
    if (count + 1 != control[0]) {
        return;
    }
    __atomic_store_n(&control[1], 1, __ATOMIC_SEQ_CST);
    while (!__atomic_load_n(&control[2], __ATOMIC_SEQ_CST)) {
        /* The harness is gone (QEMU runs in a session of its own, so nothing else ends it). */
        if (getppid() != harness_pid) {
            _exit(1);
        }
        usleep(20);
    }
    __atomic_store_n(&control[2], 0, __ATOMIC_SEQ_CST);
    __atomic_store_n(&control[1], 0, __ATOMIC_SEQ_CST);
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    (void)id;
    size_t n = qemu_plugin_tb_n_insns(tb);
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint64_t pc = qemu_plugin_insn_vaddr(insn);
        /* Inline callbacks run in registration order, before the instruction (a gdb breakpoint
         * stops before them: the count there is of the instructions before this one). */
        qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, countp, 1);
        if (control) {
            qemu_plugin_register_vcpu_insn_exec_cb(insn, maybe_park, QEMU_PLUGIN_CB_NO_REGS, NULL);
        }
        if (is_checkpoint(pc)) {
            qemu_plugin_register_vcpu_insn_exec_cb(insn, at_checkpoint, QEMU_PLUGIN_CB_NO_REGS, (void *)(uintptr_t)pc);
        }
        if (from != UINT64_MAX) {
            qemu_plugin_register_vcpu_insn_exec_cb(insn, in_window, QEMU_PLUGIN_CB_NO_REGS, (void *)(uintptr_t)pc);
        }
    }
}

/* The count and the control words kept in a shared mapping of `path` (u64s in the host's order). */
static int map_counter(const char *path)
{
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || ftruncate(fd, 4 * sizeof(uint64_t)) != 0) {
        perror(path);
        return -1;
    }
    void *p = mmap(NULL, 4 * sizeof(uint64_t), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (p == MAP_FAILED) {
        perror(path);
        return -1;
    }
    countp = p;
    *countp = 0;
    harness_pid = getppid();
    control = countp + 1;
    control[0] = UINT64_MAX;
    control[1] = control[2] = 0;
    return 0;
}

static void at_exit(qemu_plugin_id_t id, void *p)
{
    (void)id;
    (void)p;
    fprintf(out, "end %" PRIu64 "\n", count);
    fclose(out);
}

__attribute__((visibility("default")))
int qemu_plugin_install(qemu_plugin_id_t id, const void *info, int argc, char **argv)
{
    (void)info;
    const char *path = NULL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "out=", 4) == 0) {
            path = a + 4;
        } else if (strncmp(a, "pc=", 3) == 0 && npcs < MAX_PCS) {
            pcs[npcs++] = strtoull(a + 3, NULL, 0);
        } else if (strncmp(a, "from=", 5) == 0) {
            from = strtoull(a + 5, NULL, 0);
        } else if (strncmp(a, "to=", 3) == 0) {
            to = strtoull(a + 3, NULL, 0);
        } else if (strncmp(a, "counter=", 8) == 0) {
            if (map_counter(a + 8) != 0) {
                return -1;
            }
        } else {
            fprintf(stderr, "insn-checkpoints: unknown argument %s\n", a);
            return -1;
        }
    }
    out = path ? fopen(path, "w") : stderr;
    if (!out) {
        perror(path);
        return -1;
    }
    setvbuf(out, NULL, _IOFBF, 1 << 20);
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
