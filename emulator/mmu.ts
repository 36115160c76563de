// VMSAv8-64 address translation (Arm ARM DDI 0487 chapter D8): stage 1 for the EL1&0 and
// EL2 regimes, stage 2 for EL1&0 when HCR_EL2.VM is set, 4K/16K/64K granules, faults with
// the syndrome the architecture defines. Named after the pseudocode (AArch64.S1Walk ->
// s1Walk, AArch64.S2Walk -> s2Walk, AArch64.FullTranslate -> fullTranslate).

import { ACC_EXCL, ACC_EXEC, ACC_UNPRIV, ACC_WRITE, EXCEPTION_TAKEN, type Cpu, type TranslateResult } from './cpu.ts';
import { EC, raise, syncTargetFromLowEl, takeException } from './exceptions.ts';
import { idField, implementedGranules, paRangeBits, type IdRegisters } from './profiles.ts';

/** Fault status codes (DFSC/IFSC), D17.2.40. */
export const FSC = {
  ADDRESS_SIZE: 0x00, // + level
  TRANSLATION: 0x04, // + level
  ACCESS_FLAG: 0x08, // + level
  PERMISSION: 0x0c, // + level
  SYNC_EXTERNAL: 0x10,
  SYNC_EXTERNAL_WALK: 0x14, // + level
  ALIGNMENT: 0x21,
} as const;

export type FaultKind = 'translation' | 'access-flag' | 'permission' | 'address-size' | 'external-walk';

export const FSC_FOR: Record<FaultKind, number> = {
  translation: FSC.TRANSLATION,
  'access-flag': FSC.ACCESS_FLAG,
  permission: FSC.PERMISSION,
  'address-size': FSC.ADDRESS_SIZE,
  'external-walk': FSC.SYNC_EXTERNAL_WALK,
};

export interface Fault {
  kind: FaultKind;
  level: number;
  stage2: boolean;
  /** Stage-2 fault on a stage-1 table walk access. */
  s1ptw: boolean;
  ipa?: number;
}

/** Walk result of one stage. */
interface WalkOut {
  oa: number;
  device: boolean;
  /** Stage 1: the MAIR attribute byte; stage 2: MemAttr[3:0]. For AT's PAR_EL1. */
  attr: number;
  /** Descriptor SH[1:0]. */
  sh: number;
}

/** What an AT instruction asks for (C5.5, AArch64.AT): regime, EL, access and stages. */
export interface AtRequest {
  regime: 'el10' | 'el2' | 'el20';
  /** The EL whose permissions are checked (0 for S1E0* / S12E0*). */
  el: number;
  write: boolean;
  /** S12E*: stage 2 too (when HCR_EL2.VM is set). */
  stage12: boolean;
  /** S1E1RP/S1E1WP (FEAT_PAN2): PSTATE.PAN applies; other AT S1E1* ignore it. */
  pan: boolean;
}

/** Outcome of an AT walk: the output address with its attributes, or the fault. */
export type AtOutcome =
  | { ok: true; pa: number; s1Attr: number; s1Sh: number; s2?: { memAttr: number; sh: number } }
  | { ok: false; fault: Fault };

/** Internal access flag: AT S1E1R/W ignore PSTATE.PAN. */
const ACC_AT_NOPAN = 1 << 30;

/** Thrown inside walks, caught by fullTranslate which turns it into an exception. */
class WalkFault {
  constructor(readonly f: Fault) {}
}

/** Observers of translation (coverage, strict mode) get every walk outcome. */
export interface MmuObserver {
  /** Every walk's outcome; for 'ok', `addr` is the walk's input address (VA or IPA). */
  walk(stage: 1 | 2, granule: number, level: number, outcome: FaultKind | 'ok', addr?: number): void;
  /** A translation starts (descriptors reported next belong to it). */
  begin?(): void;
  /** Every descriptor a walk reads, at its PA (the --strict checker tracks them). */
  descriptor?(stage: 1 | 2, pa: number, lo: number, hi: number): void;
  /** A translation for an access made by the CPU (not AT, not probes) succeeded. */
  translated?(c: Cpu, vaLo: number, vaHi: number, acc: number, el: number): void;
}

/** The translation regime an access at `el` uses (D8.1.2): EL1&0, EL2, or EL2&0 (VHE). */
export function regimeFor(c: Cpu, el: number): 'el10' | 'el2' | 'el20' {
  const hcr = c.sr.get('HCR_EL2');
  const e2h = (hcr & (1n << 34n)) !== 0n, tge = (hcr & (1n << 27n)) !== 0n;
  if (el === 2 || (el === 0 && e2h && tge)) return e2h ? 'el20' : 'el2';
  return 'el10';
}

