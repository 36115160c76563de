/* The crypto scenario's parts: one per algorithm (*.fp.c, built with SIMD enabled). */
#ifndef CRYPTO_H
#define CRYPTO_H

#include <stdint.h>

void aes_run(void);
void sha1_run(void);
void sha256_run(void);
void sha512_run(void);
void sha3_run(void);
void sm3_run(void);
void sm4_run(void);
/* Executes one encoding (index i of the probe list); returns its name, or 0 past the end. */
const char *probe_run(int i);

/* main.c: "<label> <hex>" lines */
void print_bytes(const char *label, const uint8_t *p, int n);
void print_words(const char *label, const uint32_t *w, int n);
void print_dwords(const char *label, const uint64_t *d, int n);

/* Pads `len` bytes of `msg` into `out` (Merkle-Damgard, big-endian bit length in the last
 * `lenbytes` bytes of a `block`-byte block); returns the number of blocks. */
int md_pad(const char *msg, int len, uint8_t *out, int block, int lenbytes);

#endif
