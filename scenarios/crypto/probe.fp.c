/*
 * One encoding of each crypto feature, and unallocated encodings in the crypto groups, for
 * main.c's UNDEFINED counter: on a CPU without a feature its instructions are UNDEFINED.
 */
#include "crypto.h"

#define PROBE(word, name) case __COUNTER__ - base: __asm__ volatile(".inst " #word ::: "v0", "v1", "v2", "v3", "memory"); return name

const char *probe_run(int i)
{
        enum { base = __COUNTER__ + 1 };

        switch (i) {
        PROBE(0x4e284820, "AESE v0.16b, v1.16b");
        PROBE(0x5e020020, "SHA1C q0, s1, v2.4s");
        PROBE(0x5e024020, "SHA256H q0, q1, v2.4s");
        PROBE(0xce628020, "SHA512H q0, q1, v2.2d");
        PROBE(0xce020c20, "EOR3 v0.16b, v1.16b, v2.16b, v3.16b");
        PROBE(0xce420c20, "SM3SS1 v0.4s, v1.4s, v2.4s, v3.4s");
        PROBE(0xcec08420, "SM4E v0.4s, v1.4s");
        PROBE(0x4e684820, "AES group, size 01");
        PROBE(0x5e027020, "three-register SHA, opcode 111");
        PROBE(0x5e283820, "two-register SHA, opcode 00011");
        PROBE(0xce620c20, "four-register, Op0 11");
        PROBE(0xce62cc20, "three-register SHA512, O 1 opcode 11");
        PROBE(0xcec08820, "two-register SHA512, opcode 10");
        PROBE(0xcea20c20, "op0 1100, no group");
        default:
                return 0;
        }
}
