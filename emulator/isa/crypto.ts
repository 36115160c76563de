// The cryptographic extension (C4.1.96 crypto groups): AES, SHA1, SHA256, SHA512, SHA3, SM3, SM4; PMULL lives with the SIMD three-different forms it belongs to.
// Not modelled yet (issue 13): encodings in this room stop the run through simd.ts's
// "not modelled" rows.

import type { InsnDef } from './common.ts';

export const cryptoEntries: InsnDef[] = [];