export class Mmu {
  readonly paBits: number;
  observer?: MmuObserver;

  /** FEAT_LPA (52-bit PAs with the 64K granule): ID_AA64MMFR0_EL1.PARange = 0b0110. */
  readonly lpa: boolean;

  constructor(ids: IdRegisters) {
    this.paBits = paRangeBits(ids);
    this.lpa = this.paBits === 52;
    this.hafdbs = idField(ids, 'ID_AA64MMFR1_EL1', 0);
    this.ttst = idField(ids, 'ID_AA64MMFR2_EL1', 28) !== 0;
    this.granules = [implementedGranules(ids, 1), implementedGranules(ids, 2)];
  }

  private readonly granules: [number[], number[]];

  /**
   * The granule a TGx value selects (null: reserved). A reserved value or a granule the CPU
   * does not implement at this stage acts as an IMPLEMENTATION DEFINED implemented one
   * (TCR_ELx.TGx and VTCR_EL2.TG0 field descriptions, D19.2); QEMU 7.2 picks the smallest.
   */
  effectiveGranule(bits: number | null, stage: 1 | 2): number {
    const have = this.granules[stage - 1]!;
    return bits !== null && have.includes(bits) ? bits : have[0] ?? 12;
  }

  /** FEAT_TTST (ID_AA64MMFR2_EL1.ST): TxSZ up to 48 (47 with 64K), stage-2 4K start at level 3. */
  readonly ttst: boolean;

  /** The smallest input address size TxSZ can give (AArch64.MaxTxSZ); 25 bits without FEAT_TTST. */
  minInputSize(grainBits: number): number {
    return this.ttst ? (grainBits === 16 ? 17 : 16) : 25;
  }

  /** ID_AA64MMFR1_EL1.HAFDBS: 1 hardware access flag, 2 and dirty state too. */
  readonly hafdbs: number;

  /**
   * FEAT_LPA: with the 64K granule and a 52-bit output size (PS/IPS = 0b110), descriptor
   * bits [15:12] hold OA[51:48]; otherwise they are RES0 and ignored (D8.3.1; QEMU 7.2 too).
   */
  private oa52(lo: number, grainBits: number, ps: number): number {
    return this.lpa && grainBits === 16 && ps === 6 ? ((lo >>> 12) & 0xf) * 2 ** 48 : 0;
  }

  /** True while probe() runs: no descriptor updates, no observer calls, no exception. */
  private probing = false;

  /**
   * Translates without side effects (no fault taken, no hardware AF update, no coverage):
   * the PA, or undefined where the access would fault. For tools that peek at memory.
   */
  probe(c: Cpu, vaLo: number, vaHi: number, acc: number): number | undefined {
    const r = this.probeResult(c, vaLo, vaHi, acc, c.el);
    return 'pa' in r ? r.pa : undefined;
  }

  /**
   * Like probe, for an access at a given EL, but the whole outcome: output address and
   * memory type, or the fault. Two outcomes are equal exactly when their keys are; the
   * --strict checker uses it to tell whether an unsynchronized register write changes a
   * translation.
   */
  probeOutcome(c: Cpu, vaLo: number, vaHi: number, acc: number, el: number): string {
    const r = this.probeResult(c, vaLo, vaHi, acc, el);
    if ('pa' in r) return `pa=0x${r.pa.toString(16)}${r.device ? ' Device' : ' Normal'}`;
    return `${r.f.stage2 ? 'stage-2 ' : ''}${r.f.kind} fault, level ${r.f.level}${r.f.s1ptw ? ' (S1PTW)' : ''}`;
  }

  private probeResult(c: Cpu, vaLo: number, vaHi: number, acc: number, el: number): TranslateResult | { f: Fault } {
    const observer = this.observer;
    const wasProbing = this.probing;
    this.probing = true;
    this.observer = undefined;
    try {
      return this.fullTranslate(c, vaLo, vaHi, acc, el);
    } catch (e) {
      if (e instanceof WalkFault) return { f: e.f };
      throw e;
    } finally {
      this.probing = wasProbing;
      this.observer = observer;
    }
  }

