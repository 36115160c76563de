// VMSAv8-64 address translation (Arm ARM DDI 0487 chapter D8): stage 1 for the EL1&0, EL2
// and EL2&0 regimes, stage 2 for EL1&0 when HCR_EL2.VM is set, 4K/16K/64K granules, faults
// with the syndrome the architecture defines. Named after the pseudocode (J1 aarch64/
// translation): AArch64.FullTranslate -> fullTranslate, AArch64.S1Walk -> s1Walk, ...
//
// The walk is a data flow: the Mmu turns the CPU's ACC_* flags into an AccessDescriptor
// (translation/access.ts) once per translation, builds the walk parameters once per walk
// (S1TTWParams/S2TTWParams, translation/params.ts), and the walks return their output or a
// FaultRecord (translation/fault.ts); only translate() raises the exception a fault record
// describes, while AT instructions (atWalk) and tools (probe) get the record itself. Nothing
// is allocated per descriptor: the walk state and the walk outputs are reused objects.

import { rev32 } from './bits.ts';
import { ACC_EXEC, type Cpu, type TranslateResult } from './cpu.ts';
import { EC, raise, syncTargetFromLowEl } from './exceptions.ts';
import { idField, implementedGranules, paRangeBits, type IdRegisters } from './profiles.ts';
import { field32, fieldOf, fieldOfHalves, fieldValue32, isSet, isSet32, isSetHalves } from './arch/field.ts';
import {
  DESC_OA, HCR_EL2, ID_AA64MMFR1_EL1, ID_AA64MMFR2_EL1, ISS_DABT, ISS_IABT, MAIR_ATTR, MAIR_ELx, S1_DESC, S2_DESC,
  S2_MEMATTR, SCTLR,
} from './arch/registers.ts';
import { regimeOf, type Regime } from './arch/regime.ts';
import { accessFor, accessForAT, type AccessDescriptor } from './translation/access.ts';
import { FaultRecord, FSC, FSC_FOR, type FaultKind } from './translation/fault.ts';
import {
  blockAllowed, getS1TTWParams, getS2TTWParams, type S1TTWParams, type S2TTWParams, type WalkFeatures,
} from './translation/params.ts';

export { FaultRecord, FSC, FSC_FOR, type FaultKind } from './translation/fault.ts';
export type { AccessDescriptor } from './translation/access.ts';
export { blockAllowed, psBits, qemu72RejectsS2Setup, s2StartLevel, tg0Bits, tg1Bits } from './translation/params.ts';

/** What an AT instruction asks for (C5.5, AArch64.AT): regime, EL, access and stages. */
export interface AtRequest {
  regime: Regime;
  /** The EL whose permissions are checked (0 for S1E0* / S12E0*). */
  el: number;
  write: boolean;
  /** S12E*: stage 2 too (when HCR_EL2.VM is set). */
  stage12: boolean;
  /** S1E1RP/S1E1WP (FEAT_PAN2): PSTATE.PAN applies; other AT S1E1* ignore it. */
  pan: boolean;
}

/** Outcome of an AT walk: the output address with its attributes, or the fault record. */
export type AtOutcome =
  | { ok: true; pa: number; s1Attr: number; s1Sh: number; s2?: { memAttr: number; sh: number } }
  | FaultRecord;

/**
 * Observers of translation (coverage, strict mode) get every walk outcome. walk() and
 * descriptor() come from inside a walk and must not translate; translated() may (probe).
 */
export interface MmuObserver {
  /** Every walk's outcome; `addr` is the walk's input address (VA or IPA) for 'ok', and the IPA of a stage-2 fault. */
  walk(stage: 1 | 2, granule: number, level: number, outcome: FaultKind | 'ok', addr?: number): void;
  /** A translation starts (descriptors reported next belong to it). */
  begin?(): void;
  /** Every descriptor a walk reads, at its PA (the --strict checker tracks them). */
  descriptor?(stage: 1 | 2, pa: number, lo: number, hi: number): void;
  /** A translation for an access made by the CPU (not AT, not probes) succeeded. */
  translated?(c: Cpu, vaLo: number, vaHi: number, acc: number, el: number): void;
}

/** One stage's walk output (the parts of the pseudocode's AddressDescriptor the model uses). */
export class WalkOut {
  readonly ok = true as const;
  oa = 0;
  device = false;
  /** Stage 1: the MAIR attribute byte; stage 2: MemAttr[3:0]. For AT's PAR_EL1. */
  attr = 0;
  /** Descriptor SH[1:0]. */
  sh = 0;
}

/** AArch64.FullTranslate's output: both stages' attributes (AT needs them for PAR_EL1). */
class FullTranslation {
  readonly ok = true as const;
  pa = 0;
  device = false;
  s1Attr = 0;
  s1Sh = 0;
  /** Stage 2 applied: s2MemAttr and s2Sh are its descriptor's. */
  s2 = false;
  s2MemAttr = 0;
  s2Sh = 0;
}

