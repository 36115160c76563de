/* SHA-512 (FIPS 180-4) with SHA512H/H2 (two rounds each) and SHA512SU0/SU1 (two schedule words). */
#include "runtime.h"
#include "crypto.h"
#include "vec.h"

static const uint64_t K512[80] = {
        0x428a2f98d728ae22UL, 0x7137449123ef65cdUL, 0xb5c0fbcfec4d3b2fUL, 0xe9b5dba58189dbbcUL, 0x3956c25bf348b538UL, 0x59f111f1b605d019UL,
        0x923f82a4af194f9bUL, 0xab1c5ed5da6d8118UL, 0xd807aa98a3030242UL, 0x12835b0145706fbeUL, 0x243185be4ee4b28cUL, 0x550c7dc3d5ffb4e2UL,
        0x72be5d74f27b896fUL, 0x80deb1fe3b1696b1UL, 0x9bdc06a725c71235UL, 0xc19bf174cf692694UL, 0xe49b69c19ef14ad2UL, 0xefbe4786384f25e3UL,
        0x0fc19dc68b8cd5b5UL, 0x240ca1cc77ac9c65UL, 0x2de92c6f592b0275UL, 0x4a7484aa6ea6e483UL, 0x5cb0a9dcbd41fbd4UL, 0x76f988da831153b5UL,
        0x983e5152ee66dfabUL, 0xa831c66d2db43210UL, 0xb00327c898fb213fUL, 0xbf597fc7beef0ee4UL, 0xc6e00bf33da88fc2UL, 0xd5a79147930aa725UL,
        0x06ca6351e003826fUL, 0x142929670a0e6e70UL, 0x27b70a8546d22ffcUL, 0x2e1b21385c26c926UL, 0x4d2c6dfc5ac42aedUL, 0x53380d139d95b3dfUL,
        0x650a73548baf63deUL, 0x766a0abb3c77b2a8UL, 0x81c2c92e47edaee6UL, 0x92722c851482353bUL, 0xa2bfe8a14cf10364UL, 0xa81a664bbc423001UL,
        0xc24b8b70d0f89791UL, 0xc76c51a30654be30UL, 0xd192e819d6ef5218UL, 0xd69906245565a910UL, 0xf40e35855771202aUL, 0x106aa07032bbd1b8UL,
        0x19a4c116b8d2d0c8UL, 0x1e376c085141ab53UL, 0x2748774cdf8eeb99UL, 0x34b0bcb5e19b48a8UL, 0x391c0cb3c5c95a63UL, 0x4ed8aa4ae3418acbUL,
        0x5b9cca4f7763e373UL, 0x682e6ff3d6b2b8a3UL, 0x748f82ee5defb2fcUL, 0x78a5636f43172f60UL, 0x84c87814a1f0ab72UL, 0x8cc702081a6439ecUL,
        0x90befffa23631e28UL, 0xa4506cebde82bde9UL, 0xbef9a3f7b2c67915UL, 0xc67178f2e372532bUL, 0xca273eceea26619cUL, 0xd186b8c721c0c207UL,
        0xeada7dd6cde0eb1eUL, 0xf57d4f7fee6ed178UL, 0x06f067aa72176fbaUL, 0x0a637dc5a2c898a6UL, 0x113f9804bef90daeUL, 0x1b710b35131c471bUL,
        0x28db77f523047d84UL, 0x32caab7b40c72493UL, 0x3c9ebe0a15c9bebcUL, 0x431d67c49c100d4cUL, 0x4cc5d4becb3e42b6UL, 0x597f299cfc657e2aUL,
        0x5fcb6fab3ad6faecUL, 0x6c44198c4a475817UL,
};

/*
 * One block. The state s = {a..h} lives in general registers between round pairs; the
 * instructions see it as lane pairs: SHA512H (W = {g + K[i+1] + W[i+1], h + K[i] + W[i]},
 * X = {f, g}, Y = {d, e}) gives {T1[i+1], T1[i]}; SHA512H2 (that, X = {c, d}, Y = {a, b})
 * the new a of both rounds.
 */
static void sha512_block(uint64_t h[8], const uint8_t *p)
{
        uint64_t w[80], s[8], t1[2], a2[2];

        for (int j = 0; j < 16; j++)
                w[j] = be64(p + 8 * j);
        for (int j = 16; j < 80; j += 2) {      /* W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16] */
                uint64x2_t v = vsha512su0q_u64(u64x2(w[j - 16], w[j - 15]), u64x2(w[j - 14], w[j - 13]));
                store64x2(&w[j], vsha512su1q_u64(v, u64x2(w[j - 2], w[j - 1]), u64x2(w[j - 7], w[j - 6])));
        }
        for (int i = 0; i < 8; i++)
                s[i] = h[i];
        for (int j = 0; j < 80; j += 2) {
                uint64x2_t wk = u64x2(s[6] + K512[j + 1] + w[j + 1], s[7] + K512[j] + w[j]);
                store64x2(t1, vsha512hq_u64(wk, u64x2(s[5], s[6]), u64x2(s[3], s[4])));
                store64x2(a2, vsha512h2q_u64(u64x2(t1[0], t1[1]), u64x2(s[2], s[3]), u64x2(s[0], s[1])));
                uint64_t e2 = s[2] + t1[0], f2 = s[3] + t1[1];
                s[7] = s[5]; s[6] = s[4]; s[5] = f2; s[4] = e2;
                s[3] = s[1]; s[2] = s[0]; s[1] = a2[1]; s[0] = a2[0];
        }
        for (int i = 0; i < 8; i++)
                h[i] += s[i];
}

void sha512_run(void)
{
        static const char *const messages[] = {
                "abc",
                "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
        };
        uint8_t buf[256];

        for (unsigned m = 0; m < sizeof(messages) / sizeof(messages[0]); m++) {
                uint64_t h[8] = {
                        0x6a09e667f3bcc908UL, 0xbb67ae8584caa73bUL, 0x3c6ef372fe94f82bUL, 0xa54ff53a5f1d36f1UL,
                        0x510e527fade682d1UL, 0x9b05688c2b3e6c1fUL, 0x1f83d9abfb41bd6bUL, 0x5be0cd19137e2179UL,
                };
                int n = md_pad(messages[m], strlen(messages[m]), buf, 128, 16);
                for (int b = 0; b < n; b++)
                        sha512_block(h, buf + 128 * b);
                print_dwords(m ? "SHA-512(896-bit message)" : "SHA-512(\"abc\")", h, 8);
        }
}
