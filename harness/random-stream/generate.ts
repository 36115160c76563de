// RISU-like random instruction streams. Every instruction comes from a row of the model's
// decoder table (emulator/decode.ts, the table the decoder tests also use): random bits in the
// row's free fields, then operands constrained so the stream is safe and deterministic on both
// sides, and kept only when it decodes back to that row. fast-check draws everything.
//
// Constraints (and why):
// - Destinations are X0-X25 (never SP, X26-X30): X28 holds the scratch base, X26/X27 are the
//   index/base the memory classes set up, SP must stay valid for the checkpoint handler.
// - Loads/stores use X27 as base, reset before each access to X28 + 0x1000 ("add x27, x28,
//   #1, lsl #12"); register-offset forms use X26 = a small value ("movz x26, #n"). Pairs and
//   exclusives get distinct Rt/Rt2/Rs (equal ones are CONSTRAINED UNPREDICTABLE).
//   LDAPUR/STLUR offsets are aligned to the access size (without FEAT_LSE2 an unaligned
//   ordered access faults; the sweep test covers that case).
// - Branches go 1-8 instructions forward (no loops); system instructions are a curated
//   list (barriers, hints except WFE/WFI/SEV/SEVL, NZCV and ID register reads, FlagM).

import fc from 'fast-check';
import { setBits as set } from '../../emulator/isa/common.ts';
import { VECTOR_CLASS_ARBS, VECTOR_CLASSES, type VectorClass } from './classes/index.ts';
import { fromRow, rowsOf } from './rows.ts';

const BASE_CLASSES = ['dp-imm', 'dp-reg', 'ldst', 'atomic', 'branch', 'system', 'simd-ldst', 'simd-move'] as const;
type BaseClass = (typeof BASE_CLASSES)[number];
export type StreamClass = BaseClass | VectorClass;
/** Every class a stream can draw from: the base ones and each FP/SIMD class that has a generator. */
export const CLASSES: readonly StreamClass[] = [...BASE_CLASSES, ...VECTOR_CLASSES.filter((c) => VECTOR_CLASS_ARBS[c] !== undefined)];
/** Classes whose results live in V registers and FPSR: their streams compare those too. */
export const usesVectorState = (classes: readonly StreamClass[]): boolean =>
  classes.some((c) => (VECTOR_CLASSES as readonly string[]).includes(c) || c === 'simd-move' || c === 'simd-ldst');

export const SCRATCH = 0x4f00_0000n;
/** Words of items between two checkpoints. */
export const CHECKPOINT_EVERY = 1000;
const HVC_CHECKPOINT = 0xd4000022, HVC_END = 0xd4000042;

/** What a stream puts around its items (signature.ts has the other layout). */
export interface StreamLayout {
  /** Words after every item. */
  afterItem: readonly number[];
  /** The word at each checkpoint. */
  checkpoint: number;
}
/** Lockstep compares every instruction: nothing after the items, a REGS block per checkpoint. */
export const LOCKSTEP_LAYOUT: StreamLayout = { afterItem: [], checkpoint: HVC_CHECKPOINT };
const BASE = 27, INDEX = 26;
const SET_BASE = (0x91400000 | (1 << 10) | (28 << 5) | BASE) >>> 0; // add x27, x28, #1, lsl #12
const setIndex = (n: number): number => (0xd2800000 | (n << 5) | INDEX) >>> 0; // movz x26, #n

const reg = fc.integer({ min: 0, max: 25 });
const bits32 = fc.noBias(fc.integer({ min: 0, max: 0xffff_ffff }));

