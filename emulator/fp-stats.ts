// What the FP/SIMD instructions of a run met (the model's --fp-stats, reported by `s2diff risu`):
// how many raised each FPSR cumulative flag (C5.2.9), how many saturated (QC) and how many had a
// NaN operand (FPProcessNaN). Counted per instruction, so a stream's figures say which edge
// cases it reached, not how often a sticky bit happened to be set.

import { FPSR_DZC, FPSR_IDC, FPSR_IOC, FPSR_IXC, FPSR_OFC, FPSR_UFC } from './fp/fpcr.ts';

export interface FpStats {
  /** FP instructions (those that run the FP core's exception accounting). */
  instructions: number;
  IOC: number;
  DZC: number;
  OFC: number;
  UFC: number;
  IXC: number;
  IDC: number;
  /** Saturating integer instructions that set FPSR.QC. */
  QC: number;
  /** Instructions with at least one NaN operand. */
  nanOperands: number;
}

const FLAGS: readonly [keyof FpStats, number][] = [
  ['IOC', FPSR_IOC], ['DZC', FPSR_DZC], ['OFC', FPSR_OFC], ['UFC', FPSR_UFC], ['IXC', FPSR_IXC], ['IDC', FPSR_IDC],
];

export const newFpStats = (): FpStats => ({ instructions: 0, IOC: 0, DZC: 0, OFC: 0, UFC: 0, IXC: 0, IDC: 0, QC: 0, nanOperands: 0 });

/** One FP instruction's cumulative flags `fpsr` and its count of NaN operands. */
export function countFpInstruction(s: FpStats, fpsr: number, nans: number): void {
  s.instructions++;
  for (const [k, bit] of FLAGS) if (fpsr & bit) s[k]++;
  if (nans > 0) s.nanOperands++;
}

/** The sum of several PEs' (or streams') figures. */
export function sumFpStats(list: readonly FpStats[]): FpStats {
  const t = newFpStats();
  for (const s of list) for (const k of Object.keys(t) as (keyof FpStats)[]) t[k] += s[k];
  return t;
}