  /**
   * The walk of an AT instruction (AArch64.AT, C5.5): like fullTranslate but for the regime,
   * EL and access the instruction names; faults are returned, not taken (the caller decides
   * between PAR_EL1 and an exception).
   */
  atWalk(c: Cpu, vaLo: number, vaHi: number, req: AtRequest): AtOutcome {
    const acc = (req.write ? ACC_WRITE : 0) | (req.pan ? 0 : ACC_AT_NOPAN);
    this.observer?.begin?.();
    const hcr = c.sr.get('HCR_EL2');
    try {
      if (req.regime !== 'el10') {
        if ((c.sr.get('SCTLR_EL2') & 1n) === 0n) return { ok: true, ...this.s1DisabledAttrs(vaLo, vaHi) };
        const s1 = this.s1Walk(c, vaLo, vaHi, acc, req.el, false, req.regime);
        return { ok: true, pa: s1.oa, s1Attr: s1.attr, s1Sh: s1.sh };
      }
      const s2on = (hcr & 1n) !== 0n;
      let ipa: number, s1Attr: number, s1Sh: number;
      if ((c.sr.get('SCTLR_EL1') & 1n) === 0n) {
        ({ pa: ipa, s1Attr, s1Sh } = this.s1DisabledAttrs(vaLo, vaHi));
      } else {
        const s1 = this.s1Walk(c, vaLo, vaHi, acc, req.el, s2on, 'el10');
        ipa = s1.oa; s1Attr = s1.attr; s1Sh = s1.sh;
      }
      if (!req.stage12 || !s2on) return { ok: true, pa: ipa, s1Attr, s1Sh };
      const s2 = this.s2Walk(c, ipa, acc, req.el, false);
      return { ok: true, pa: s2.oa, s1Attr, s1Sh, s2: { memAttr: s2.attr, sh: s2.sh } };
    } catch (e) {
      if (e instanceof WalkFault) return { ok: false, fault: e.f };
      throw e;
    }
  }

  /** Stage 1 disabled, for AT: a data access, so Device-nGnRnE (AArch64.S1DisabledOutput). */
  private s1DisabledAttrs(vaLo: number, vaHi: number): { pa: number; s1Attr: number; s1Sh: number } {
    return { pa: this.s1Disabled(vaLo, vaHi, false).pa, s1Attr: 0, s1Sh: 0 };
  }

  /** Takes a stage-2 fault met by an AT instruction's stage-1 walk as a Data Abort to EL2. */
  atStage2Abort(c: Cpu, f: Fault, vaLo: number, vaHi: number): never {
    // CM=1 and WnR=1 as for cache maintenance (D17.2.40 ISS encoding for a Data Abort);
    // QEMU 7.2 do_ats_write builds the same syndrome.
    const iss = FSC_FOR[f.kind] + f.level | 1 << 8 | 1 << 7 | 1 << 6;
    takeException(c, {
      ec: c.el < 2 ? EC.DABT_LOWER : EC.DABT_CURRENT, iss, targetEl: 2,
      far: (BigInt(vaHi >>> 0) << 32n) | BigInt(vaLo >>> 0), ipa: f.ipa,
    });
    throw EXCEPTION_TAKEN;
  }

  /** AArch64.FullTranslate: VA -> PA for the current regime, raising the fault if any. */
  translate(c: Cpu, vaLo: number, vaHi: number, acc: number, _size: number): TranslateResult {
    const el = (acc & ACC_UNPRIV) !== 0 && c.el === 1 ? 0 : c.el;
    this.observer?.begin?.();
    try {
      const r = this.fullTranslate(c, vaLo, vaHi, acc, el);
      this.observer?.translated?.(c, vaLo, vaHi, acc, el);
      return r;
    } catch (e) {
      if (e instanceof WalkFault) this.reportFault(c, e.f, vaLo, vaHi, acc);
      throw e;
    }
  }

  private fullTranslate(c: Cpu, vaLo: number, vaHi: number, acc: number, el: number): TranslateResult {
    const exec = (acc & 3) === ACC_EXEC;
    const hcr = c.sr.get('HCR_EL2');
    const e2h = (hcr & (1n << 34n)) !== 0n, tge = (hcr & (1n << 27n)) !== 0n;
    // EL2, or EL0 in the host regime (E2H=1, TGE=1): the EL2 (or EL2&0) regime, no stage 2.
    if (el === 2 || (el === 0 && e2h && tge)) {
      const sctlr = c.sr.get('SCTLR_EL2');
      if ((sctlr & 1n) === 0n) return this.s1Disabled(vaLo, vaHi, exec);
      const s1 = this.s1Walk(c, vaLo, vaHi, acc, el, false, e2h ? 'el20' : 'el2');
      return { pa: s1.oa, device: s1.device };
    }
    const s2on = (hcr & 1n) !== 0n; // HCR_EL2.VM
    const sctlr = c.sr.get('SCTLR_EL1');
    let ipa: number;
    let device: boolean;
    if ((sctlr & 1n) === 0n) {
      const d = this.s1Disabled(vaLo, vaHi, exec);
      ipa = d.pa;
      device = d.device;
    } else {
      const s1 = this.s1Walk(c, vaLo, vaHi, acc, el, s2on, 'el10');
      ipa = s1.oa;
      device = s1.device;
    }
    if (!s2on) return { pa: ipa, device };
    const s2 = this.s2Walk(c, ipa, acc, el, false);
    return { pa: s2.oa, device: device || s2.device };
  }

