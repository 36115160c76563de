// The batch blob the fuzz image reads (format in scenarios/fuzz-s2/main.c) and the parser
// of the image's output, one line per probe.

import { FUZZ_MAGIC } from './layout.ts';

/** SCTLR_EL1 RES1 bits, M = 0. */
const SCTLR_EL1_STAGE1_OFF = (1n << 11n) | (1n << 20n) | (1n << 22n) | (1n << 23n) | (1n << 28n) | (1n << 29n);
import type { PreparedCase } from './prepare.ts';

export function encodeBatch(cases: PreparedCase[]): Buffer {
  const words: bigint[] = [FUZZ_MAGIC, BigInt(cases.length)];
  cases.forEach((pc, id) => {
    const s1 = pc.enc.s1;
    words.push(BigInt(id), pc.enc.vtcr, pc.enc.vttbr, s1?.sctlr ?? SCTLR_EL1_STAGE1_OFF, s1?.tcr ?? 0n, s1?.ttbr0 ?? 0n,
      BigInt(pc.enc.descs.length), BigInt(pc.probes.length));
    for (const [pa, v] of pc.enc.descs) words.push(BigInt(pa), v);
    for (const p of pc.probes) {
      words.push(BigInt(p.entry), BigInt(p.probe.ipa), BigInt.asUintN(64, p.probe.value), BigInt(p.checkPa));
    }
  });
  const buf = Buffer.alloc(words.length * 8);
  words.forEach((w, i) => buf.writeBigUInt64LE(w, i * 8));
  return buf;
}

/** A probe's output line: its tag and hex fields. */
export interface ProbeLine {
  tag: string;
  fields: bigint[];
  text: string;
}

export interface BatchOutput {
  /** Lines per case id (cases the side did not reach are absent). */
  cases: Map<number, ProbeLine[]>;
  /** The image printed DONE. */
  done: boolean;
}

export function parseBatchOutput(uart: string): BatchOutput {
  const cases = new Map<number, ProbeLine[]>();
  let cur: ProbeLine[] | undefined;
  let done = false;
  for (const raw of uart.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const [tag, ...rest] = line.split(/\s+/);
    if (tag === 'C') {
      cur = [];
      cases.set(parseInt(rest[0], 16), cur);
    } else if (tag === 'DONE') {
      done = true;
    } else if (cur && /^[KAXE?]$/.test(tag) && rest.every((f) => /^[0-9a-f]+$/.test(f))) {
      cur.push({ tag, fields: rest.map((f) => BigInt(`0x${f}`)), text: line });
    } else if (cur) {
      cur.push({ tag: '!', fields: [], text: line });
    }
  }
  return { cases, done };
}
