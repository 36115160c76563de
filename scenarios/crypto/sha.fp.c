/* SHA-1 and SHA-256 (FIPS 180-4) with SHA1C/P/M, SHA1H, SHA1SU0/1 and SHA256H/H2/SU0/SU1. */
#include "runtime.h"
#include "crypto.h"
#include "vec.h"

/* The FIPS 180-4 example messages: one block and two blocks. */
static const char *const messages[] = { "abc", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq" };

/* The vector of four schedule words plus four constants, added in general registers. */
static uint32x4_t add_k(uint32x4_t w, const uint32_t *k)
{
        uint32_t x[4];

        store32x4(x, w);
        return u32x4(x[0] + k[0], x[1] + k[1], x[2] + k[2], x[3] + k[3]);
}

static void sha1_block(uint32_t h[5], const uint8_t *p)
{
        static const uint32_t K1[4][4] = {
                { 0x5a827999, 0x5a827999, 0x5a827999, 0x5a827999 }, { 0x6ed9eba1, 0x6ed9eba1, 0x6ed9eba1, 0x6ed9eba1 },
                { 0x8f1bbcdc, 0x8f1bbcdc, 0x8f1bbcdc, 0x8f1bbcdc }, { 0xca62c1d6, 0xca62c1d6, 0xca62c1d6, 0xca62c1d6 },
        };
        uint32x4_t w[20];
        uint32_t abcd[4];

        for (int j = 0; j < 4; j++)
                w[j] = u32x4(be32(p + 16 * j), be32(p + 16 * j + 4), be32(p + 16 * j + 8), be32(p + 16 * j + 12));
        for (int j = 4; j < 20; j++)    /* W[t] = ROL(W[t-3] ^ W[t-8] ^ W[t-14] ^ W[t-16], 1) */
                w[j] = vsha1su1q_u32(vsha1su0q_u32(w[j - 4], w[j - 3], w[j - 2]), w[j - 1]);
        uint32x4_t x = load32x4(h);
        uint32_t e = h[4];
        for (int j = 0; j < 20; j++) {
                uint32x4_t wk = add_k(w[j], K1[j / 5]);
                uint32_t e1 = vsha1h_u32(UMOV_S(x, 0));
                GPR(e1);
                if (j < 5)
                        x = vsha1cq_u32(x, e, wk);
                else if (j < 10 || j >= 15)
                        x = vsha1pq_u32(x, e, wk);
                else
                        x = vsha1mq_u32(x, e, wk);
                e = e1;
        }
        store32x4(abcd, x);
        for (int i = 0; i < 4; i++)
                h[i] += abcd[i];
        h[4] += e;
}

void sha1_run(void)
{
        uint8_t buf[128];

        for (unsigned m = 0; m < sizeof(messages) / sizeof(messages[0]); m++) {
                uint32_t h[5] = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0 };
                int n = md_pad(messages[m], strlen(messages[m]), buf, 64, 8);
                for (int b = 0; b < n; b++)
                        sha1_block(h, buf + 64 * b);
                print_words(m ? "SHA-1(448-bit message)" : "SHA-1(\"abc\")", h, 5);
        }
}

static const uint32_t K256[64] = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
        0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
        0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
        0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static void sha256_block(uint32_t h[8], const uint8_t *p)
{
        uint32x4_t w[16];
        uint32_t out[8];

        for (int j = 0; j < 4; j++)
                w[j] = u32x4(be32(p + 16 * j), be32(p + 16 * j + 4), be32(p + 16 * j + 8), be32(p + 16 * j + 12));
        for (int j = 4; j < 16; j++)    /* W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16] */
                w[j] = vsha256su1q_u32(vsha256su0q_u32(w[j - 4], w[j - 3]), w[j - 2], w[j - 1]);
        uint32x4_t abcd = load32x4(h), efgh = load32x4(h + 4);
        for (int j = 0; j < 16; j++) {
                uint32x4_t wk = add_k(w[j], &K256[4 * j]), t = abcd;
                abcd = vsha256hq_u32(abcd, efgh, wk);
                efgh = vsha256h2q_u32(efgh, t, wk);
        }
        store32x4(out, abcd);
        store32x4(out + 4, efgh);
        for (int i = 0; i < 8; i++)
                h[i] += out[i];
}

void sha256_run(void)
{
        uint8_t buf[128];

        for (unsigned m = 0; m < sizeof(messages) / sizeof(messages[0]); m++) {
                uint32_t h[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
                int n = md_pad(messages[m], strlen(messages[m]), buf, 64, 8);
                for (int b = 0; b < n; b++)
                        sha256_block(h, buf + 64 * b);
                print_words(m ? "SHA-256(448-bit message)" : "SHA-256(\"abc\")", h, 8);
        }
}
