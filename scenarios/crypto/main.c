/*
 * crypto: the cryptographic extension (FEAT_AES, FEAT_SHA1, FEAT_SHA256, FEAT_SHA512,
 * FEAT_SHA3, FEAT_SM3, FEAT_SM4) through the arm_neon.h intrinsics: AES-128 encryption and
 * decryption of the FIPS-197 example blocks, SHA-1, SHA-256 and SHA-512 of the FIPS 180
 * example messages, SHA3-256 (Keccak-f[1600] with EOR3/RAX1/XAR/BCAX), SM3 (GB/T 32905) and
 * SM4 (GB/T 32907), each printed in hex. ID_AA64ISAR0_EL1 says which the CPU has; a missing
 * one prints a skip line. Then one encoding of each feature, and a few unallocated ones in the
 * crypto groups, run under an UNDEFINED counter (both CPUs must agree on which trap).
 */
#include "runtime.h"
#include "crypto.h"

static unsigned undefs;

static enum exc_result on_current_sync(struct el2_frame *f)
{
        return skip_undefined(f, &undefs);
}

void print_bytes(const char *label, const uint8_t *p, int n)
{
        printf("  %s ", label);
        for (int i = 0; i < n; i++)
                printf("%02x", p[i]);
        printf("\n");
}

void print_words(const char *label, const uint32_t *w, int n)
{
        printf("  %s", label);
        for (int i = 0; i < n; i++)
                printf(" %08x", w[i]);
        printf("\n");
}

void print_dwords(const char *label, const uint64_t *d, int n)
{
        printf("  %s", label);
        for (int i = 0; i < n; i++)
                printf(" %016lx", d[i]);
        printf("\n");
}

int md_pad(const char *msg, int len, uint8_t *out, int block, int lenbytes)
{
        int blocks = (len + 1 + lenbytes + block - 1) / block;
        uint64_t bits = (uint64_t)len * 8;

        for (int i = 0; i < blocks * block; i++)
                out[i] = i < len ? (uint8_t)msg[i] : i == len ? 0x80 : 0;
        for (int i = 0; i < 8; i++)
                out[blocks * block - 1 - i] = (uint8_t)(bits >> 8 * i);
        return blocks;
}

struct part {
        const char *name;
        unsigned lsb, min;      /* ID_AA64ISAR0_EL1 field at lsb must be >= min */
        const char *field;
        void (*run)(void);
};

static const struct part parts[] = {
        { "aes", 4, 1, "AES", aes_run },
        { "sha1", 8, 1, "SHA1", sha1_run },
        { "sha256", 12, 1, "SHA2", sha256_run },
        { "sha512", 12, 2, "SHA2", sha512_run },
        { "sha3", 32, 1, "SHA3", sha3_run },
        { "sm3", 36, 1, "SM3", sm3_run },
        { "sm4", 40, 1, "SM4", sm4_run },
};

int main(void)
{
        uint64_t isar0 = read_sysreg(id_aa64isar0_el1);

        write_sysreg(read_sysreg(cptr_el2) & ~BIT(10), cptr_el2);      /* CPTR_EL2.TFP = 0 */
        isb();
        el2_set_current_sync_handler(on_current_sync);
        printf("crypto: ID_AA64ISAR0_EL1 = 0x%016lx\n", isar0);
        for (unsigned i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
                const struct part *p = &parts[i];
                unsigned v = (isar0 >> p->lsb) & 0xf;
                if (v < p->min) {
                        printf("%s: skip (ID_AA64ISAR0_EL1.%s = %u)\n", p->name, p->field, v);
                        continue;
                }
                printf("%s:\n", p->name);
                p->run();
        }
        if (undefs)
                printf("unexpected: %u UNDEFINED while running the algorithms\n", undefs);
        printf("probes:\n");
        for (int i = 0;; i++) {
                unsigned before = undefs;
                const char *name = probe_run(i);
                if (!name)
                        break;
                printf("  %-38s %s\n", name, undefs != before ? "UNDEFINED" : "executed");
        }
        return STATUS_OK;
}