  /** AArch64.S1DisabledOutput (D8.2.10): flat map; data is Device-nGnRnE, fetches Normal. */
  private s1Disabled(vaLo: number, vaHi: number, exec: boolean): TranslateResult {
    const pa = (vaHi >>> 0) * 4294967296 + (vaLo >>> 0);
    if (vaHi !== 0 && pa >= 2 ** this.paBits) {
      throw new WalkFault({ kind: 'address-size', level: 0, stage2: false, s1ptw: false });
    }
    if (pa >= 2 ** this.paBits) throw new WalkFault({ kind: 'address-size', level: 0, stage2: false, s1ptw: false });
    return { pa, device: !exec };
  }

  /**
   * AArch64.S1Walk for the EL1&0 regime ('el10'), the EL2 regime ('el2', E2H=0: one VA
   * range, TCR_EL2 in its EL2 format) or the EL2&0 regime ('el20', FEAT_VHE: two VA ranges,
   * TCR_EL2 in the EL1 format, TTBR0_EL2/TTBR1_EL2).
   */
  private s1Walk(c: Cpu, vaLo: number, vaHi: number, acc: number, el: number, s2on: boolean,
    regime: 'el10' | 'el2' | 'el20'): WalkOut {
    const el2 = regime === 'el2';
    const atEl2 = regime !== 'el10';
    const tcr = c.sr.get(atEl2 ? 'TCR_EL2' : 'TCR_EL1');
    const top = (vaHi >>> 23) & 1; // VA[55] selects TTBR0/TTBR1 in the two-range regime
    const upper = !el2 && top === 1;
    const tbi = el2 ? (tcr >> 20n) & 1n : upper ? (tcr >> 38n) & 1n : (tcr >> 37n) & 1n;
    const exec = (acc & 3) === ACC_EXEC;
    const tsz = Number(upper ? (tcr >> 16n) & 63n : tcr & 63n);
    const grainBits = this.effectiveGranule(upper ? tg1Bits(Number((tcr >> 30n) & 3n)) : tg0Bits(Number((tcr >> 14n) & 3n)), 1);
    const epd = !el2 && ((upper ? (tcr >> 23n) : (tcr >> 7n)) & 1n) !== 0n;
    const inputSize = Math.max(64 - Math.max(tsz, 16), this.minInputSize(grainBits));
    // Bits above the input size must all equal VA[55] (or be ignored down to 56 with TBI).
    const checkTop = tbi !== 0n && !exec ? 56 : 64;
    for (let b = inputSize; b < checkTop; b++) {
      const bit = b < 32 ? (vaLo >>> b) & 1 : (vaHi >>> (b - 32)) & 1;
      if (bit !== (el2 ? 0 : top)) this.fault(1, grainBits, 0, 'translation');
    }
    if (epd) this.fault(1, grainBits, 0, 'translation');
    const ttbr = c.sr.get(atEl2 ? (upper ? 'TTBR1_EL2' : 'TTBR0_EL2') : upper ? 'TTBR1_EL1' : 'TTBR0_EL1');
    const ps = Number(el2 ? (tcr >> 16n) & 7n : (tcr >> 32n) & 7n);
    const oaBits = Math.min(psBits(ps), this.paBits);
    const stride = grainBits - 3;
    const startLevel = 4 - Math.ceil((inputSize - grainBits) / stride);
    // Only VA bits below the input size (at most 48) index the tables and form the offset:
    // keep them exact (a whole upper-range VA does not fit a double).
    const va = (vaHi & 0xffff) * 4294967296 + (vaLo >>> 0);
    let table = Number(ttbr & 0x0000fffffffffffen);
    // A TTBR base address beyond the output size: an Address size fault reported at level 0
    // whatever the start level (AArch64.S1Walk; QEMU 7.2 agrees).
    if (table >= 2 ** oaBits) this.fault(1, grainBits, 0, 'address-size');
    // Hierarchical permission limits from table descriptors (APTable, UXNTable, PXNTable).
    let apTable = 0, xnTable = 0, pxnTable = 0;
    const mair = c.sr.get(atEl2 ? 'MAIR_EL2' : 'MAIR_EL1');
    for (let level = startLevel; level <= 3; level++) {
      const shift = (3 - level) * stride + grainBits;
      const bits = level === startLevel ? inputSize - shift : stride;
      const index = Math.floor(va / 2 ** shift) % 2 ** bits;
      const descPa = table + index * 8;
      // The walk's own accesses go through stage 2 when it is enabled (S1PTW).
      const walkPa = s2on ? this.s2Walk(c, descPa, 0, el, true).oa : descPa;
      const [lo, hi] = this.readDesc(c, walkPa, level, s2on);
      if ((lo & 1) === 0) this.fault(1, grainBits, level, 'translation');
      const isTable = (lo & 2) !== 0 && level < 3;
      const oaFixed = (((lo >>> grainBits) << grainBits) >>> 0) + (hi & 0xffff) * 4294967296 + this.oa52(lo, grainBits, ps);
      if (isTable) {
        if (oaFixed >= 2 ** oaBits) this.fault(1, grainBits, level, 'address-size');
        apTable |= (hi >>> 29) & 3;
        xnTable |= (hi >>> 28) & 1;
        pxnTable |= (hi >>> 27) & 1;
        table = oaFixed;
        continue;
      }
      if (level === 3 && (lo & 2) === 0) this.fault(1, grainBits, level, 'translation');
      if (level < 3 && !blockAllowed(grainBits, level, this.lpa)) {
        // AArch64.BlockDescSupported: invalid, a Translation fault. QEMU 7.2 maps the block.
        c.qemuDeviation('block-at-unsupported-level-accepted');
        this.fault(1, grainBits, level, 'translation');
      }
      if (oaFixed >= 2 ** oaBits) this.fault(1, grainBits, level, 'address-size');
      // FEAT_HAFDBS (D8.4.6): TCR.HA sets the access flag instead of faulting; TCR.HD
      // turns a write to a read-only page with DBM set into clearing AP[2] (dirty).
      const ha = ((el2 ? tcr >> 21n : tcr >> 39n) & 1n) !== 0n && this.hafdbs >= 1;
      const hd = ha && ((el2 ? tcr >> 22n : tcr >> 40n) & 1n) !== 0n && this.hafdbs >= 2;
      if ((lo & (1 << 10)) === 0) {
        if (!ha) this.fault(1, grainBits, level, 'access-flag');
        this.setAccessFlag(c, walkPa);
      }
      const dirty = hd && (acc & 3) === ACC_WRITE && (lo & (1 << 7)) !== 0 && (hi & (1 << 19)) !== 0;
      // In the EL2&0 regime EL2 is the privileged level, checked like EL1 in EL1&0.
      this.s1CheckPermissions(c, el2 ? 2 : el === 2 ? 1 : el, acc, dirty ? lo & ~(1 << 7) : lo, hi, apTable, xnTable, pxnTable,
        grainBits, level, c.sr.get(atEl2 ? 'SCTLR_EL2' : 'SCTLR_EL1'));
      if (dirty) this.updateDescLo(c, walkPa, (lo & ~(1 << 7)) | (1 << 10));
      const attr = Number((mair >> BigInt(8 * ((lo >>> 2) & 7))) & 0xffn);
      const blockOff = va % 2 ** shift;
      this.observer?.walk(1, grainBits, level, 'ok', va);
      return { oa: oaFixed + blockOff - (oaFixed % 2 ** shift), device: (attr & 0xf0) === 0, attr, sh: (lo >>> 8) & 3 };
    }
    throw new Error('unreachable: stage-1 walk fell through');
  }

