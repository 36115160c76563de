/*
 * fp-lazy-switch: lazy FP/SIMD context switching as KVM does it. The host owns the FP
 * registers (its V0-V31, FPCR = RZ|DN, FPSR = IXC) and runs the guest with CPTR_EL2.TFP = 1.
 * The guest's first FP/SIMD instruction, or MRS/MSR of FPCR/FPSR, traps to EL2 (EC 0x07,
 * ISS CV=1 COND=0xe); the host saves its state, loads the guest's, clears TFP and returns to
 * the same instruction. When the guest exits (HVC #HVC_HOST_WORK) the host takes the FP
 * registers back (saves the guest's, loads its own), checks them, computes with them, and
 * re-arms TFP before resuming the guest, whose next FP access traps again. At the end the
 * host checks that both contexts came through every switch intact.
 */
#include "vm.h"
#include "lazy.h"

int guest_main(uint64_t arg);   /* guest.c */
void fp_save(struct fpctx *c);  /* fpstate.S */
void fp_load(struct fpctx *c);
uint64_t host_fp_work(uint64_t k);      /* host.fp.c */

#define CPTR_EL2_RES1   0x33ffUL
#define CPTR_TFP        BIT(10)

static struct fpctx host_ctx, guest_ctx, check;
static int guest_owns_fp;
static unsigned fp_traps, exits;
static int failures;

static void set_tfp(int on)
{
        write_sysreg(CPTR_EL2_RES1 | (on ? CPTR_TFP : 0), cptr_el2);
        isb();
}

/* The host's registers as it left them: every V lane, FPCR and FPSR. */
static void check_host(const char *when)
{
        fp_save(&check);
        int bad = 0;
        for (int i = 0; i < 64; i++)
                bad += check.v[i] != host_ctx.v[i];
        bad += check.fpcr != host_ctx.fpcr;
        bad += check.fpsr != host_ctx.fpsr;
        printf("host: %s: host FP state %s (FPCR 0x%08lx FPSR 0x%lx)\n", when, bad ? "CORRUPTED" : "intact", check.fpcr, check.fpsr);
        failures += bad != 0;
}

/* Takes the FP registers back from the guest (vcpu_put): save the guest's, load the host's. */
static void host_take_fp(void)
{
        set_tfp(0);     /* the host's own accesses must not trap */
        if (guest_owns_fp) {
                fp_save(&guest_ctx);
                fp_load(&host_ctx);
                guest_owns_fp = 0;
        }
}

static enum exc_result on_lower_sync(struct el2_frame *f)
{
        uint64_t ec = ESR_EC(f->esr);

        if (ec == 0x07) {
                fp_traps++;
                printf("trap %u: EC=0x07 ISS=0x%07lx at ELR 0x%lx: switching FP to the guest\n", fp_traps, ESR_ISS(f->esr), f->elr);
                set_tfp(0);
                fp_save(&host_ctx);
                fp_load(&guest_ctx);
                guest_owns_fp = 1;
                return EXC_HANDLED;     /* ELR_EL2 is the trapped instruction: run it again */
        }
        if (ec == ESR_EC_HVC64 && ESR_HVC_IMM16(f->esr) == HVC_HOST_WORK) {
                exits++;
                printf("exit %u: guest x0 = 0x%lx, guest %s the FP registers\n", exits, f->x[0], guest_owns_fp ? "owns" : "does not own");
                host_take_fp();
                check_host("after taking FP back");
                f->x[0] = host_fp_work(f->x[0]);
                fp_save(&host_ctx);     /* the host's state as its work left it */
                set_tfp(1);
                return EXC_HANDLED;
        }
        return EXC_UNHANDLED;
}

int main(void)
{
        for (int i = 0; i < 64; i++)
                host_ctx.v[i] = 0x4000000000000000UL | (uint64_t)i << 44 | (uint64_t)(i * 0x1111);
        host_ctx.fpcr = 3UL << 22 | BIT(25);    /* RZ, DN */
        host_ctx.fpsr = 0x10;                   /* IXC */
        /* The guest starts with zeroed registers, FPCR = 0 (RN), FPSR = 0. */
        set_tfp(0);
        fp_load(&host_ctx);
        check_host("before the guest");

        s2_init();
        vm_map_guest_image();
        s2_enable(1);
        el2_set_lower_sync_handler(on_lower_sync);
        set_tfp(1);
        uint64_t status = guest_call(guest_main, 0);
        host_take_fp();
        check_host("after the guest");
        printf("guest: FPCR 0x%08lx FPSR 0x%lx d16 0x%016lx d17 0x%016lx d18 0x%016lx d19 0x%016lx q31 0x%016lx:%016lx\n",
               guest_ctx.fpcr, guest_ctx.fpsr, guest_ctx.v[32], guest_ctx.v[34], guest_ctx.v[36], guest_ctx.v[38], guest_ctx.v[63], guest_ctx.v[62]);
        printf("guest exited with status %lu after %u FP traps and %u exits\n", status, fp_traps, exits);
        if (fp_traps != 3 || exits != 2)
                failures++;
        printf("%s\n", failures || status ? "FAIL" : "PASS");
        return failures || status ? STATUS_CHECK_FAILED : STATUS_OK;
}
