/* SM3 (GB/T 32905) with SM3SS1/SM3TT1A/B/SM3TT2A/B/SM3PARTW1/W2, SM4 (GB/T 32907) with SM4E/SM4EKEY. */
#include "runtime.h"
#include "crypto.h"
#include "vec.h"

/* Vectors hold the SM3 state as {D, C, B, A} and {H, G, F, E} (A in element 3). */
#define SM3_ROUND(j, i, tt1, tt2) do {                                                          \
                uint32x4_t ss1 = vsm3ss1q_u32(abcd, efgh, u32x4(0, 0, 0, rol32((j) < 16 ? 0x79cc4519 : 0x7a879d8a, (j) % 32))); \
                abcd = tt1(abcd, ss1, wp, i);                                                   \
                efgh = tt2(efgh, ss1, w, i);                                                    \
        } while (0)

static void sm3_block(uint32_t v[8], const uint8_t *p)
{
        uint32_t W[68], st[8];

        for (int j = 0; j < 16; j++)
                W[j] = be32(p + 4 * j);
        /* W[j] = P1(W[j-16] ^ W[j-9] ^ ROL(W[j-3], 15)) ^ ROL(W[j-13], 7) ^ W[j-6], four at a time */
        for (int j = 16; j < 68; j += 4) {
                uint32x4_t t = vsm3partw1q_u32(load32x4(&W[j - 16]), load32x4(&W[j - 9]), load32x4(&W[j - 4]));
                store32x4(&W[j], vsm3partw2q_u32(t, load32x4(&W[j - 6]), load32x4(&W[j - 13])));
        }
        uint32x4_t abcd = u32x4(v[3], v[2], v[1], v[0]), efgh = u32x4(v[7], v[6], v[5], v[4]);
        for (int j = 0; j < 64; j += 4) {
                uint32x4_t w = load32x4(&W[j]), wp = veorq_u32(w, load32x4(&W[j + 4]));   /* W'[j] = W[j] ^ W[j+4] */
                if (j < 16) {
                        SM3_ROUND(j, 0, vsm3tt1aq_u32, vsm3tt2aq_u32); SM3_ROUND(j + 1, 1, vsm3tt1aq_u32, vsm3tt2aq_u32);
                        SM3_ROUND(j + 2, 2, vsm3tt1aq_u32, vsm3tt2aq_u32); SM3_ROUND(j + 3, 3, vsm3tt1aq_u32, vsm3tt2aq_u32);
                } else {
                        SM3_ROUND(j, 0, vsm3tt1bq_u32, vsm3tt2bq_u32); SM3_ROUND(j + 1, 1, vsm3tt1bq_u32, vsm3tt2bq_u32);
                        SM3_ROUND(j + 2, 2, vsm3tt1bq_u32, vsm3tt2bq_u32); SM3_ROUND(j + 3, 3, vsm3tt1bq_u32, vsm3tt2bq_u32);
                }
        }
        store32x4(st, abcd);
        store32x4(st + 4, efgh);
        for (int i = 0; i < 4; i++) {
                v[i] ^= st[3 - i];
                v[4 + i] ^= st[7 - i];
        }
}

void sm3_run(void)
{
        static const char *const messages[] = { "abc", "abcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcd" };
        uint8_t buf[192];

        for (unsigned m = 0; m < sizeof(messages) / sizeof(messages[0]); m++) {
                uint32_t v[8] = { 0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e };
                int n = md_pad(messages[m], strlen(messages[m]), buf, 64, 8);
                for (int b = 0; b < n; b++)
                        sm3_block(v, buf + 64 * b);
                print_words(m ? "SM3(\"abcd\" x 16)" : "SM3(\"abc\")", v, 8);
        }
}

/* 32 rounds in 8 SM4E steps; the result is (X35, X34, X33, X32), the state's words reversed. */
static void sm4_crypt(const uint32_t rk[32], const uint32_t in[4], uint32_t out[4])
{
        uint32x4_t x = load32x4(in);
        uint32_t s[4];

        for (int k = 0; k < 8; k++)
                x = vsm4eq_u32(x, load32x4(&rk[4 * k]));
        store32x4(s, x);
        for (int i = 0; i < 4; i++)
                out[i] = s[3 - i];
}

void sm4_run(void)
{
        static const uint32_t FK[4] = { 0xa3b1bac6, 0x56aa3350, 0x677d9197, 0xb27022dc };
        const uint32_t mk[4] = { 0x01234567, 0x89abcdef, 0xfedcba98, 0x76543210 };
        uint32_t ck[32], rk[32], rkd[32], ct[4], pt[4];

        for (int i = 0; i < 32; i++)    /* CK[i] byte j = (4i + j) * 7 mod 256 */
                ck[i] = (uint32_t)((28 * i) & 0xff) << 24 | ((28 * i + 7) & 0xff) << 16 | ((28 * i + 14) & 0xff) << 8 | ((28 * i + 21) & 0xff);
        uint32x4_t k = u32x4(mk[0] ^ FK[0], mk[1] ^ FK[1], mk[2] ^ FK[2], mk[3] ^ FK[3]);
        for (int i = 0; i < 8; i++) {
                k = vsm4ekeyq_u32(k, load32x4(&ck[4 * i]));
                store32x4(&rk[4 * i], k);
        }
        print_words("round keys 0-3  ", rk, 4);
        print_words("round keys 28-31", rk + 28, 4);
        sm4_crypt(rk, mk, ct);          /* the example's plaintext is its key */
        print_words("ciphertext", ct, 4);
        for (int i = 0; i < 32; i++)    /* decryption: the same rounds, round keys in reverse */
                rkd[i] = rk[31 - i];
        sm4_crypt(rkd, ct, pt);
        print_words("decrypted ", pt, 4);
}