  /** Stage-1 access permissions (D8.4): AP[2:1], UXN/PXN, APTable etc., PAN, WXN. */
  private s1CheckPermissions(c: Cpu, el: number, acc: number, lo: number, hi: number,
    apTable: number, xnTable: number, pxnTable: number, grainBits: number, level: number, sctlr: bigint): void {
    const kind = acc & 3;
    const ap = (lo >>> 6) & 3;
    const xn = (hi >>> 22) & 1; // UXN / XN (bit 54)
    const pxn = (hi >>> 21) & 1; // PXN (bit 53)
    if (el === 2) {
      // Single-range EL2 regime: AP[1] is ignored (RES1), XN only.
      const ro = (ap & 2) !== 0 || (apTable & 2) !== 0;
      if (kind === ACC_WRITE && ro) this.fault(1, grainBits, level, 'permission');
      if (kind === ACC_EXEC && (xn | xnTable) !== 0) this.fault(1, grainBits, level, 'permission');
      if (kind === ACC_EXEC && (sctlr & (1n << 19n)) !== 0n && !ro) this.fault(1, grainBits, level, 'permission');
      return;
    }
    const user = (ap & 1) !== 0 && (apTable & 1) === 0;
    const ro = (ap & 2) !== 0 || (apTable & 2) !== 0;
    if (el === 0) {
      if (kind === ACC_EXEC) {
        if (!user || (xn | xnTable) !== 0) this.fault(1, grainBits, level, 'permission');
        return;
      }
      if (!user || (kind === ACC_WRITE && ro)) this.fault(1, grainBits, level, 'permission');
      return;
    }
    if (kind === ACC_EXEC) {
      // Privileged execute never from EL0-writable memory, PXN, PXNTable, WXN.
      const userWritable = user && !ro;
      if ((pxn | pxnTable) !== 0 || userWritable) this.fault(1, grainBits, level, 'permission');
      if ((sctlr & (1n << 19n)) !== 0n && !ro) this.fault(1, grainBits, level, 'permission');
      return;
    }
    if (user && c.pan !== 0 && (acc & (ACC_UNPRIV | ACC_AT_NOPAN)) === 0) this.fault(1, grainBits, level, 'permission');
    if (kind === ACC_WRITE && ro) this.fault(1, grainBits, level, 'permission');
  }

