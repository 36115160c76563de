// Walk parameters, after the pseudocode's S1TTWParams / S2TTWParams and the functions that
// build them (AArch64.GetS1TTWParams, AArch64.GetS2TTWParams, J1 aarch64/translation/
// vmsa_walkparams): the TCR/VTCR, SCTLR and MAIR fields a walk uses, decoded once per walk
// (stage 2: once per translation, shared by its stage-1 table walk accesses) instead of per
// lookup. Everything here is a pure function of the registers and the CPU's features.

import type { Cpu } from '../cpu.ts';
import { fieldOfHalves, isSet, isSetHalves } from '../arch/field.ts';
import { SCTLR, TCR_EL1, TCR_EL2, TTBR, VTCR_EL2, VTTBR_EL2 } from '../arch/registers.ts';
import type { Regime } from '../arch/regime.ts';

/** What the CPU profile implements that the walks depend on (the Mmu). */
export interface WalkFeatures {
  /** PAMax: the implemented physical address size. */
  readonly paBits: number;
  /** FEAT_LPA: 52-bit output addresses with the 64K granule. */
  readonly lpa: boolean;
  /** FEAT_TTST. */
  readonly ttst: boolean;
  /** ID_AA64MMFR1_EL1.HAFDBS. */
  readonly hafdbs: number;
  /** FEAT_HPDS: TCR_ELx.HPD/HPD0/HPD1 disable the hierarchical permissions of table descriptors. */
  readonly hpds: boolean;
  /** FEAT_E0PD: TCR_ELx.E0PD0/E0PD1 make EL0 accesses to a VA range fault. */
  readonly e0pd: boolean;
  effectiveGranule(bits: number | null, stage: 1 | 2): number;
  minInputSize(grainBits: number): number;
  /** AArch64.MinTxSZ of a stage-1 walk (FEAT_LVA). */
  minTxSZ(grainBits: number): number;
}

/** S1TTWParams: one stage-1 walk's parameters (for the VA range the walk's VA selects). */
export interface S1TTWParams {
  readonly regime: Regime;
  /**
   * VA[55], which selects TTBR1 in a two-range regime (EL1&0, EL2&0), and which every VA bit
   * above the input size must equal; 0 in the one-range EL2 regime.
   */
  readonly select: number;
  /** TBI: top byte ignored (data accesses only). */
  readonly tbi: boolean;
  /** EPD: walks of this range disabled (a level-0 Translation fault). */
  readonly epd: boolean;
  /** TxSZ as programmed. */
  readonly txsz: number;
  /** The granule (TGx, made effective): 12, 14 or 16 address bits. */
  readonly grainBits: number;
  /** Index bits per level: grainBits - 3. */
  readonly stride: number;
  /** The input address size: 64 - TxSZ within AArch64.MaxTxSZ/MinTxSZ. */
  readonly inputSize: number;
  /** AArch64.S1StartLevel. */
  readonly startLevel: number;
  /** PS / IPS as programmed (0b110 with the 64K granule: 52-bit output, FEAT_LPA). */
  readonly ps: number;
  /** AArch64.PAMax() limited by PS/IPS: descriptors' output addresses must fit. */
  readonly oaBits: number;
  /** Descriptors carry OA[51:48] in bits [15:12] (FEAT_LPA, 64K, PS = 52 bits). */
  readonly oa52: boolean;
  /** HA / HD, and-ed with what FEAT_HAFDBS implements. */
  readonly ha: boolean;
  readonly hd: boolean;
  /** SCTLR_ELx.WXN. */
  readonly wxn: boolean;
  /** TCR_ELx.HPD (HPD0/HPD1) with FEAT_HPDS: APTable, XNTable and PXNTable are ignored (D8.4.2). */
  readonly hpd: boolean;
  /** TCR_ELx.E0PD0/E0PD1 with FEAT_E0PD: an EL0 access to this range is a level-0 Translation fault (D8.2.12). */
  readonly e0pd: boolean;
  readonly mair: bigint;
  /** TTBR0/TTBR1 of the regime and range: the start table's address. */
  readonly ttb: number;
  /** SCTLR_ELx.EE of the regime (stage 2: SCTLR_EL2.EE): descriptors are read big-endian (D8.2). */
  readonly bigEndian: boolean;
}

