/*
 * rng: FEAT_RNG (D19.2 RNDR, RNDRRS). Each read returns 64 random bits and sets NZCV to
 * 0b0000 (success; a failure would return 0 with NZCV = 0b0100). s2diff runs QEMU with
 * -seed, which makes QEMU's generator deterministic (GLib's Mersenne Twister, seeded per
 * vCPU thread from the main thread's), and the model draws from the same generator: the
 * values must agree exactly. On a CPU without FEAT_RNG (ID_AA64ISAR0_EL1.RNDR = 0) the
 * encodings are UNDEFINED.
 */
#include "runtime.h"


static unsigned undefs;

static enum exc_result on_current_sync(struct el2_frame *f)
{
        return skip_undefined(f, &undefs);
}

/* enc: the register's encoding (s3_3_c2_c4_0 is RNDR, _1 RNDRRS), name: for the line */
#define DRAW(enc, name) ({                                                      \
                uint64_t __v = 0, __nzcv;                                       \
                __asm__ volatile("msr nzcv, %2\n\tmrs %0, " #enc "\n\tmrs %1, nzcv" \
                                 : "+r"(__v), "=r"(__nzcv) : "r"(0xf0000000UL)); \
                printf("  %s = 0x%016lx NZCV = 0x%lx\n", name, __v, __nzcv >> 28); \
        })

int main(void)
{
        unsigned rndr = (read_sysreg(id_aa64isar0_el1) >> 60) & 0xf;

        el2_set_current_sync_handler(on_current_sync);
        printf("rng: ID_AA64ISAR0_EL1.RNDR = %u\n", rndr);
        for (int i = 0; i < 4; i++)
                DRAW(s3_3_c2_c4_0, "rndr");
        for (int i = 0; i < 2; i++)
                DRAW(s3_3_c2_c4_1, "rndrrs");
        printf("%u UNDEFINED\n", undefs);
        return STATUS_OK;
}