  /** AArch64.S2Walk (D8.3): IPA -> PA with VTCR_EL2/VTTBR_EL2. */
  s2Walk(c: Cpu, ipa: number, acc: number, el: number, s1ptw: boolean): WalkOut {
    const vtcr = c.sr.get('VTCR_EL2');
    const vttbr = c.sr.get('VTTBR_EL2');
    const t0sz = Number(vtcr & 63n);
    const sl0 = Number((vtcr >> 6n) & 3n);
    const grainBits = this.effectiveGranule(tg0Bits(Number((vtcr >> 14n) & 3n)), 2);
    const ps = Number((vtcr >> 16n) & 7n);
    const oaBits = Math.min(psBits(ps), this.paBits);
    const inputSize = 64 - t0sz;
    const stride = grainBits - 3;
    const fault = (kind: FaultKind, level: number): never => {
      this.observer?.walk(2, grainBits, level, kind);
      throw new WalkFault({ kind, level, stage2: true, s1ptw, ipa });
    };
    const startLevel = s2StartLevel(grainBits, sl0, this.ttst);
    // AArch64.S2TxSZFaults (T0SZ below AArch64.S2MinTxSZ: an IPA wider than PAMax, and than
    // 48 bits except with the 64K granule; above the maximum, IMPLEMENTATION DEFINED: QEMU
    // 7.2 faults), AArch64.S2InvalidSL, AArch64.S2InconsistentSL: a level-0 Translation fault.
    if (startLevel < 0 || inputSize > (grainBits === 16 ? this.paBits : Math.min(48, this.paBits)) ||
        inputSize < this.minInputSize(grainBits) || s2InvalidSL(grainBits, sl0, this.paBits) ||
        !s2StartLevelConsistent(grainBits, startLevel, inputSize)) {
      fault('translation', 0);
    }
    if (ipa >= 2 ** inputSize) fault('translation', 0);
    // QEMU 7.2 (check_s2_mmu_setup) also faults where the Arm ARM walks: it checks the start
    // level and the IPA size against VTCR_EL2.PS instead of PAMax.
    if (qemu72RejectsS2Setup(grainBits, startLevel, inputSize, oaBits)) c.qemuDeviation('s2-setup-checked-against-ps');
    let table = Number(vttbr & 0x0000fffffffffffen);
    if (table >= 2 ** oaBits) fault('address-size', 0);
    for (let level = startLevel; level <= 3; level++) {
      const shift = (3 - level) * stride + grainBits;
      const bits = level === startLevel ? inputSize - shift : stride;
      const index = Math.floor(ipa / 2 ** shift) % 2 ** bits;
      const [lo0, hi] = this.readDescStage2(c, table + index * 8, level, ipa, s1ptw);
      let lo = lo0;
      if ((lo & 1) === 0) fault('translation', level);
      const oa = (((lo >>> grainBits) << grainBits) >>> 0) + (hi & 0xffff) * 4294967296 + this.oa52(lo, grainBits, ps);
      if ((lo & 2) !== 0 && level < 3) {
        if (oa >= 2 ** oaBits) fault('address-size', level);
        table = oa;
        continue;
      }
      if (level === 3 && (lo & 2) === 0) fault('translation', level);
      if (level < 3 && !blockAllowed(grainBits, level, this.lpa)) {
        // AArch64.BlockDescSupported: invalid, a Translation fault. QEMU 7.2 maps the block.
        c.qemuDeviation('block-at-unsupported-level-accepted');
        fault('translation', level);
      }
      if (oa >= 2 ** oaBits) fault('address-size', level);
      // FEAT_HAFDBS (D8.4.6): VTCR_EL2.HA sets the access flag; VTCR_EL2.HD makes a write to
      // a page that is read-only with DBM set writable (S2AP[1] set) instead of faulting.
      const ha = (vtcr & (1n << 21n)) !== 0n && this.hafdbs >= 1;
      const hd = ha && (vtcr & (1n << 22n)) !== 0n && this.hafdbs >= 2;
      if ((lo & (1 << 10)) === 0) {
        if (ha) this.setAccessFlag(c, table + index * 8);
        else fault('access-flag', level);
      }
      if (hd && !s1ptw && (acc & 3) === ACC_WRITE && (lo & (1 << 7)) === 0 && (hi & (1 << 19)) !== 0) {
        this.updateDescLo(c, table + index * 8, lo | (1 << 7) | (1 << 10));
        lo |= 1 << 7;
      }
      // S2AP[1:0] = bits 7:6 (bit 6 read, bit 7 write); XN[1:0] = bits 54:53.
      const s2ap = (lo >>> 6) & 3;
      const xn = (hi >>> 21) & 3;
      const kind = acc & 3;
      if (s1ptw || kind !== ACC_EXEC) {
        if ((s2ap & 1) === 0 && (s1ptw || kind !== ACC_WRITE || (acc & ACC_EXCL) !== 0)) fault('permission', level);
        if (!s1ptw && kind === ACC_WRITE && (s2ap & 2) === 0) fault('permission', level);
      } else if (s2ExecuteNever(xn, el)) {
        fault('permission', level);
      }
      this.observer?.walk(2, grainBits, level, 'ok', ipa);
      const memAttr = (lo >>> 2) & 0xf;
      return { oa: oa - (oa % 2 ** shift) + (ipa % 2 ** shift), device: (memAttr & 0xc) === 0, attr: memAttr, sh: (lo >>> 8) & 3 };
    }
    throw new Error('unreachable: stage-2 walk fell through');
  }

