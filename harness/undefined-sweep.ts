// A sweep of the A64 encoding space: instruction words sampled across every top-level
// encoding group run once each at EL0 on both sides (scenarios/undefined-sweep), and the
// exception each ends in (UNDEFINED, executed, a trap, an abort) is compared word by word.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { runModel } from './model-runner.ts';
import { runQemu } from './qemu-runner.ts';
import { buildScenarios } from './scenarios.ts';
import { disassembleWords } from './disasm.ts';
import { DEFAULT_RUN_OPTIONS, type RunOptions } from './types.ts';
import { executedUnallocated, qemuCrashWord } from './qemu-encoding-quirks.ts';

export const SWEEP_BLOB = 0x4600_0000;
const SWEEP_MAGIC = 0x5045455753464455n; // "UDFSWEEP"

/**
 * Words the sandbox cannot run, and why:
 * - B, BL, B.cond, CBZ/CBNZ, TBZ/TBNZ: PC-relative targets anywhere within +-128 MiB of the
 *   slot (into the image itself); register branches are kept (they land on an SVC).
 * - WFI, WFE, WFIT, WFET: with nothing to wake them (DAIF masked, no timer) they may wait
 *   forever on QEMU.
 * - The SVE (op0 = 0b0010) and SME (op0 = 0b0000 with bit 31 set) spaces: QEMU's max has
 *   both and the model neither (README feature table); their encodings would only show that.
 */
export function excluded(w: number): string | undefined {
  const op0 = (w >>> 25) & 0xf;
  if (op0 === 0b0010) return 'SVE';
  if (op0 === 0b0000 && (w >>> 31) === 1) return 'SME';
  if ((w & 0x7c000000) === 0x14000000) return 'B/BL';
  if ((w & 0xff000010) === 0x54000000) return 'B.cond';
  if ((w & 0x7e000000) === 0x34000000) return 'CBZ/CBNZ';
  if ((w & 0x7e000000) === 0x36000000) return 'TBZ/TBNZ';
  if ((w >>> 0) === 0xd503205f || (w >>> 0) === 0xd503207f) return 'WFE/WFI';
  if ((w & 0xffffffc0) >>> 0 === 0xd5031000) return 'WFET/WFIT';
  if (qemuCrashWord(w) !== undefined) return 'QEMU 7.2 aborts on it';
  return undefined;
}

/** n words, the same number from each value of op0 (bits [28:25]) but SVE's, from a seed. */
export function sampleWords(seed: number, n: number): number[] {
  const perGroup = Math.ceil(n / 15);
  const raw = fc.sample(fc.array(fc.noBias(fc.integer({ min: 0, max: 0xffff_ffff })), { minLength: perGroup * 4, maxLength: perGroup * 4 }), { seed, numRuns: 16 });
  const out: number[] = [];
  for (let g = 0; g < 16; g++) {
    let k = 0;
    for (const r of raw[g]) {
      const w = ((r & ~(0xf << 25)) | (g << 25)) >>> 0;
      if (excluded(w) === undefined) { out.push(w); if (++k === perGroup) break; }
    }
  }
  return out.slice(0, n);
}

/** The SIMD&FP encoding spaces: data processing (op0 = x111) and the loads/stores with V = 1. */
export const isSimdFpSpace = (w: number): boolean => ((w >>> 25) & 0x7) === 0b111 || (((w >>> 25) & 0x5) === 0b100 && ((w >>> 26) & 1) === 1);

/** n words of the SIMD&FP spaces, uniformly over their bits, from a seed. */
export function sampleSimdFpWords(seed: number, n: number): number[] {
  const raw = fc.sample(fc.noBias(fc.integer({ min: 0, max: 0xffff_ffff })), { seed, numRuns: n * 4 });
  const out: number[] = [];
  for (const r of raw) {
    // Half in data processing (op0 = x111), half in the loads/stores with V = 1 (op0 = x1x0).
    const w = (out.length & 1 ? (r | (0x7 << 25)) : ((r & ~(0x5 << 25)) | (0x4 << 25) | (1 << 26))) >>> 0;
    if (isSimdFpSpace(w) && excluded(w) === undefined) out.push(w);
    if (out.length === n) break;
  }
  return out;
}

export interface SweepDifference {
  word: number;
  disasm: string;
  qemu: string;
  model: string;
}