/** An arbitrary instruction (with its set-up instructions) of one class. */
function classArb(cls: StreamClass): fc.Arbitrary<number[] | undefined> {
  const vectorArb = VECTOR_CLASS_ARBS[cls as VectorClass];
  if (vectorArb) return vectorArb;
  switch (cls) {
    case 'dp-imm':
    case 'dp-reg':
      return fc.record({ row: fc.constantFrom(...rowsOf(cls)), bits: bits32, rd: reg, rn: reg, rm: reg, ra: reg }).map(({ row, bits, rd, rn, rm, ra }) => {
        const w = fromRow(row, bits, (x) => {
          let y = set(x, 0, 5, rd);
          if (!/Move wide|ADR/.test(row.name)) y = set(y, 5, 5, rn);
          if (cls === 'dp-reg') y = set(y, 16, 5, rm);
          if (row.name.includes('3 source')) y = set(y, 10, 5, ra);
          return y;
        });
        return w === undefined ? undefined : [w];
      });
    case 'ldst':
    case 'atomic':
    case 'simd-ldst': {
      const simd = cls === 'simd-ldst';
      const rt = simd ? fc.integer({ min: 0, max: 31 }) : reg;
      return fc.record({ row: fc.constantFrom(...rowsOf(cls)), bits: bits32, t: rt, t2: rt, s: reg, index: fc.integer({ min: 0, max: 255 }), cas: fc.boolean() })
        .map(({ row, bits: b0, t, t2, s, index, cas }) => {
          // In the exclusive/ordered row, o1 = 1 with Rt2 = 31 is CAS/CASP (FEAT_LSE): make it common.
          const exclusive = row.name.startsWith('Load/store exclusive');
          const bits = exclusive && cas ? (b0 | (1 << 21) | (31 << 10)) >>> 0 : b0;
          const pair = /LDP|STP|LDNP|STNP/.test(row.name) || (exclusive && !cas && ((bits >>> 21) & 1) === 1);
          const regOffset = row.name.includes('register offset');
          if (pair && t2 === t) return undefined;
          const w = fromRow(row, bits, (x) => {
            let y = set(x, 0, 5, t);
            if (!row.name.includes('literal')) y = set(y, 5, 5, BASE);
            if (pair) y = set(y, 10, 5, t2);
            if (regOffset) y = set(y, 16, 5, INDEX);
            if (row.name.startsWith('Load/store exclusive') || cls === 'atomic') y = set(y, 16, 5, s);
            if (row.name.startsWith('LDAPUR')) y = set(y, 12, Math.max(1, (x >>> 30) & 3), 0);
            return y;
          });
          if (w === undefined) return undefined;
          // Exclusive/CAS status or compare register distinct from the data registers.
          if ((row.name.startsWith('Load/store exclusive') || cls === 'atomic') && (s === t || (pair && s === t2))) return undefined;
          return regOffset ? [SET_BASE, setIndex(index), w] : [SET_BASE, w];
        });
    }
    case 'simd-move':
      return fc.record({ row: fc.constantFrom(...rowsOf(cls)), bits: bits32, rd: reg, rn: reg }).map(({ row, bits, rd, rn }) => {
        // GPR operands (FMOV general, UMOV/SMOV, INS/DUP general) stay in X0-X25; V registers are free.
        const gpr = /FMOV \(general\)|UMOV/.test(row.name);
        const w = fromRow(row, bits, (x) => (gpr ? set(set(x, 0, 5, rd), 5, 5, rn) : x));
        return w === undefined ? undefined : [w];
      });
    case 'branch':
      // A forward branch over k whole items (never into the middle of an item's set-up).
      return fc.record({ kind: fc.integer({ min: 0, max: 4 }), k: fc.integer({ min: 1, max: 6 }), cond: fc.integer({ min: 0, max: 14 }), rt: reg,
        sf: fc.integer({ min: 0, max: 1 }), bit: fc.integer({ min: 0, max: 63 }), nz: fc.integer({ min: 0, max: 1 }) })
        .map(({ kind, k, cond, rt, sf, bit, nz }) => {
          const enc = (off: number): number => {
            switch (kind) {
              case 0: return (0x14000000 | off) >>> 0; // B
              case 1: return (0x94000000 | off) >>> 0; // BL (writes X30)
              case 2: return (0x54000000 | (off << 5) | cond) >>> 0; // B.cond
              case 3: return ((sf << 31) | 0x34000000 | (nz << 24) | (off << 5) | rt) >>> 0; // CBZ/CBNZ
              default: return (((bit >> 5) << 31) | 0x36000000 | (nz << 24) | ((bit & 31) << 19) | (off << 5) | rt) >>> 0; // TBZ/TBNZ
            }
          };
          return Object.assign([enc(1)], { skipItems: k, encode: enc });
        });
    case 'system':
      return fc.oneof(
        fc.constantFrom(0xd503201f, 0xd503203f, 0xd503221f, 0xd503229f, 0xd503241f, 0xd503245f, 0xd503249f, 0xd50324df,
          0xd50320df, 0xd503305f, 0xd50330ff, 0xd5033fdf, 0xd500401f, 0xd500403f, 0xd500405f).map((w) => [w >>> 0]),
        // other hints (PAC ones are NOPs with the keys off), never WFE/WFI/SEV/SEVL (2-5)
        fc.integer({ min: 6, max: 127 }).map((h) => [(0xd503201f | (h << 5)) >>> 0]),
        fc.record({ crm: fc.integer({ min: 0, max: 15 }), opc: fc.integer({ min: 0, max: 1 }) })
          .map(({ crm, opc }) => [(0xd503309f | (crm << 8) | (opc << 5)) >>> 0]), // DSB/DMB with any option
        reg.map((r) => [(0xd53b4200 | r) >>> 0]), // MRS Xr, NZCV
        reg.map((r) => [(0xd51b4200 | r) >>> 0]), // MSR NZCV, Xr
        fc.record({ r: reg, id: fc.constantFrom(0xd5380000, 0xd53800a0, 0xd5380400, 0xd5380600, 0xd5380620, 0xd5380700, 0xd5380720, 0xd53b0020, 0xd53b00e0) })
          .map(({ r, id }) => [(id | r) >>> 0]), // MIDR, MPIDR, ID_AA64PFR0, ISAR0/1, MMFR0/1, CTR_EL0, DCZID_EL0
      );
    default:
      throw new Error(`stream class ${cls} has no generator`);
  }
}