  private fault(stage: 1 | 2, granule: number, level: number, kind: FaultKind): never {
    this.observer?.walk(stage, granule, level, kind);
    throw new WalkFault({ kind, level, stage2: stage === 2, s1ptw: false });
  }

  private readDesc(c: Cpu, pa: number, level: number, _s2on: boolean): [number, number] {
    if (!c.mem.isRam(pa, 8)) {
      throw new WalkFault({ kind: 'external-walk', level, stage2: false, s1ptw: false });
    }
    const o = (pa - c.mem.ramBase) >>> 2;
    this.observer?.descriptor?.(1, pa, c.mem.ram32[o], c.mem.ram32[o + 1]);
    return [c.mem.ram32[o], c.mem.ram32[o + 1]];
  }

  private readDescStage2(c: Cpu, pa: number, level: number, ipa: number, s1ptw: boolean): [number, number] {
    if (!c.mem.isRam(pa, 8)) {
      throw new WalkFault({ kind: 'external-walk', level, stage2: true, s1ptw, ipa });
    }
    const o = (pa - c.mem.ramBase) >>> 2;
    this.observer?.descriptor?.(2, pa, c.mem.ram32[o], c.mem.ram32[o + 1]);
    return [c.mem.ram32[o], c.mem.ram32[o + 1]];
  }

  /** Hardware dirty-state update (FEAT_HAFDBS): the new low word of the descriptor at `pa`. */
  private updateDescLo(c: Cpu, pa: number, lo: number): void {
    if (this.probing) return;
    c.mem.ram32[(pa - c.mem.ramBase) >>> 2] = lo;
  }

  /** Hardware Access flag update (FEAT_HAFDBS) of the descriptor at `pa`. */
  private setAccessFlag(c: Cpu, pa: number): void {
    if (this.probing) return;
    const o = (pa - c.mem.ramBase) >>> 2;
    c.mem.ram32[o] |= 1 << 10;
  }

