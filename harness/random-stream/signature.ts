// Signature streams: s2diff risu's fast mode. After every item the stream folds the whole
// register state it can change (X0-X25, X30, NZCV and, for FP/SIMD classes, V0-V31, FPSR,
// FPCR) into X29 with CRC32CX, and clears FPSR so each item's flags are its own; every
// CHECKPOINT_EVERY words of items HVC #3 prints X29 ("sig N <x29>"). Both sides then run
// freely (QEMU at full speed, not single-stepped) and their UART output is compared like any
// case: a wrong result, flag or NaN of any item changes every signature after it. The first
// differing signature names a window; the same blob is then run in lockstep to name the
// instruction (run.ts).
//
// Why X29 and X26: the generators never use X29 (destinations are X0-X25, X30 by BL and the
// PAuth hint forms) and reset X26 before every use, so the fold disturbs no item.

import { LOCKSTEP_LAYOUT, type StreamLayout } from './generate.ts';

const SIG = 29, TMP = 26;
const crc32cx = (m: number): number => (0x9ac05c00 | (m << 16) | (SIG << 5) | SIG) >>> 0; // CRC32CX W29, W29, Xm
const MRS_NZCV = (0xd53b4200 | TMP) >>> 0;
const MRS_FPSR = (0xd53b4420 | TMP) >>> 0;
const MRS_FPCR = (0xd53b4400 | TMP) >>> 0;
const MSR_FPSR_XZR = 0xd51b443f;
const fmovLow = (v: number): number => (0x9e660000 | (v << 5) | TMP) >>> 0; // FMOV X26, Dv
const umovHigh = (v: number): number => (0x4e183c00 | (v << 5) | TMP) >>> 0; // UMOV X26, Vv.D[1]
/** HVC #3: the handler prints X29. */
export const HVC_SIGNATURE = 0xd4000062;

/** The words that fold the state into X29 after an item. */
export function signatureFold(vector: boolean): number[] {
  const w: number[] = [];
  for (let r = 0; r <= 25; r++) w.push(crc32cx(r));
  w.push(crc32cx(30), MRS_NZCV, crc32cx(TMP));
  if (!vector) return w;
  for (let v = 0; v < 32; v++) w.push(fmovLow(v), crc32cx(TMP), umovHigh(v), crc32cx(TMP));
  w.push(MRS_FPSR, crc32cx(TMP), MSR_FPSR_XZR, MRS_FPCR, crc32cx(TMP));
  return w;
}

export const signatureLayout = (vector: boolean): StreamLayout => ({ afterItem: signatureFold(vector), checkpoint: HVC_SIGNATURE });

/** Which layout a risu mode uses. */
export const layoutFor = (mode: 'lockstep' | 'signature', vector: boolean): StreamLayout =>
  mode === 'signature' ? signatureLayout(vector) : LOCKSTEP_LAYOUT;
