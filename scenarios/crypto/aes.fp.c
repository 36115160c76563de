/* AES-128 (FIPS-197) with AESE/AESMC for encryption and AESD/AESIMC for decryption. */
#include "runtime.h"
#include "crypto.h"
#include "vec.h"

/* SubWord(w) of a little-endian word: AESE of w in every column with a zero round key
 * (ShiftRows moves nothing when the columns are equal). */
static uint32_t sub_word(uint32_t w)
{
        uint8x16_t v = vaeseq_u8(vreinterpretq_u8_u32(u32x4(w, w, w, w)), vdupq_n_u8(0));
        return UMOV_S(v, 0);
}

/* KeyExpansion (FIPS-197 §5.2) into 11 round keys; words are little-endian (byte 0 lowest). */
static void expand_key(const uint8_t key[16], uint8x16_t rk[11])
{
        uint32_t w[44];
        uint32_t rcon = 1;

        for (int i = 0; i < 4; i++)
                w[i] = key[4 * i] | key[4 * i + 1] << 8 | key[4 * i + 2] << 16 | (uint32_t)key[4 * i + 3] << 24;
        for (int i = 4; i < 44; i++) {
                uint32_t t = w[i - 1];
                if (i % 4 == 0) {
                        t = sub_word(t);
                        t = (t >> 8 | t << 24) ^ rcon;  /* RotWord, Rcon */
                        rcon = (rcon << 1) ^ (rcon & 0x80 ? 0x11b : 0);
                }
                w[i] = w[i - 4] ^ t;
        }
        for (int r = 0; r < 11; r++)
                rk[r] = vreinterpretq_u8_u32(load32x4(&w[4 * r]));
}

static uint8x16_t encrypt(uint8x16_t s, const uint8x16_t rk[11])
{
        for (int r = 0; r < 9; r++)
                s = vaesmcq_u8(vaeseq_u8(s, rk[r]));
        return veorq_u8(vaeseq_u8(s, rk[9]), rk[10]);
}

/* The equivalent inverse cipher (FIPS-197 §5.3.5): InvMixColumns of the middle round keys. */
static uint8x16_t decrypt(uint8x16_t s, const uint8x16_t rk[11])
{
        s = vaesdq_u8(s, rk[10]);
        for (int r = 9; r >= 1; r--)
                s = vaesdq_u8(vaesimcq_u8(s), vaesimcq_u8(rk[r]));
        return veorq_u8(s, rk[0]);
}

static void one(const char *name, const uint8_t key[16], const uint8_t pt[16])
{
        uint8x16_t rk[11];
        uint8_t out[16];

        printf(" %s\n", name);
        expand_key(key, rk);
        store8x16(out, rk[10]);
        print_bytes("round key 10", out, 16);
        uint8x16_t ct = encrypt(load8x16(pt), rk);
        store8x16(out, ct);
        print_bytes("ciphertext", out, 16);
        store8x16(out, decrypt(ct, rk));
        print_bytes("decrypted ", out, 16);
}

void aes_run(void)
{
        static const uint8_t key_b[16] = { 0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c };
        static const uint8_t pt_b[16] = { 0x32, 0x43, 0xf6, 0xa8, 0x88, 0x5a, 0x30, 0x8d, 0x31, 0x31, 0x98, 0xa2, 0xe0, 0x37, 0x07, 0x34 };
        uint8_t key_c[16], pt_c[16];

        for (int i = 0; i < 16; i++) {
                key_c[i] = (uint8_t)i;
                pt_c[i] = (uint8_t)(i * 0x11);
        }
        one("FIPS-197 Appendix B", key_b, pt_b);
        one("FIPS-197 Appendix C.1", key_c, pt_c);
}