  /** Turns a walk fault into the Data/Instruction Abort the architecture defines. */
  private reportFault(c: Cpu, f: Fault, vaLo: number, vaHi: number, acc: number): never {
    const kind = acc & 3;
    // A stage-2 fault on a stage-1 walk reports the stage-2 lookup's level (the fault record
    // AArch64.S2Translate returns); QEMU 7.2 reports the level of the stage-1 lookup instead.
    if (f.s1ptw) c.qemuDeviation('s1ptw-fault-level');
    const fsc = FSC_FOR[f.kind] + f.level;
    const stage2 = f.stage2;
    const target = stage2 ? 2 : syncTargetFromLowEl(c);
    const lower = target > c.el;
    const far = (BigInt(vaHi >>> 0) << 32n) | BigInt(vaLo >>> 0);
    if (kind === ACC_EXEC) {
      const iss = (f.s1ptw ? 1 << 7 : 0) | fsc;
      takeException(c, {
        ec: lower ? EC.IABT_LOWER : EC.IABT_CURRENT, iss, targetEl: target, far,
        ipa: stage2 ? f.ipa : undefined,
      });
      throw EXCEPTION_TAKEN;
    }
    // WnR is the instruction's (a store whose stage-1 walk faults at stage 2 reports WnR=1;
    // the ISS description permits WnR=0 only for atomics in that case). QEMU 7.2 agrees.
    const write = kind === ACC_WRITE;
    let iss = fsc | (write ? 1 << 6 : 0) | (f.s1ptw ? 1 << 7 : 0);
    // ISV (and SAS/SSE/SRT/SF/AR) only for aborts taken to EL2 not on a stage-1 walk,
    // for the single-register loads/stores that provide it (QEMU 7.2 merge_syn_data_abort).
    if (target === 2 && !f.s1ptw && c.op !== undefined && c.op.iss !== 0) iss |= c.op.iss;
    if ((acc & ACC_WRITE) !== 0 && c.op?.cm) iss |= 1 << 8;
    takeException(c, {
      ec: lower ? EC.DABT_LOWER : EC.DABT_CURRENT, iss, targetEl: target, far,
      ipa: stage2 ? f.ipa : undefined,
    });
    throw EXCEPTION_TAKEN;
  }

  /** Alignment fault (DFSC 0x21) on a data access; taken to the EL of the current regime. */
  alignmentFault(c: Cpu, vaLo: number, vaHi: number, acc: number): never {
    const target = syncTargetFromLowEl(c);
    const write = (acc & 3) === ACC_WRITE;
    let iss = FSC.ALIGNMENT | (write ? 1 << 6 : 0);
    if (target === 2 && c.op !== undefined && c.op.iss !== 0) iss |= c.op.iss;
    raise(c, {
      ec: target > c.el ? EC.DABT_LOWER : EC.DABT_CURRENT, iss, targetEl: target,
      far: (BigInt(vaHi >>> 0) << 32n) | BigInt(vaLo >>> 0),
    });
  }

  /** Synchronous External abort: an access to a PA with nothing behind it (QEMU virt: decode error). */
  externalAbort(c: Cpu, vaLo: number, vaHi: number, acc: number, _pa: number): never {
    const target = syncTargetFromLowEl(c);
    const far = (BigInt(vaHi >>> 0) << 32n) | BigInt(vaLo >>> 0);
    if ((acc & 3) === ACC_EXEC) {
      raise(c, { ec: target > c.el ? EC.IABT_LOWER : EC.IABT_CURRENT, iss: FSC.SYNC_EXTERNAL, targetEl: target, far });
    }
    // No instruction syndrome (ISV = 0): the Arm ARM provides it for stage-2 aborts; for a
    // synchronous External abort it is IMPLEMENTATION DEFINED and QEMU 7.2 gives none.
    const iss = FSC.SYNC_EXTERNAL | ((acc & 3) === ACC_WRITE ? 1 << 6 : 0);
    raise(c, { ec: target > c.el ? EC.DABT_LOWER : EC.DABT_CURRENT, iss, targetEl: target, far });
  }
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

/** At most 16 concatenated tables at the start level, and at least one full level. */
function s2StartLevelConsistent(grainBits: number, startLevel: number, inputSize: number): boolean {
  const stride = grainBits - 3;
  const shift = (3 - startLevel) * stride + grainBits;
  const bits = inputSize - shift;
  if (bits < 1) return false;
  if (bits > stride + 4) return false;
  // The start level must not be lower (numerically greater) than needed by more than 0 levels
  // below the natural one: inputs needing more than `stride + 4` bits were rejected above.
  return true;
}

/** Block descriptors: 4K at levels 1-2, 16K and 64K at level 2 (without 52-bit OA). */
export function blockAllowed(grainBits: number, level: number, lpa: boolean): boolean {
  if (grainBits === 12) return level === 1 || level === 2;
  // FEAT_LPA: 64K level-1 blocks (4 TiB) whatever the PS (QEMU 7.2 agrees).
  if (grainBits === 16 && level === 1) return lpa;
  return level === 2;
}

/** Stage-2 XN[1:0] with FEAT_XNX (D8.4.4): 00 exec, 01 EL0 only, 10 none, 11 EL1 only. */
function s2ExecuteNever(xn: number, el: number): boolean {
  switch (xn) {
    case 0: return false;
    case 1: return el === 1;
    case 2: return true;
    default: return el === 0;
  }
}

export { ACC_EXEC };
