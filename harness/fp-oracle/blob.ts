// The fp-oracle blob and output (the C side is scenarios/fp-oracle/main.c): little-endian
// u64 magic, count, then per vector insn, fpcr, a, b, c, x; the image prints
// "I CPTR_EL2 <hex>" first, "R <d0> <x0> <fpsr> <nzcv>" per vector and "DONE <count>".

import type { Outcome } from './ops.ts';
import type { Vector } from './vectors.ts';

export const FP_BLOB_PA = 0x4600_0000;
export const FP_MAGIC = 0x31304f5241435046n; // "FPCARO01"

export function encodeBlob(vs: Vector[]): Buffer {
  const b = Buffer.alloc(16 + vs.length * 48);
  b.writeBigUInt64LE(FP_MAGIC, 0);
  b.writeBigUInt64LE(BigInt(vs.length), 8);
  vs.forEach(({ op, v }, i) => {
    const o = 16 + i * 48;
    b.writeBigUInt64LE(BigInt(op.insn), o);
    b.writeBigUInt64LE(BigInt(v.fpcr >>> 0), o + 8);
    b.writeBigUInt64LE(v.a, o + 16);
    b.writeBigUInt64LE(v.b, o + 24);
    b.writeBigUInt64LE(v.c, o + 32);
    b.writeBigUInt64LE(v.x, o + 40);
  });
  return b;
}

export interface OracleOutput {
  results: Outcome[];
  done?: number;
  /** CPTR_EL2 as the image found it at entry (TFP, bit 10, must be 0 at reset). */
  cptrEl2?: bigint;
}

export function parseOutput(uart: string): OracleOutput {
  const results: Outcome[] = [];
  let done: number | undefined;
  let cptrEl2: bigint | undefined;
  for (const line of uart.split('\n')) {
    const f = line.trim().split(' ');
    if (f[0] === 'R' && f.length === 5) {
      const [d0, x0, fpsr, nzcv] = f.slice(1).map((h) => BigInt(`0x${h}`));
      results.push({ d0, x0, fpsr, nzcv });
    } else if (f[0] === 'DONE') done = parseInt(f[1], 16);
    else if (f[0] === 'I' && f[1] === 'CPTR_EL2') cptrEl2 = BigInt(`0x${f[2]}`);
  }
  return { results, done, cptrEl2 };
}
