// The pointer authentication functions of FEAT_PAuth (Arm ARM DDI 0487 J1 aarch64/functions/
// pac: AddPAC, Auth, Strip, CalculateBottomPACBit, and EffectiveTBI), as QEMU 7.2's `max`
// advertises them: ID_AA64ISAR1_EL1.APA = 1, so neither FEAT_EPAC nor FEAT_PAuth2 nor FEAT_FPAC
// (a pointer with bad extension bits gets its PAC corrupted by one flipped bit, and a failed
// authentication inserts an error code instead of faulting).
//
// Pointers are BigInts. The translation regime is the current one (PSTATE.EL): EL1&0 and
// EL2&0 have two VA ranges, selected by bit 55, EL2 (E2H = 0) has one.

import type { Cpu } from '../cpu.ts';
import { fieldOf, isSet } from '../arch/field.ts';
import { regimeOf } from '../arch/regime.ts';
import { ID_AA64MMFR0_EL1, ID_AA64MMFR2_EL1, TCR_EL1, TCR_EL2 } from '../arch/registers.ts';
import { computePac } from './qarma5.ts';

const ONES = (1n << 64n) - 1n;
/** Bits [hi:lo] set. */
const bitsMask = (hi: number, lo: number): bigint => ((1n << BigInt(hi - lo + 1)) - 1n) << BigInt(lo);
const TOP_BYTE = bitsMask(63, 56);
const bitOf = (v: bigint, n: number): number => Number((v >> BigInt(n)) & 1n);

/** The TCR of the current regime, and whether that regime has two VA ranges (PtrHasUpperAndLowerAddRanges). */
function regimeTcr(c: Cpu): { tcr: bigint; twoRanges: boolean } {
  const regime = regimeOf(c, c.el);
  return { tcr: c.sr.get(regime === 'el10' ? 'TCR_EL1' : 'TCR_EL2'), twoRanges: regime !== 'el2' };
}

/** EffectiveTBI(address, IsInstr, PSTATE.EL): top byte ignored, for instructions only while TBIDx = 0. */
export function effectiveTbi(c: Cpu, address: bigint, isInstr: boolean): boolean {
  const { tcr, twoRanges } = regimeTcr(c);
  let tbi: boolean, tbid: boolean;
  if (twoRanges) {
    const upper = bitOf(address, 55) === 1; // TCR_EL2 with E2H = 1 has TCR_EL1's layout
    tbi = isSet(tcr, upper ? TCR_EL1.TBI1 : TCR_EL1.TBI0);
    tbid = isSet(tcr, upper ? TCR_EL1.TBID1 : TCR_EL1.TBID0);
  } else {
    tbi = isSet(tcr, TCR_EL2.TBI);
    tbid = isSet(tcr, TCR_EL2.TBID);
  }
  return tbi && (!tbid || !isInstr);
}

/**
 * CalculateBottomPACBit(top_bit): 64 - TxSZ of the range `topBit` selects. A TxSZ outside
 * the implemented range is CONSTRAINED UNPREDICTABLE (Unpredictable_RESTnSZ): like QEMU 7.2
 * (aa64_va_parameters), the model forces it into range: at most 48 (47 with the 64K granule)
 * with FEAT_TTST, else 39; at least 12 with 52-bit VAs (FEAT_LVA and 64K, or TCR.DS with
 * FEAT_LPA2's 4K/16K), else 16.
 */
export function calculateBottomPacBit(c: Cpu, topBit: number): number {
  const { tcr, twoRanges } = regimeTcr(c);
  let tsz: number, tg: 'k4' | 'k16' | 'k64', ds: boolean;
  if (twoRanges) {
    tsz = fieldOf(tcr, topBit ? TCR_EL1.T1SZ : TCR_EL1.T0SZ);
    tg = topBit ? (['k16', 'k16', 'k4', 'k64'] as const)[fieldOf(tcr, TCR_EL1.TG1)] : tg0(fieldOf(tcr, TCR_EL1.TG0));
    ds = isSet(tcr, TCR_EL1.DS);
  } else {
    tsz = fieldOf(tcr, TCR_EL2.T0SZ);
    tg = tg0(fieldOf(tcr, TCR_EL2.TG0));
    ds = isSet(tcr, TCR_EL2.DS);
  }
  const mmfr0 = c.sr.get('ID_AA64MMFR0_EL1'), mmfr2 = c.sr.get('ID_AA64MMFR2_EL1');
  const maxTsz = fieldOf(mmfr2, ID_AA64MMFR2_EL1.ST) >= 1 ? (tg === 'k64' ? 47 : 48) : 39;
  const va52 = tg === 'k64' ? fieldOf(mmfr2, ID_AA64MMFR2_EL1.VARange) >= 1
    : ds && (tg === 'k4' ? fieldOf(mmfr0, ID_AA64MMFR0_EL1.TGran4) === 1 : fieldOf(mmfr0, ID_AA64MMFR0_EL1.TGran16) === 2);
  const minTsz = va52 ? 12 : 16;
  return 64 - Math.min(Math.max(tsz, minTsz), maxTsz);
}