export interface Stream {
  words: number[];
  /** X0-X30 and NZCV at the start; V0-V31 as 64 halves (low, high). */
  regs: bigint[];
  nzcv: number;
  vregs: bigint[];
  /** Generated instructions per class (set-up instructions not counted). */
  counts: Record<StreamClass, number>;
}

/** About `n` random instructions of the given classes (a checkpoint every 1000 words), from a seed. */
export function generateStream(seed: number, n: number, classes: readonly StreamClass[] = CLASSES, layout = LOCKSTEP_LAYOUT): Stream {
  const items = fc.sample(fc.oneof(...classes.map((c) => classArb(c).map((ws) => ({ c, ws })))), { seed, numRuns: Math.ceil(n * 1.5) + 64 });
  const counts = Object.fromEntries(CLASSES.map((c) => [c, 0])) as Record<StreamClass, number>;
  const words: number[] = [];
  const starts: number[] = []; // index of each kept item's first word
  const branches: { at: number; item: number; k: number; encode: (off: number) => number }[] = [];
  let sinceCheckpoint = 0;
  for (const it of items) {
    if (it.ws === undefined) continue;
    if (starts.length >= n) break;
    const b = it.ws as number[] & { skipItems?: number; encode?: (off: number) => number };
    if (b.encode) branches.push({ at: words.length, item: starts.length, k: b.skipItems!, encode: b.encode });
    starts.push(words.length);
    words.push(...it.ws, ...layout.afterItem);
    counts[it.c]++;
    sinceCheckpoint += it.ws.length;
    if (sinceCheckpoint >= CHECKPOINT_EVERY) { words.push(layout.checkpoint); sinceCheckpoint = 0; }
  }
  starts.push(words.length); // the end: a NOP
  words.push(0xd503201f);
  // Each branch lands on the first word of the item k items on (or on the final NOP).
  for (const br of branches) words[br.at] = br.encode(starts[Math.min(br.item + 1 + br.k, starts.length - 1)] - br.at);
  words.push(HVC_END);
  const init = fc.sample(fc.tuple(fc.array(INIT_VALUE, { minLength: 95, maxLength: 95 }), fc.integer({ min: 0, max: 15 })), { seed: seed ^ 0x5a5a, numRuns: 1 })[0];
  const regs = init[0].slice(0, 31);
  regs[28] = SCRATCH;
  regs[27] = SCRATCH + 0x1000n; // as every memory item sets it
  regs[26] = 0n;
  return { words, regs, nzcv: init[1] << 28, vregs: init[0].slice(31, 95), counts };
}

/**
 * Initial register values: random, or (one in three) an edge where carries, overflows and
 * sign extensions change: 0, 1, all ones, the 32- and 64-bit sign boundaries, 2^32 - 1, 2^32,
 * 2^63 and their neighbours (uniform 64-bit values almost never hit them).
 */
const INIT_EDGES = [0n, 1n, 2n, 0x7fffffffn, 0x80000000n, 0x80000001n, 0xfffffffen, 0xffffffffn, 0x1_0000_0000n,
  0xffffffff_00000000n, 0xffffffff_80000000n, 0x7fffffff_ffffffffn, 0x80000000_00000000n, 0x80000000_00000001n,
  (1n << 64n) - 2n, (1n << 64n) - 1n];
const INIT_VALUE = fc.oneof({ weight: 2, arbitrary: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }) }, { weight: 1, arbitrary: fc.constantFrom(...INIT_EDGES) });

export const STREAM_BLOB = 0x4600_0000;
const STREAM_MAGIC = 0x4d52545355534952n; // "RISUSTRM"

/** The blob scenarios/random-stream reads (layout in its main.c). */
export function encodeStream(s: Stream): Buffer {
  const b = Buffer.alloc(98 * 8 + s.words.length * 4);
  b.writeBigUInt64LE(STREAM_MAGIC, 0);
  b.writeBigUInt64LE(BigInt(s.words.length), 8);
  s.regs.forEach((r, i) => b.writeBigUInt64LE(r, 16 + i * 8));
  b.writeBigUInt64LE(BigInt(s.nzcv >>> 0), 33 * 8);
  s.vregs.forEach((v, i) => b.writeBigUInt64LE(v, 34 * 8 + i * 8));
  s.words.forEach((w, i) => b.writeUInt32LE(w >>> 0, 98 * 8 + i * 4));
  return b;
}