/** TTWState: the descriptor a walk just read and the table descriptors' limits so far. */
class TTWState {
  level = 0;
  lo = 0;
  hi = 0;
  /** APTable, UXNTable/XNTable, PXNTable accumulated over the table descriptors. */
  apTable = 0;
  xnTable = 0;
  pxnTable = 0;
}

// Values of descriptor fields.
/** AP[2:1]: AP[2] = 1 read-only, AP[1] = 1 EL0 access (stage 1; APTable: [1] no write, [0] no EL0). */
const AP_RO = 0b10, AP_EL0 = 0b01;
/** S2AP[1:0]: [0] read, [1] write allowed. */
const S2AP_R = 0b01, S2AP_W = 0b10;
/** The descriptor bits the hardware updates (FEAT_HAFDBS): AF, AP[2] (stage 1), S2AP[1] (stage 2). */
const AF = fieldValue32(S1_DESC.AF);
const AP2 = fieldValue32(S1_DESC.AP, AP_RO);
const S2AP1 = fieldValue32(S2_DESC.S2AP, S2AP_W);
// Syndrome bits of the aborts (ESR_ELx ISS, D17.2.37).
const WNR = fieldValue32(ISS_DABT.WnR), DABT_S1PTW = fieldValue32(ISS_DABT.S1PTW), CM = fieldValue32(ISS_DABT.CM);
const IABT_S1PTW = fieldValue32(ISS_IABT.S1PTW);

const farOf = (vaLo: number, vaHi: number): bigint => (BigInt(vaHi >>> 0) << 32n) | BigInt(vaLo >>> 0);

export class Mmu implements WalkFeatures {
  readonly paBits: number;
  observer?: MmuObserver;

  /** FEAT_LPA (52-bit PAs with the 64K granule): ID_AA64MMFR0_EL1.PARange = 0b0110. */
  readonly lpa: boolean;