/** TG0 encodings (0b11 is reserved: treated as 4K). */
const tg0 = (v: number): 'k4' | 'k16' | 'k64' => (v === 1 ? 'k64' : v === 2 ? 'k16' : 'k4');

/** The pointer with its PAC field (bits [55 or 63 : bottom]) replaced by copies of `ext`. */
function withExtension(ptr: bigint, ext: number, bottom: number, tbi: boolean): bigint {
  const field = bitsMask(tbi ? 55 : 63, bottom);
  return ext ? ptr | field : ptr & ~field & ONES;
}

/** AddPAC(ptr, modifier, K, data): the pointer with its PAC inserted (FEAT_PAuth without EPAC/PAuth2). */
export function addPac(c: Cpu, ptr: bigint, modifier: bigint, keyHi: bigint, keyLo: bigint, data: boolean): bigint {
  const tbi = effectiveTbi(c, ptr, !data);
  const topBit = tbi ? 55 : 63;
  // With two ranges, bit 55 selects the range whenever either range ignores the top byte
  // (so a tagged pointer keeps its range); otherwise bit 63 does.
  let selbit: number, bottom: number;
  const { tcr, twoRanges } = regimeTcr(c);
  if (twoRanges) {
    const tbi0 = isSet(tcr, TCR_EL1.TBI0), tbi1 = isSet(tcr, TCR_EL1.TBI1);
    const use55 = data ? tbi1 || tbi0
      : (tbi1 && !isSet(tcr, TCR_EL1.TBID1)) || (tbi0 && !isSet(tcr, TCR_EL1.TBID0));
    selbit = bitOf(ptr, use55 ? 55 : 63);
    bottom = calculateBottomPacBit(c, selbit);
    // QEMU 7.2 takes the extension from bit 55 only when the range bit 55 selects ignores the
    // top byte (else from bit 63), and the PAC field's bottom from that range's TxSZ.
    const qemuSel = bitOf(ptr, tbi ? 55 : 63), qemuBottom = calculateBottomPacBit(c, bitOf(ptr, 55));
    if (qemuSel !== selbit || qemuBottom !== bottom) {
      if (c.qemuDeviation('addpac-extension-from-own-range-tbi')) { selbit = qemuSel; bottom = qemuBottom; }
    }
  } else {
    selbit = bitOf(ptr, tbi ? 55 : 63);
    bottom = calculateBottomPacBit(c, selbit);
  }
  let pac = computePac(withExtension(ptr, selbit, bottom, tbi), modifier, keyHi, keyLo);
  // Bad extension bits (not all zeros or all ones): corrupt the PAC so it cannot authenticate.
  const ext = (ptr & bitsMask(topBit, bottom)) >> BigInt(bottom);
  if (ext !== 0n && ext !== bitsMask(topBit - bottom, 0)) pac ^= 1n << BigInt(topBit - 1);
  const low = ptr & bitsMask(bottom - 1, 0);
  const top = tbi ? ptr & TOP_BYTE : pac & TOP_BYTE;
  return top | (BigInt(selbit) << 55n) | (pac & bitsMask(54, bottom)) | low;
}

/**
 * Auth(ptr, modifier, K, data, key_number): the original pointer when its PAC matches, else
 * that pointer with the error code key_number:NOT(key_number) in bits [54:53] (TBI) or [62:61].
 */
export function auth(c: Cpu, ptr: bigint, modifier: bigint, keyHi: bigint, keyLo: bigint, data: boolean, keyNumber: number): bigint {
  const tbi = effectiveTbi(c, ptr, !data);
  const bottom = calculateBottomPacBit(c, bitOf(ptr, 55));
  const original = withExtension(ptr, bitOf(ptr, 55), bottom, tbi);
  const pac = computePac(original, modifier, keyHi, keyLo);
  const checked = bitsMask(54, bottom) | (tbi ? 0n : TOP_BYTE);
  if (((pac ^ ptr) & checked) === 0n) return original;
  const errorCode = BigInt((keyNumber << 1) | (keyNumber ^ 1));
  const at = tbi ? 53n : 61n;
  return (original & ~(3n << at)) | (errorCode << at);
}

/** Strip(A, data): the pointer with its PAC field replaced by the extension of bit 55. */
export function strip(c: Cpu, ptr: bigint, data: boolean): bigint {
  const tbi = effectiveTbi(c, ptr, !data);
  return withExtension(ptr, bitOf(ptr, 55), calculateBottomPacBit(c, bitOf(ptr, 55)), tbi);
}