/** AArch64.GetS1TTWParams (J1 aarch64/translation/vmsa_walkparams) for `regime` and a VA's high word. */
export function getS1TTWParams(f: WalkFeatures, c: Cpu, regime: Regime, vaHi: number, sctlr: bigint): S1TTWParams {
  const el2 = regime === 'el2';
  const atEl2 = regime !== 'el10';
  const tcr = c.sr.get(atEl2 ? 'TCR_EL2' : 'TCR_EL1');
  // TCR as two 32-bit halves: every field a walk reads lies within one of them.
  const lo = Number(tcr & 0xffffffffn), hi = Number(tcr >> 32n);
  const top = (vaHi >>> 23) & 1; // VA[55]
  const select = el2 ? 0 : top;
  const upper = select === 1;
  let tbi: boolean, epd: boolean, txsz: number, tg: number | null, ps: number, ha: boolean, hd: boolean;
  let hpd: boolean, e0pd: boolean;
  if (el2) {
    tbi = isSetHalves(lo, hi, TCR_EL2.TBI);
    epd = false;
    hpd = isSetHalves(lo, hi, TCR_EL2.HPD);
    e0pd = false; // no EL0 in the EL2 regime
    txsz = fieldOfHalves(lo, hi, TCR_EL2.T0SZ);
    tg = tg0Bits(fieldOfHalves(lo, hi, TCR_EL2.TG0));
    ps = fieldOfHalves(lo, hi, TCR_EL2.PS);
    ha = isSetHalves(lo, hi, TCR_EL2.HA);
    hd = isSetHalves(lo, hi, TCR_EL2.HD);
  } else {
    tbi = isSetHalves(lo, hi, upper ? TCR_EL1.TBI1 : TCR_EL1.TBI0);
    epd = isSetHalves(lo, hi, upper ? TCR_EL1.EPD1 : TCR_EL1.EPD0);
    hpd = isSetHalves(lo, hi, upper ? TCR_EL1.HPD1 : TCR_EL1.HPD0);
    e0pd = isSetHalves(lo, hi, upper ? TCR_EL1.E0PD1 : TCR_EL1.E0PD0);
    txsz = fieldOfHalves(lo, hi, upper ? TCR_EL1.T1SZ : TCR_EL1.T0SZ);
    tg = upper ? tg1Bits(fieldOfHalves(lo, hi, TCR_EL1.TG1)) : tg0Bits(fieldOfHalves(lo, hi, TCR_EL1.TG0));
    ps = fieldOfHalves(lo, hi, TCR_EL1.IPS);
    ha = isSetHalves(lo, hi, TCR_EL1.HA);
    hd = isSetHalves(lo, hi, TCR_EL1.HD);
  }
  const grainBits = f.effectiveGranule(tg, 1);
  const stride = grainBits - 3;
  const inputSize = Math.max(64 - Math.max(txsz, f.minTxSZ(grainBits)), f.minInputSize(grainBits));
  ha &&= f.hafdbs >= 1;
  hd &&= ha && f.hafdbs >= 2;
  const ttbr = c.sr.get(atEl2 ? (upper ? 'TTBR1_EL2' : 'TTBR0_EL2') : upper ? 'TTBR1_EL1' : 'TTBR0_EL1');
  return {
    regime, select, tbi, epd, txsz, grainBits, stride, inputSize,
    startLevel: 4 - Math.ceil((inputSize - grainBits) / stride),
    ps, oaBits: Math.min(psBits(ps), f.paBits), oa52: f.lpa && grainBits === 16 && ps === 6,
    ha, hd, wxn: isSet(sctlr, SCTLR.WXN), hpd: hpd && (f.hpds || c.qemuDeviation('hpd-honoured-without-feat-hpds')), e0pd: e0pd && f.e0pd, mair: c.sr.get(atEl2 ? 'MAIR_EL2' : 'MAIR_EL1'),
    ttb: Number(ttbr & TTBR.BADDR.inPlace),
    bigEndian: isSet(sctlr, SCTLR.EE),
  };
}

/** S2TTWParams: the stage-2 walk parameters (VTCR_EL2, VTTBR_EL2). */
export interface S2TTWParams {
  readonly t0sz: number;
  readonly sl0: number;
  readonly grainBits: number;
  readonly stride: number;
  /** 64 - T0SZ. */
  readonly inputSize: number;
  /** The start level VTCR_EL2.SL0 gives with this granule (-1: reserved). */
  readonly startLevel: number;
  /**
   * AArch64.S2TxSZFaults, AArch64.S2InvalidSL or AArch64.S2InconsistentSL: every walk
   * faults at level 0.
   */
  readonly invalid: boolean;
  /** QEMU 7.2 rejects this setup where the Arm ARM walks (qemu72RejectsS2Setup). */
  readonly qemuRejects: boolean;
  readonly ps: number;
  readonly oaBits: number;
  readonly oa52: boolean;
  readonly ha: boolean;
  readonly hd: boolean;
  /** VTTBR_EL2.BADDR: the start table's address. */
  readonly ttb: number;
  /** SCTLR_ELx.EE of the regime (stage 2: SCTLR_EL2.EE): descriptors are read big-endian (D8.2). */
  readonly bigEndian: boolean;
}