  constructor(ids: IdRegisters) {
    this.paBits = paRangeBits(ids);
    this.lpa = this.paBits === 52;
    this.hafdbs = idField(ids, 'ID_AA64MMFR1_EL1', ID_AA64MMFR1_EL1.HAFDBS.lsb);
    this.ttst = idField(ids, 'ID_AA64MMFR2_EL1', ID_AA64MMFR2_EL1.ST.lsb) !== 0;
    this.hpds = idField(ids, 'ID_AA64MMFR1_EL1', ID_AA64MMFR1_EL1.HPDS.lsb) !== 0;
    this.e0pd = idField(ids, 'ID_AA64MMFR2_EL1', ID_AA64MMFR2_EL1.E0PD.lsb) !== 0;
    this.lva = idField(ids, 'ID_AA64MMFR2_EL1', ID_AA64MMFR2_EL1.VARange.lsb) !== 0;
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

  /** FEAT_LVA (ID_AA64MMFR2_EL1.VARange = 1): 52-bit VAs with the 64K granule. */
  readonly lva: boolean;

  // AArch64.MinTxSZ: 12 with FEAT_LVA and the 64K granule (52-bit VAs), 16 otherwise. A smaller
  // TxSZ is CONSTRAINED UNPREDICTABLE; the model, as QEMU 7.2, uses the minimum.
  minTxSZ(grainBits: number): number {
    return this.lva && grainBits === 16 ? 12 : 16;
  }

  /** The smallest input address size TxSZ can give (AArch64.MaxTxSZ); 25 bits without FEAT_TTST. */
  minInputSize(grainBits: number): number {
    return this.ttst ? (grainBits === 16 ? 17 : 16) : 25;
  }

  /** ID_AA64MMFR1_EL1.HAFDBS: 1 hardware access flag, 2 and dirty state too. */
  readonly hafdbs: number;
  /** FEAT_HPDS (ID_AA64MMFR1_EL1.HPDS) and FEAT_E0PD (ID_AA64MMFR2_EL1.E0PD). */
  readonly hpds: boolean;
  readonly e0pd: boolean;

  /** True while probe() runs: no descriptor updates, no observer calls, no exception. */
  private probing = false;

  // Reused per translation (walks of one stage never nest; results are copied out).
  private readonly s1State = new TTWState();
  private readonly s2State = new TTWState();
  private readonly s1Out = new WalkOut();
  private readonly s2Out = new WalkOut();
  /** The stage-2 walks of the stage-1 walk's own descriptor reads (S1PTW). */
  private readonly ptwOut = new WalkOut();
  private readonly full = new FullTranslation();

  /**
   * Translates without side effects (no fault taken, no hardware AF update, no coverage):
   * the PA, or undefined where the access would fault. For tools that peek at memory.
   */
  probe(c: Cpu, vaLo: number, vaHi: number, acc: number): number | undefined {
    const r = this.probeResult(c, vaLo, vaHi, acc, c.el);
    return r.ok ? r.pa : undefined;
  }

  /**
   * Like probe, for an access at a given EL, but the whole outcome: output address and
   * memory type, or the fault. Two outcomes are equal exactly when their keys are; the
   * --strict checker uses it to tell whether an unsynchronized register write changes a
   * translation.
   */
  probeOutcome(c: Cpu, vaLo: number, vaHi: number, acc: number, el: number): string {
    const r = this.probeResult(c, vaLo, vaHi, acc, el);
    if (r.ok) return `pa=0x${r.pa.toString(16)}${r.device ? ' Device' : ' Normal'}`;
    return `${r.stage2 ? 'stage-2 ' : ''}${r.type} fault, level ${r.level}${r.s1ptw ? ' (S1PTW)' : ''}`;
  }

  private probeResult(c: Cpu, vaLo: number, vaHi: number, acc: number, el: number): FullTranslation | FaultRecord {
    const observer = this.observer;
    const wasProbing = this.probing;
    this.probing = true;
    this.observer = undefined;
    try {
      return this.fullTranslate(c, vaLo, vaHi, accessFor(acc, false), el, regimeOf(c, el), true);
    } finally {
      this.probing = wasProbing;
      this.observer = observer;
    }
  }

  /**
   * AArch64.AT (C5.5): the translation an AT instruction asks for, for its regime, EL and
   * access; the fault is returned, not taken (the caller decides between PAR_EL1 and an
   * exception). The same walk as translate's.
   */
  atWalk(c: Cpu, vaLo: number, vaHi: number, req: AtRequest): AtOutcome {
    this.observer?.begin?.();
    const r = this.fullTranslate(c, vaLo, vaHi, accessForAT(req.write, req.pan), req.el, req.regime, req.stage12);
    if (!r.ok) return r;
    return { ok: true, pa: r.pa, s1Attr: r.s1Attr, s1Sh: r.s1Sh, s2: r.s2 ? { memAttr: r.s2MemAttr, sh: r.s2Sh } : undefined };
  }

  /** Takes a stage-2 fault met by an AT instruction's stage-1 walk as a Data Abort to EL2. */
  atStage2Abort(c: Cpu, f: FaultRecord, vaLo: number, vaHi: number): never {
    // CM=1 and WnR=1 as for cache maintenance (D17.2.40 ISS encoding for a Data Abort);
    // QEMU 7.2 do_ats_write builds the same syndrome.
    const iss = FSC_FOR[f.type] + f.level | CM | DABT_S1PTW | WNR;
    raise(c, {
      ec: c.el < 2 ? EC.DABT_LOWER : EC.DABT_CURRENT, iss, targetEl: 2,
      far: farOf(vaLo, vaHi), ipa: f.ipa,
    });
  }

  /** AArch64.TranslateAddress (J1 aarch64/translation/vmsa_translation) for a CPU access: VA -> PA; a fault is taken here (AArch64.Abort). */
  translate(c: Cpu, vaLo: number, vaHi: number, acc: number, _size: number): TranslateResult {
    // The access descriptor, once per translation (DC by VA: ISS.CM; not for fetches).
    let ad = accessFor(acc, false);
    if (!ad.exec && c.op !== undefined && c.op.cm) ad = accessFor(acc, true);
    const el = ad.unpriv && c.el === 1 ? 0 : c.el;
    this.observer?.begin?.();
    const r = this.fullTranslate(c, vaLo, vaHi, ad, el, regimeOf(c, el), true);
    if (!r.ok) this.reportFault(c, r, vaLo, vaHi);
    // Copied out first: the observer may translate again (the --strict checker probes).
    const t: TranslateResult = { pa: r.pa, device: r.device };
    this.observer?.translated?.(c, vaLo, vaHi, acc, el);
    return t;
  }

  /**
   * AArch64.FullTranslate (J1 aarch64/translation/vmsa_translation): stage 1 of `regime`
   * (off: AArch64.S1DisabledOutput), then for EL1&0 with HCR_EL2.VM stage 2 (when `stage2`:
   * AT S1E* walks stage 1 only, through stage 2 for its table accesses all the same). The
   * output is valid until the next translation.
   */
  private fullTranslate(c: Cpu, vaLo: number, vaHi: number, ad: AccessDescriptor, el: number, regime: Regime,
    stage2: boolean): FullTranslation | FaultRecord {
    const out = this.full;
    if (regime !== 'el10') {
      // EL2, or EL0 in the host regime (E2H=1, TGE=1): the EL2 (or EL2&0) regime, no stage 2.
      const sctlr = c.sr.get('SCTLR_EL2');
      const s1 = isSet(sctlr, SCTLR.M)
        ? this.s1Walk(c, getS1TTWParams(this, c, regime, vaHi, sctlr), vaLo, vaHi, ad, el, undefined)
        : this.s1Disabled(vaLo, vaHi, ad);
      if (!s1.ok) return s1;
      out.pa = s1.oa; out.device = s1.device; out.s1Attr = s1.attr; out.s1Sh = s1.sh; out.s2 = false;
      return out;
    }
    const s2 = isSet(c.sr.get('HCR_EL2'), HCR_EL2.VM) ? getS2TTWParams(this, c) : undefined;
    const sctlr = c.sr.get('SCTLR_EL1');
    const s1 = isSet(sctlr, SCTLR.M)
      ? this.s1Walk(c, getS1TTWParams(this, c, regime, vaHi, sctlr), vaLo, vaHi, ad, el, s2)
      : this.s1Disabled(vaLo, vaHi, ad);
    if (!s1.ok) return s1;
    out.s1Attr = s1.attr; out.s1Sh = s1.sh;
    if (s2 === undefined || !stage2) {
      out.pa = s1.oa; out.device = s1.device; out.s2 = false;
      return out;
    }
    const device = s1.device;
    const r = this.s2Walk(c, s2, s1.oa, ad, el, false, this.s2Out);
    if (!r.ok) return r;
    out.pa = r.oa; out.device = device || r.device; out.s2 = true; out.s2MemAttr = r.attr; out.s2Sh = r.sh;
    return out;
  }

  /** AArch64.S1DisabledOutput (D8.2.10): flat map; data is Device-nGnRnE, fetches Normal. */
  private s1Disabled(vaLo: number, vaHi: number, ad: AccessDescriptor): WalkOut | FaultRecord {
    const pa = (vaHi >>> 0) * 4294967296 + (vaLo >>> 0);
    if (pa >= 2 ** this.paBits) return new FaultRecord('address-size', 0, false, false, undefined, ad);
    const out = this.s1Out;
    out.oa = pa; out.device = !ad.exec; out.attr = 0; out.sh = 0;
    return out;
  }

  /**
   * AArch64.S1Walk (J1 aarch64/translation/vmsa_walk) for the EL1&0 regime, the EL2 regime
   * (E2H=0: one VA range, TCR_EL2 in its EL2 format) or the EL2&0 regime (FEAT_VHE: two VA
   * ranges, TCR_EL2 in the EL1 format, TTBR0_EL2/TTBR1_EL2). With `s2`, every descriptor
   * read goes through stage 2 first (S1PTW).
   */
  private s1Walk(c: Cpu, p: S1TTWParams, vaLo: number, vaHi: number, ad: AccessDescriptor, el: number,
    s2: S2TTWParams | undefined): WalkOut | FaultRecord {
    const { grainBits, stride, inputSize, startLevel } = p;
    // Bits above the input size must all equal VA[55] (or be ignored down to 56 with TBI).
    const checkTop = p.tbi && !ad.exec ? 56 : 64;
    for (let b = inputSize; b < checkTop; b++) {
      const bit = b < 32 ? (vaLo >>> b) & 1 : (vaHi >>> (b - 32)) & 1;
      if (bit !== p.select) return this.s1Fault(p, 0, 'translation', ad);
    }
    if (p.epd) return this.s1Fault(p, 0, 'translation', ad);
    // FEAT_E0PD: EL0 accesses to this range fault as if it had no translation (D8.2.12).
    if (p.e0pd && el === 0) return this.s1Fault(p, 0, 'translation', ad);
    // Only VA bits below the input size (at most 52, FEAT_LVA) index the tables and form the
    // offset: keep them exact (a whole upper-range VA does not fit a double).
    const va = (vaHi & 0xfffff) * 4294967296 + (vaLo >>> 0);
    let table = p.ttb;
    // A TTBR base address beyond the output size: an Address size fault reported at level 0
    // whatever the start level (AArch64.S1Walk; QEMU 7.2 agrees).
    if (table >= 2 ** p.oaBits) return this.s1Fault(p, 0, 'address-size', ad);
    const ws = this.s1State;
    // Hierarchical permission limits from table descriptors (APTable, UXNTable, PXNTable).
    ws.apTable = 0; ws.xnTable = 0; ws.pxnTable = 0;
    for (let level = startLevel; level <= 3; level++) {
      const shift = (3 - level) * stride + grainBits;
      const bits = level === startLevel ? inputSize - shift : stride;
      const index = Math.floor(va / 2 ** shift) % 2 ** bits;
      let walkPa = table + index * 8;
      // The walk's own accesses go through stage 2 when it is enabled (S1PTW).
      if (s2 !== undefined) {
        const r = this.s2Walk(c, s2, walkPa, ad, el, true, this.ptwOut);
        if (!r.ok) {
          // QEMU 7.2 reports the stage-1 lookup's level for this stage-2 fault (s1ptw-fault-level).
          if (r.level !== level && c.followQemu.has('s1ptw-fault-level') && c.qemuDeviation('s1ptw-fault-level')) {
            return new FaultRecord(r.type, level, r.stage2, r.s1ptw, r.ipa, r.access);
          }
          return r;
        }
        walkPa = r.oa;
      }
      ws.level = level;
      if (!this.readDescriptor(c, 1, walkPa, ws, p.bigEndian)) return new FaultRecord('external-walk', level, false, false, undefined, ad);
      const lo = ws.lo, hi = ws.hi;
      if (!isSet32(lo, S1_DESC.VALID)) return this.s1Fault(p, level, 'translation', ad);
      const oa = outputAddress(lo, hi, grainBits, p.oa52);
      if (isSet32(lo, S1_DESC.TABLE) && level < 3) {
        if (oa >= 2 ** p.oaBits) return this.s1Fault(p, level, 'address-size', ad);
        if (!p.hpd) { // hierarchical permissions, unless TCR_ELx.HPD disables them (FEAT_HPDS)
          ws.apTable |= fieldOfHalves(lo, hi, S1_DESC.APTable);
          ws.xnTable |= fieldOfHalves(lo, hi, S1_DESC.XNTable);
          ws.pxnTable |= fieldOfHalves(lo, hi, S1_DESC.PXNTable);
        }
        table = oa;
        continue;
      }
      if (level === 3 && !isSet32(lo, S1_DESC.TABLE)) return this.s1Fault(p, level, 'translation', ad);
      // AArch64.BlockDescSupported: invalid, a Translation fault. QEMU 7.2 maps the block.
      if (level < 3 && !blockAllowed(grainBits, level, this.lpa) && !c.qemuDeviation('block-at-unsupported-level-accepted')) {
        return this.s1Fault(p, level, 'translation', ad);
      }
      if (oa >= 2 ** p.oaBits) return this.s1Fault(p, level, 'address-size', ad);
      // FEAT_HAFDBS (D8.4.6): TCR.HA sets the access flag instead of faulting; TCR.HD
      // turns a write to a read-only page with DBM set into clearing AP[2] (dirty).
      if (!isSet32(lo, S1_DESC.AF)) {
        if (!p.ha) return this.s1Fault(p, level, 'access-flag', ad);
        this.setAccessFlag(c, walkPa, p.bigEndian);
      }
      const dirty = p.hd && ad.write && (lo & AP2) !== 0 && isSetHalves(lo, hi, S1_DESC.DBM);
      if (dirty) ws.lo = lo & ~AP2;
      // In the EL2&0 regime EL2 is the privileged level, checked like EL1 in EL1&0.
      const f = this.s1CheckPermissions(c, p, ad, p.regime === 'el2' ? 2 : el === 2 ? 1 : el, ws);
      if (f !== undefined) return f;
      if (dirty) this.updateDescLo(c, walkPa, (lo & ~AP2) | AF, p.bigEndian);
      const attr = fieldOf(p.mair, MAIR_ELx.Attr[field32(lo, S1_DESC.AttrIndx)]);
      const out = this.s1Out;
      out.oa = oa + va % 2 ** shift - oa % 2 ** shift;
      out.device = field32(attr, MAIR_ATTR.Outer) === 0;
      out.attr = attr;
      out.sh = field32(lo, S1_DESC.SH);
      this.observer?.walk(1, grainBits, level, 'ok', va);
      return out;
    }
    throw new Error('unreachable: stage-1 walk fell through');
  }

  /**
   * AArch64.S1CheckPermissions (J1 aarch64/translation/vmsa_faults; D8.4): AP[2:1],
   * UXN/PXN, the table limits, PAN, WXN, for the leaf descriptor in `ws`; `el` is the
   * privilege checked (2: the one-range EL2 regime).
   */
  private s1CheckPermissions(c: Cpu, p: S1TTWParams, ad: AccessDescriptor, el: number, ws: TTWState): FaultRecord | undefined {
    const ap = field32(ws.lo, S1_DESC.AP);
    const xn = fieldOfHalves(ws.lo, ws.hi, S1_DESC.UXN);
    const pxn = fieldOfHalves(ws.lo, ws.hi, S1_DESC.PXN);
    const ro = (ap & AP_RO) !== 0 || (ws.apTable & AP_RO) !== 0;
    if (el === 2) {
      // Single-range EL2 regime: AP[1] is ignored (RES1), XN only.
      if (ad.write && ro) return this.s1Fault(p, ws.level, 'permission', ad);
      if (ad.exec && (xn | ws.xnTable) !== 0) return this.s1Fault(p, ws.level, 'permission', ad);
      if (ad.exec && p.wxn && !ro) return this.s1Fault(p, ws.level, 'permission', ad);
      return undefined;
    }
    const user = (ap & AP_EL0) !== 0 && (ws.apTable & AP_EL0) === 0;
    if (el === 0) {
      if (ad.exec) {
        if (!user || (xn | ws.xnTable) !== 0) return this.s1Fault(p, ws.level, 'permission', ad);
        return undefined;
      }
      if (!user || (ad.write && ro)) return this.s1Fault(p, ws.level, 'permission', ad);
      return undefined;
    }
    if (ad.exec) {
      // Privileged execute never from EL0-writable memory, PXN, PXNTable, WXN.
      const userWritable = user && !ro;
      if ((pxn | ws.pxnTable) !== 0 || userWritable) return this.s1Fault(p, ws.level, 'permission', ad);
      if (p.wxn && !ro) return this.s1Fault(p, ws.level, 'permission', ad);
      return undefined;
    }
    if (user && c.pan !== 0 && ad.pan) return this.s1Fault(p, ws.level, 'permission', ad);
    if (ad.write && ro) return this.s1Fault(p, ws.level, 'permission', ad);
    return undefined;
  }

  /**
   * AArch64.S2Walk (J1 aarch64/translation/vmsa_walk; D8.3): IPA -> PA with VTCR_EL2/
   * VTTBR_EL2, into `out`. `s1ptw`: the access is a stage-1 walk's descriptor read.
   * Public so that a test can plant a bug in it (the fuzzer's own test).
   */
  s2Walk(c: Cpu, p: S2TTWParams, ipa: number, ad: AccessDescriptor, el: number, s1ptw: boolean,
    out: WalkOut): WalkOut | FaultRecord {
    const { grainBits, stride, inputSize, startLevel } = p;
    if (p.invalid) return this.s2Fault(p, 0, 'translation', ad, ipa, s1ptw);
    if (ipa >= 2 ** inputSize) return this.s2Fault(p, 0, 'translation', ad, ipa, s1ptw);
    // QEMU 7.2 (check_s2_mmu_setup) also faults where the Arm ARM walks: it checks the start
    // level and the IPA size against VTCR_EL2.PS instead of PAMax.
    if (p.qemuRejects && c.qemuDeviation('s2-setup-checked-against-ps')) return this.s2Fault(p, 0, 'translation', ad, ipa, s1ptw);
    let table = p.ttb;
    if (table >= 2 ** p.oaBits) return this.s2Fault(p, 0, 'address-size', ad, ipa, s1ptw);
    const ws = this.s2State;
    for (let level = startLevel; level <= 3; level++) {
      const shift = (3 - level) * stride + grainBits;
      const bits = level === startLevel ? inputSize - shift : stride;
      const index = Math.floor(ipa / 2 ** shift) % 2 ** bits;
      const descPa = table + index * 8;
      ws.level = level;
      if (!this.readDescriptor(c, 2, descPa, ws, p.bigEndian)) return new FaultRecord('external-walk', level, true, s1ptw, ipa, ad);
      const lo = ws.lo, hi = ws.hi;
      if (!isSet32(lo, S2_DESC.VALID)) return this.s2Fault(p, level, 'translation', ad, ipa, s1ptw);
      const oa = outputAddress(lo, hi, grainBits, p.oa52);
      if (isSet32(lo, S2_DESC.TABLE) && level < 3) {
        if (oa >= 2 ** p.oaBits) return this.s2Fault(p, level, 'address-size', ad, ipa, s1ptw);
        table = oa;
        continue;
      }
      if (level === 3 && !isSet32(lo, S2_DESC.TABLE)) return this.s2Fault(p, level, 'translation', ad, ipa, s1ptw);
      // AArch64.BlockDescSupported: invalid, a Translation fault. QEMU 7.2 maps the block.
      if (level < 3 && !blockAllowed(grainBits, level, this.lpa) && !c.qemuDeviation('block-at-unsupported-level-accepted')) {
        return this.s2Fault(p, level, 'translation', ad, ipa, s1ptw);
      }
      if (oa >= 2 ** p.oaBits) return this.s2Fault(p, level, 'address-size', ad, ipa, s1ptw);
      // FEAT_HAFDBS (D8.4.6): VTCR_EL2.HA sets the access flag; VTCR_EL2.HD makes a write to
      // a page that is read-only with DBM set writable (S2AP[1] set) instead of faulting.
      if (!isSet32(lo, S2_DESC.AF)) {
        if (p.ha) this.setAccessFlag(c, descPa, p.bigEndian);
        else return this.s2Fault(p, level, 'access-flag', ad, ipa, s1ptw);
      }
      if (p.hd && !s1ptw && ad.write && (lo & S2AP1) === 0 && isSetHalves(lo, hi, S2_DESC.DBM)) {
        this.updateDescLo(c, descPa, lo | S2AP1 | AF, p.bigEndian);
        ws.lo = lo | S2AP1;
      }
      const f = this.s2CheckPermissions(p, ad, el, s1ptw, ipa, ws);
      if (f !== undefined) return f;
      this.observer?.walk(2, grainBits, level, 'ok', ipa);
      const memAttr = field32(lo, S2_DESC.MemAttr);
      out.oa = oa - oa % 2 ** shift + ipa % 2 ** shift;
      out.device = field32(memAttr, S2_MEMATTR.Outer) === 0;
      out.attr = memAttr;
      out.sh = field32(lo, S2_DESC.SH);
      return out;
    }
    throw new Error('unreachable: stage-2 walk fell through');
  }

  /**
   * AArch64.S2CheckPermissions (J1 aarch64/translation/vmsa_faults; D8.4): S2AP[1:0] and
   * XN[1:0] (FEAT_XNX) of the leaf descriptor in `ws`. A stage-1 walk's read needs read
   * permission; so does an exclusive or atomic write.
   */
  private s2CheckPermissions(p: S2TTWParams, ad: AccessDescriptor, el: number, s1ptw: boolean, ipa: number,
    ws: TTWState): FaultRecord | undefined {
    const s2ap = field32(ws.lo, S2_DESC.S2AP);
    if (s1ptw || !ad.exec) {
      if ((s2ap & S2AP_R) === 0 && (s1ptw || !ad.write || ad.exclusive)) return this.s2Fault(p, ws.level, 'permission', ad, ipa, s1ptw);
      if (!s1ptw && ad.write && (s2ap & S2AP_W) === 0) return this.s2Fault(p, ws.level, 'permission', ad, ipa, s1ptw);
    } else if (s2ExecuteNever(fieldOfHalves(ws.lo, ws.hi, S2_DESC.XN), el)) {
      return this.s2Fault(p, ws.level, 'permission', ad, ipa, s1ptw);
    }
    return undefined;
  }

  /** A stage-1 fault record, reported to the observer. */
  private s1Fault(p: S1TTWParams, level: number, type: FaultKind, ad: AccessDescriptor): FaultRecord {
    this.observer?.walk(1, p.grainBits, level, type);
    return new FaultRecord(type, level, false, false, undefined, ad);
  }

  /** A stage-2 fault record, reported to the observer (with the IPA: --strict looks for a stale entry of it). */
  private s2Fault(p: S2TTWParams, level: number, type: FaultKind, ad: AccessDescriptor, ipa: number, s1ptw: boolean): FaultRecord {
    this.observer?.walk(2, p.grainBits, level, type, ipa);
    return new FaultRecord(type, level, true, s1ptw, ipa, ad);
  }

  /**
   * The descriptor read of either stage's walk (AArch64.FetchDescriptor): into ws.lo/ws.hi,
   * false when no RAM is there (the caller's external abort on the walk, not reported to the
   * observer).
   */
  private readDescriptor(c: Cpu, stage: 1 | 2, pa: number, ws: TTWState, bigEndian: boolean): boolean {
    if (!c.mem.isRam(pa, 8)) return false;
    const o = (pa - c.mem.ramBase) >>> 2;
    const lo = c.mem.ram32[o], hi = c.mem.ram32[o + 1];
    // The observer (--strict) sees the words as they are in memory, as it sees their writes.
    this.observer?.descriptor?.(stage, pa, lo, hi);
    // A big-endian regime (SCTLR_ELx.EE) reads the doubleword byte-reversed.
    ws.lo = bigEndian ? rev32(hi) : lo;
    ws.hi = bigEndian ? rev32(lo) : hi;
    return true;
  }

  /** Hardware dirty-state update (FEAT_HAFDBS): the new low word of the descriptor at `pa`. */
  private updateDescLo(c: Cpu, pa: number, lo: number, bigEndian: boolean): void {
    if (this.probing) return;
    const o = (pa - c.mem.ramBase) >>> 2;
    if (bigEndian) c.mem.ram32[o + 1] = rev32(lo); // bits [31:0] are the doubleword's last four bytes
    else c.mem.ram32[o] = lo;
  }

  /** Hardware Access flag update (FEAT_HAFDBS) of the descriptor at `pa`. */
  private setAccessFlag(c: Cpu, pa: number, bigEndian: boolean): void {
    if (this.probing) return;
    const o = (pa - c.mem.ramBase) >>> 2;
    if (bigEndian) c.mem.ram32[o + 1] |= rev32(AF);
    else c.mem.ram32[o] |= AF;
  }

  /** The Data/Instruction Abort a fault record describes (AArch64.Abort, D17.2.40). */
  private reportFault(c: Cpu, f: FaultRecord, vaLo: number, vaHi: number): never {
    // A stage-2 fault on a stage-1 walk reports the stage-2 lookup's level (the fault record
    // AArch64.S2Translate returns); QEMU 7.2 reports the level of the stage-1 lookup instead.
    if (f.s1ptw) c.qemuDeviation('s1ptw-fault-level');
    const fsc = FSC_FOR[f.type] + f.level;
    const stage2 = f.stage2;
    const target = stage2 ? 2 : syncTargetFromLowEl(c);
    const lower = target > c.el;
    const far = farOf(vaLo, vaHi);
    if (f.access.exec) {
      const iss = (f.s1ptw ? IABT_S1PTW : 0) | fsc;
      raise(c, {
        ec: lower ? EC.IABT_LOWER : EC.IABT_CURRENT, iss, targetEl: target, far,
        ipa: stage2 ? f.ipa : undefined,
      });
    }
    // WnR is the instruction's (a store whose stage-1 walk faults at stage 2 reports WnR=1;
    // the ISS description permits WnR=0 only for atomics in that case). QEMU 7.2 agrees.
    let iss = fsc | (f.write ? WNR : 0) | (f.s1ptw ? DABT_S1PTW : 0);
    if (!f.s1ptw) iss |= instructionSyndrome(c, stage2, target);
    // CM for the DC by VA that translate as a write (DC IVAC); the others report CM = 0.
    if (f.write && f.access.cacheMaint) iss |= CM;
    raise(c, {
      ec: lower ? EC.DABT_LOWER : EC.DABT_CURRENT, iss, targetEl: target, far,
      ipa: stage2 ? f.ipa : undefined,
    });
  }

  /** Alignment fault (DFSC 0x21) on a data access; taken to the EL of the current regime. */
  alignmentFault(c: Cpu, vaLo: number, vaHi: number, acc: number): never {
    const target = syncTargetFromLowEl(c);
    let iss = FSC.ALIGNMENT | (accessFor(acc, false).write ? WNR : 0);
    if (target === 2 && c.op !== undefined && c.op.iss !== 0) iss |= c.op.iss;
    raise(c, {
      ec: target > c.el ? EC.DABT_LOWER : EC.DABT_CURRENT, iss, targetEl: target,
      far: farOf(vaLo, vaHi),
    });
  }

  /** Synchronous External abort: an access to a PA with nothing behind it (QEMU virt: decode error). */
  externalAbort(c: Cpu, vaLo: number, vaHi: number, acc: number, _pa: number): never {
    const ad = accessFor(acc, false);
    const target = syncTargetFromLowEl(c);
    const far = farOf(vaLo, vaHi);
    if (ad.exec) {
      raise(c, { ec: target > c.el ? EC.IABT_LOWER : EC.IABT_CURRENT, iss: FSC.SYNC_EXTERNAL, targetEl: target, far });
    }
    // Not a stage-2 abort: no instruction syndrome (but for QEMU's, when followed).
    const iss = FSC.SYNC_EXTERNAL | (ad.write ? WNR : 0) | instructionSyndrome(c, false, target);
    raise(c, { ec: target > c.el ? EC.DABT_LOWER : EC.DABT_CURRENT, iss, targetEl: target, far });
  }
}

/**
 * ISV and the instruction syndrome (SAS/SSE/SRT/SF/AR) of a Data Abort not on a stage-1
 * walk: only for a stage-2 abort (ESR_EL2 ISS encoding for a Data Abort: ISV is 0 for a
 * stage-1 fault or an External abort, also when taken to EL2), from the single-register loads
 * and stores that provide one. QEMU 7.2 also gives it for an abort from EL2 to EL2
 * (isv-for-stage1-aborts-at-el2): imitated only when followed.
 */
function instructionSyndrome(c: Cpu, stage2: boolean, target: number): number {
  if (c.op === undefined || c.op.iss === 0) return 0;
  if (stage2 || (target === 2 && c.el === 2 && c.qemuDeviation('isv-for-stage1-aborts-at-el2'))) return c.op.iss;
  return 0;
}

/**
 * A table, block or page descriptor's output address: OA[47:granule] in place, and with
 * FEAT_LPA (64K granule, 52-bit PS) OA[51:48] from bits [15:12] (D8.3.1; QEMU 7.2 ignores
 * those bits otherwise, as they are RES0).
 */
function outputAddress(lo: number, hi: number, grainBits: number, oa52: boolean): number {
  return (((lo >>> grainBits) << grainBits) >>> 0) + fieldOfHalves(lo, hi, DESC_OA.OA_HI) * 4294967296 +
    (oa52 ? field32(lo, S1_DESC.OA_LPA) * 2 ** 48 : 0);
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
/** strict-checker.ts's name for regimeOf (arch/regime.ts), until it imports that itself. */
