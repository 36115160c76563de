/*
 * SHA3-256 (FIPS 202) of two messages at once, one per 64-bit lane: Keccak-f[1600] with EOR3
 * and RAX1 (theta), XAR (theta's EOR with rho), BCAX (chi). Lanes A[x + 5y].
 */
#include "runtime.h"
#include "crypto.h"
#include "vec.h"

/* RC[i] from the LFSR rc(t) of FIPS 202 §3.2.5 (x^8 + x^6 + x^5 + x^4 + 1). */
static uint64_t round_constant(int i)
{
        uint64_t rc = 0;
        for (int j = 0; j <= 6; j++) {
                unsigned r = 1;
                for (int t = 0; t < (j + 7 * i) % 255; t++)
                        r = ((r << 1) & 0xff) ^ (r & 0x80 ? 0x71 : 0);
                if (r & 1)
                        rc |= 1UL << ((1 << j) - 1);
        }
        return rc;
}

/* B[pi(x, y)] = ROL(A[x, y] ^ D[x], r[x, y]) as XAR's rotate right by 64 - r */
#define RHO_PI(x, y, r) B[(y) + 5 * ((2 * (x) + 3 * (y)) % 5)] = vxarq_u64(A[(x) + 5 * (y)], D[x], (64 - (r)) % 64)

static void keccak_f(uint64x2_t A[25])
{
        uint64x2_t B[25], C[5], D[5];

        for (int i = 0; i < 24; i++) {
                for (int x = 0; x < 5; x++)
                        C[x] = veor3q_u64(veor3q_u64(A[x], A[x + 5], A[x + 10]), A[x + 15], A[x + 20]);
                for (int x = 0; x < 5; x++)
                        D[x] = vrax1q_u64(C[(x + 4) % 5], C[(x + 1) % 5]);
                RHO_PI(0, 0, 0);  RHO_PI(1, 0, 1);  RHO_PI(2, 0, 62); RHO_PI(3, 0, 28); RHO_PI(4, 0, 27);
                RHO_PI(0, 1, 36); RHO_PI(1, 1, 44); RHO_PI(2, 1, 6);  RHO_PI(3, 1, 55); RHO_PI(4, 1, 20);
                RHO_PI(0, 2, 3);  RHO_PI(1, 2, 10); RHO_PI(2, 2, 43); RHO_PI(3, 2, 25); RHO_PI(4, 2, 39);
                RHO_PI(0, 3, 41); RHO_PI(1, 3, 45); RHO_PI(2, 3, 15); RHO_PI(3, 3, 21); RHO_PI(4, 3, 8);
                RHO_PI(0, 4, 18); RHO_PI(1, 4, 2);  RHO_PI(2, 4, 61); RHO_PI(3, 4, 56); RHO_PI(4, 4, 14);
                for (int y = 0; y < 25; y += 5)
                        for (int x = 0; x < 5; x++)
                                A[x + y] = vbcaxq_u64(B[x + y], B[(x + 2) % 5 + y], B[(x + 1) % 5 + y]);
                uint64_t rc = round_constant(i);
                A[0] = veorq_u64(A[0], u64x2(rc, rc));
        }
}

void sha3_run(void)
{
        static const char *const messages[2] = { "abc", "" };
        uint64_t lanes[2][17];
        uint64x2_t A[25];

        /* one 136-byte block each: the message, the 0x06 domain/padding byte, 0x80 at the end */
        for (int m = 0; m < 2; m++) {
                uint8_t b[136];
                int len = strlen(messages[m]);
                for (int i = 0; i < 136; i++)
                        b[i] = i < len ? (uint8_t)messages[m][i] : i == len ? 0x06 : 0;
                b[135] |= 0x80;
                for (int l = 0; l < 17; l++) {
                        uint64_t v = 0;
                        for (int k = 7; k >= 0; k--)
                                v = v << 8 | b[8 * l + k];
                        lanes[m][l] = v;
                }
        }
        for (int l = 0; l < 25; l++)
                A[l] = l < 17 ? u64x2(lanes[0][l], lanes[1][l]) : u64x2(0, 0);
        keccak_f(A);
        for (int m = 0; m < 2; m++) {
                uint8_t digest[32];
                for (int l = 0; l < 4; l++) {
                        uint64_t d[2];
                        store64x2(d, A[l]);
                        for (int k = 0; k < 8; k++)
                                digest[8 * l + k] = (uint8_t)(d[m] >> 8 * k);
                }
                print_bytes(m ? "SHA3-256(\"\")   " : "SHA3-256(\"abc\")", digest, 32);
        }
}