/** AArch64.GetS2TTWParams (J1 aarch64/translation/vmsa_walkparams) for the EL1&0 regime's stage 2. */
export function getS2TTWParams(f: WalkFeatures, c: Cpu): S2TTWParams {
  const vtcr = c.sr.get('VTCR_EL2');
  const lo = Number(vtcr & 0xffffffffn), hi = Number(vtcr >> 32n);
  const t0sz = fieldOfHalves(lo, hi, VTCR_EL2.T0SZ);
  const sl0 = fieldOfHalves(lo, hi, VTCR_EL2.SL0);
  const grainBits = f.effectiveGranule(tg0Bits(fieldOfHalves(lo, hi, VTCR_EL2.TG0)), 2);
  const ps = fieldOfHalves(lo, hi, VTCR_EL2.PS);
  const oaBits = Math.min(psBits(ps), f.paBits);
  const inputSize = 64 - t0sz;
  const startLevel = s2StartLevel(grainBits, sl0, f.ttst);
  // AArch64.S2TxSZFaults (T0SZ below AArch64.S2MinTxSZ: an IPA wider than PAMax, and than
  // 48 bits except with the 64K granule; above the maximum, IMPLEMENTATION DEFINED: QEMU
  // 7.2 faults), AArch64.S2InvalidSL, AArch64.S2InconsistentSL: a level-0 Translation fault.
  const invalid = startLevel < 0 || inputSize > (grainBits === 16 ? f.paBits : Math.min(48, f.paBits)) ||
    inputSize < f.minInputSize(grainBits) || s2InvalidSL(grainBits, sl0, f.paBits) ||
    !s2StartLevelConsistent(grainBits, startLevel, inputSize);
  const ha = isSetHalves(lo, hi, VTCR_EL2.HA) && f.hafdbs >= 1;
  return {
    t0sz, sl0, grainBits, stride: grainBits - 3, inputSize, startLevel, invalid,
    qemuRejects: qemu72RejectsS2Setup(grainBits, startLevel, inputSize, oaBits),
    ps, oaBits, oa52: f.lpa && grainBits === 16 && ps === 6,
    ha, hd: ha && isSetHalves(lo, hi, VTCR_EL2.HD) && f.hafdbs >= 2,
    ttb: Number(c.sr.get('VTTBR_EL2') & VTTBR_EL2.BADDR.inPlace),
    bigEndian: isSet(c.sr.get('SCTLR_EL2'), SCTLR.EE),
  };
}

/** VTCR_EL2.TG0 / TCR_ELx.TG0 -> granule size in bits. */
export function tg0Bits(tg0: number): number | null {
  return tg0 === 0 ? 12 : tg0 === 1 ? 16 : tg0 === 2 ? 14 : null;
}

/** TCR_EL1.TG1 -> granule size in bits (encoded differently from TG0). */
export function tg1Bits(tg1: number): number | null {
  return tg1 === 1 ? 14 : tg1 === 2 ? 12 : tg1 === 3 ? 16 : null;
}

/** TCR.PS / IPS / VTCR.PS -> output address size in bits. */
export function psBits(ps: number): number {
  return [32, 36, 40, 42, 44, 48, 52][ps] ?? 48;
}

/** Stage-2 start level from VTCR_EL2.SL0 (D8.2.6 tables); -1 when reserved. */
export function s2StartLevel(grainBits: number, sl0: number, ttst = false): number {
  if (grainBits === 12) return [2, 1, 0, ttst ? 3 : -1][sl0]; // SL0 = 0b11: level 3 with FEAT_TTST
  if (grainBits === 14) return [3, 2, 1, -1][sl0];
  return [3, 2, 1, -1][sl0];
}

/** AArch64.S2InvalidSL (no FEAT_TTST, no FEAT_LPA2): SL0 = 0b10 needs PAMax >= 44 (4K, 64K) or 42 (16K). */
function s2InvalidSL(grainBits: number, sl0: number, paMax: number): boolean {
  if (sl0 !== 2) return false; // 0b11 is reserved here: s2StartLevel returns -1 for it
  return paMax < (grainBits === 14 ? 42 : 44);
}

/**
 * QEMU 7.2's stage-2 setup check (target/arm/ptw.c check_s2_mmu_setup) where it is stricter
 * than the Arm ARM: a level-0 start with 4K, a level-1 start with 16K/64K, need an output
 * size (PS) above 42/40/42 bits, and an IPA space wider than PS faults. The Arm ARM checks
 * the start level against PAMax and lets the IPA space exceed PS (output addresses are
 * then checked against PS as usual). Later QEMU versions follow the Arm ARM.
 */
export function qemu72RejectsS2Setup(grainBits: number, startLevel: number, inputSize: number, ps: number): boolean {
  if (inputSize > ps) return true;
  if (grainBits === 12) return startLevel === 0 && ps <= 42;
  if (grainBits === 14) return startLevel === 1 && ps <= 40;
  return startLevel === 1 && ps <= 42;
}

/** AArch64.S2InconsistentSL: at most 16 concatenated tables at the start level, and at least one full level. */
function s2StartLevelConsistent(grainBits: number, startLevel: number, inputSize: number): boolean {
  const stride = grainBits - 3;
  const shift = (3 - startLevel) * stride + grainBits;
  const bits = inputSize - shift;
  if (bits < 1) return false;
  if (bits > stride + 4) return false;
  return true;
}

/** AArch64.BlockDescSupported: 4K at levels 1-2, 16K and 64K at level 2 (64K level 1 with FEAT_LPA). */
export function blockAllowed(grainBits: number, level: number, lpa: boolean): boolean {
  if (grainBits === 12) return level === 1 || level === 2;
  // FEAT_LPA: 64K level-1 blocks (4 TiB) whatever the PS (QEMU 7.2 agrees).
  if (grainBits === 16 && level === 1) return lpa;
  return level === 2;
}