export interface SweepResult {
  words: number;
  /** Outcome counts by exception class on QEMU's side (0x00 UNDEFINED, 0x15 executed...). */
  byClass: Record<string, number>;
  differences: SweepDifference[];
  /** Differences that are the catalogued QEMU deviation device-alignment-unchecked. */
  qemuDeviations: number;
  /** The word QEMU died on (by a signal, e.g. an assertion), when it did: the rest were not compared. */
  qemuCrash?: { word: number; disasm: string; detail: string };
}

function parse(uart: string): Map<number, string> {
  const m = new Map<number, string>();
  for (const line of uart.split('\n')) {
    const f = /^([0-9a-f]+) ([0-9a-f]+) ([0-9a-f]+)$/.exec(line.trim());
    if (f) m.set(parseInt(f[1], 16), `${f[2]} ${f[3]}`);
  }
  return m;
}

/** ESR of an outcome line; undefined for "(none: ...)", a side that printed no outcome. */
const esrOf = (outcome: string): bigint | undefined => {
  const h = outcome.split(' ')[0];
  return /^[0-9a-f]+$/.test(h) ? BigInt(`0x${h}`) : undefined;
};
const ec = (outcome: string): number => Number((esrOf(outcome) ?? 0n) >> 26n) & 0x3f;
/** A data abort with DFSC 0b100001: an Alignment fault. */
const alignmentFault = (outcome: string): boolean =>
  esrOf(outcome) !== undefined && ec(outcome) === 0x24 && Number(esrOf(outcome)! & 0x3fn) === 0x21;

export async function runSweep(words: number[], workDir: string, opts: RunOptions = DEFAULT_RUN_OPTIONS): Promise<SweepResult> {
  const [image] = await buildScenarios(['undefined-sweep']);
  const blob = Buffer.alloc(16 + words.length * 4);
  blob.writeBigUInt64LE(SWEEP_MAGIC, 0);
  blob.writeBigUInt64LE(BigInt(words.length), 8);
  words.forEach((w, i) => blob.writeUInt32LE(w >>> 0, 16 + i * 4));
  const file = join(workDir, 'sweep.bin');
  writeFileSync(file, blob);
  const o = { ...opts, loads: [{ file, addr: SWEEP_BLOB }] };
  const [q, m] = await Promise.all([runQemu(image, o, { workDir }), runModel(image, o)]);
  const qo = parse(q.uart), mo = parse(m.uart);
  const res: SweepResult = { words: words.length, byClass: {}, differences: [], qemuDeviations: 0 };
  // QEMU dying on a word (an assertion in its translator) is a QEMU bug, named by the word it
  // never reported; the words after it were not run there and are not compared.
  let last = words.length;
  if (q.end === 'crash') {
    last = words.findIndex((_, i) => !qo.has(i));
    if (last >= 0) {
      const [disasm] = await disassembleWords([{ addr: 0x4500_0000n, word: words[last] }]);
      res.qemuCrash = { word: words[last], disasm, detail: (q.detail ?? 'no detail').replace(/\s+/g, ' ').trim() };
    } else last = words.length;
  }
  const bad: { i: number; qemu: string; model: string }[] = [];
  words.slice(0, last).forEach((_, i) => {
    const a = qo.get(i) ?? `(none: QEMU ${q.end})`, b = mo.get(i) ?? `(none: model ${m.end}${m.detail ? `: ${m.detail.split('\n')[0]}` : ''})`;
    if (qo.has(i)) {
      const k = `0x${ec(a).toString(16).padStart(2, '0')}`;
      res.byClass[k] = (res.byClass[k] ?? 0) + 1;
    }
    if (a === b) return;
    // QEMU 7.2 does not check alignment on Device memory (stage 1 is off here).
    if (alignmentFault(b) && !alignmentFault(a)) { res.qemuDeviations++; return; }
    // Words QEMU executes where the Arm ARM makes them UNDEFINED, catalogued.
    if (ec(b) === 0x00 && ec(a) === 0x15 && executedUnallocated(words[i]) !== undefined) { res.qemuDeviations++; return; }
    bad.push({ i, qemu: a, model: b });
  });
  const dis = await disassembleWords(bad.map((d) => ({ addr: 0x4500_0000n, word: words[d.i] })));
  res.differences = bad.map((d, k) => ({ word: words[d.i], disasm: dis[k], qemu: d.qemu, model: d.model }));
  return res;
}
