// AT (address translation) instructions (Arm ARM C5.5, pseudocode AArch64.AT): translate a
// VA for a named regime and access, and write the result or the fault to PAR_EL1 — or, for
// a stage-2 fault on the stage-1 walk of an AT S1E0*/S1E1* executed at EL1, take it to EL2.

import type { Cpu } from './cpu.ts';
import type { AtOutcome, AtRequest, Mmu } from './mmu.ts';
import { FSC_FOR } from './translation/fault.ts';
import { field32, fieldValue, fieldValue32, isSet, isSet32, withField32 } from './arch/field.ts';
import { HCR_EL2, MAIR_ATTR, MAIR_NIBBLE, PAR_EL1, S2_MEMATTR, S2_MEMATTR_FWB } from './arch/registers.ts';
import { inHost, isE2H } from './arch/regime.ts';
import type { AtOperation } from './sys-instructions.ts';

/** The translation an AT instruction's row asks for (sys-instructions.ts), as the walk request. */
export function atRequestFor(c: Cpu, at: AtOperation): AtRequest {
  // With HCR_EL2.{E2H,TGE} = {1,1} the EL1/EL0 forms translate in the EL2&0 regime.
  const e20 = inHost(c);
  const low = (el: number): Pick<AtRequest, 'regime' | 'el'> => (e20 ? { regime: 'el20', el: el === 1 ? 2 : 0 } : { regime: 'el10', el });
  switch (at.stage) {
    case 'S1E1': return { ...low(1), write: at.write, stage12: false, pan: at.pan };
    case 'S1E0': return { ...low(0), write: at.write, stage12: false, pan: false };
    case 'S1E2': return { regime: isE2H(c) ? 'el20' : 'el2', el: 2, write: at.write, stage12: false, pan: false };
    case 'S12E1': return { ...low(1), write: at.write, stage12: true, pan: false };
    case 'S12E0': return { ...low(0), write: at.write, stage12: true, pan: false };
  }
}

/** Executes an AT instruction (its row's operation). */
export function addressTranslate(c: Cpu, mmu: Mmu, at: AtOperation, vaLo: number, vaHi: number): void {
  const req = atRequestFor(c, at);
  const r = mmu.atWalk(c, vaLo, vaHi, req);
  if (!r.ok && r.s1ptw && c.el === 1 && req.regime === 'el10') {
    // D8.12 "Address translation instructions": a stage-2 fault on the stage-1 walk of an AT
    // executed at EL1 is taken to EL2 as a Data Abort, not reported in PAR_EL1.
    mmu.atStage2Abort(c, r, vaLo, vaHi);
  }
  c.sr.set('PAR_EL1', parFor(c, r, c.sr.get('HCR_EL2')));
}

/** PAR_EL1 in its 64-bit format (D17.2.112): F, FST, S, PTW on a fault; PA, NS, SH, ATTR otherwise. */
export function parFor(c: Cpu, r: AtOutcome, hcr: bigint): bigint {
  const RES1 = fieldValue(PAR_EL1.RES1);
  if (!r.ok) {
    return RES1 | fieldValue(PAR_EL1.F) | fieldValue(PAR_EL1.FST, FSC_FOR[r.type] + r.level) |
      (r.stage2 ? fieldValue(PAR_EL1.S) : 0n) | (r.s1ptw ? fieldValue(PAR_EL1.PTW) : 0n);
  }
  let attr = r.s1Attr, sh = r.s1Sh;
  if (r.s2) {
    const fwb = isSet(hcr, HCR_EL2.FWB);
    ({ attr, sh } = combineS1S2(r.s1Attr, r.s1Sh, r.s2.memAttr, r.s2.sh, fwb));
    const qemuAttr = qemu72DeviceCombine(r.s1Attr, s2AttrByte(r.s2.memAttr), attr);
    if (!fwb && attr !== qemuAttr && c.qemuDeviation('device-type-from-normal-attributes')) attr = qemuAttr;
  }
  const encoded = parShareability(attr, sh);
  // QEMU 7.2 keeps the descriptor's SH for a stage-1-only result.
  if (r.s2 || encoded === sh || !c.qemuDeviation('par-sh-device-nc-stage1')) sh = encoded;
  // NS (bit 9): QEMU's virt CPU without EL3 runs in Non-secure state; QEMU 7.2 sets NS.
  return RES1 | (BigInt(r.pa) & PAR_EL1.PA.inPlace) | fieldValue(PAR_EL1.NS) | fieldValue(PAR_EL1.SH, sh) |
    fieldValue(PAR_EL1.ATTR, attr);
}

// Memory attribute encodings (MAIR attribute bytes, D19.2 MAIR_ELx; stage-2 MemAttr, D8.5.5).
/** Normal memory, Inner and Outer Non-cacheable. */
const NORMAL_NC = 0x44;
/** A Non-cacheable nibble, and a Write-Back read/write-allocate one. */
const NC_NIBBLE = 0b0100, WB_RWA_NIBBLE = 0b1111;
/** Shareability (SH[1:0]): Non-shareable, Outer Shareable, Inner Shareable. */
const SH_NON = 0b00, SH_OUTER = 0b10, SH_INNER = 0b11;

const isDevice = (attr: number): boolean => field32(attr, MAIR_ATTR.Outer) === 0;
const attrByte = (outer: number, inner: number): number =>
  fieldValue32(MAIR_ATTR.Outer, outer) | fieldValue32(MAIR_ATTR.Inner, inner);
const deviceAttr = (type: number): number => fieldValue32(MAIR_ATTR.DeviceType, type);

/**
 * PAREncodeShareability: Device and Normal Inner+Outer Non-cacheable memory report Outer
 * Shareable (0b10) whatever the descriptor says.
 */
function parShareability(attr: number, sh: number): number {
  if (isDevice(attr) || attr === NORMAL_NC) return SH_OUTER;
  return sh;
}

/** Stage-2 MemAttr[3:0] as a MAIR-style byte (S2 cacheable -> read/write-allocate hints, as QEMU 7.2). */
function s2AttrByte(memAttr: number): number {
  const outer = field32(memAttr, S2_MEMATTR.Outer), inner = field32(memAttr, S2_MEMATTR.Inner);
  if (outer === 0) return deviceAttr(inner); // Device, type in MemAttr[1:0]
  // MemAttr cacheability 0b01 Non-cacheable, 0b10 Write-Through, 0b11 Write-Back.
  const nibble = (v: number): number =>
    (v === 0b01 ? NC_NIBBLE : fieldValue32(MAIR_NIBBLE.Policy, v) | fieldValue32(MAIR_NIBBLE.RW, 0b11));
  return attrByte(nibble(outer), nibble(inner));
}

/** Combining one cacheability nibble of stage 1 with stage 2 (D8.5.5): the weaker wins, hints from stage 1. */
function combineNibble(s1: number, s2: number): number {
  if (s1 === NC_NIBBLE || s2 === NC_NIBBLE) return NC_NIBBLE;
  const s1Policy = field32(s1, MAIR_NIBBLE.Policy);
  if (s1Policy === 0b00 || s1Policy === 0b10) return s1; // stage-1 Write-Through (transient or not)
  if (field32(s2, MAIR_NIBBLE.Policy) === 0b10) return withField32(s1, MAIR_NIBBLE.Policy, 0b10); // stage-2 Write-Through, stage-1 hints
  return s1;
}

/**
 * FWB MemAttr 0b110: Write-Back, keeping stage 1's allocation hints where stage 1 was
 * cacheable (read/write-allocate otherwise), as QEMU 7.2 combines them.
 */
function forceWriteBack(s1Attr: number): number {
  if (isDevice(s1Attr)) return attrByte(WB_RWA_NIBBLE, WB_RWA_NIBBLE);
  const nibble = (v: number): number =>
    (v === NC_NIBBLE || field32(v, MAIR_NIBBLE.RW) === 0 ? WB_RWA_NIBBLE : withField32(v, MAIR_NIBBLE.Policy, 0b11));
  return attrByte(nibble(field32(s1Attr, MAIR_ATTR.Outer)), nibble(field32(s1Attr, MAIR_ATTR.Inner)));
}

/**
 * The Device type QEMU 7.2 gives a Device x Normal combination (combined_attrs_nofwb): it
 * takes the strongest of both low nibbles as if both were Device types, so a Normal side
 * whose inner nibble is 0x0/0x4/0x8 (e.g. Inner Non-cacheable) strengthens the Device type.
 * The architecture takes the Device side's type (D8.5.5). Returns `arch` where they agree.
 */
function qemu72DeviceCombine(s1: number, s2: number, arch: number): number {
  if (isDevice(s1) === isDevice(s2)) return arch;
  const inner = [field32(s1, MAIR_ATTR.Inner), field32(s2, MAIR_ATTR.Inner)];
  return Math.min(...inner.map((n) => (n === 0 || n === 4 || n === 8 ? n : 0xc)));
}

/** Combined memory attributes and shareability of the two stages (D8.5.5, with FEAT_S2FWB). */
function combineS1S2(s1Attr: number, s1Sh: number, s2MemAttr: number, s2Sh: number, fwb: boolean): { attr: number; sh: number } {
  let attr: number;
  if (fwb) {
    // HCR_EL2.FWB: stage 2 MemAttr[2] = 0 forces Device; 0b101 Normal NC (Device from stage 1
    // stays); 0b110 forces Write-Back; 0b111 uses stage 1's attributes.
    // MemAttr[3] set or 0b100 are reserved: QEMU 7.2 treats them as Device-nGnRnE; so do we.
    const type = field32(s2MemAttr, S2_MEMATTR_FWB.Type);
    if (isSet32(s2MemAttr, S2_MEMATTR_FWB.RES) || type === 0b100) attr = deviceAttr(0);
    else if (!isSet32(s2MemAttr, S2_MEMATTR_FWB.Normal)) attr = deviceAttr(field32(s2MemAttr, S2_MEMATTR_FWB.DeviceType));
    else if (type === 0b101) attr = isDevice(s1Attr) ? s1Attr : NORMAL_NC;
    else if (type === 0b110) attr = forceWriteBack(s1Attr);
    else attr = s1Attr;
  } else {
    const s2 = s2AttrByte(s2MemAttr);
    const s1Dev = isDevice(s1Attr), s2Dev = isDevice(s2);
    if (s1Dev && s2Dev) {
      // The stronger Device type.
      attr = deviceAttr(Math.min(field32(s1Attr, MAIR_ATTR.DeviceType), field32(s2, MAIR_ATTR.DeviceType)));
    } else if (s1Dev) attr = s1Attr;
    else if (s2Dev) attr = s2;
    else {
      attr = attrByte(combineNibble(field32(s1Attr, MAIR_ATTR.Outer), field32(s2, MAIR_ATTR.Outer)),
        combineNibble(field32(s1Attr, MAIR_ATTR.Inner), field32(s2, MAIR_ATTR.Inner)));
    }
  }
  // Shareability: Outer if either is Outer, else Inner if either is Inner, else Non-shareable.
  const sh = s1Sh === SH_OUTER || s2Sh === SH_OUTER ? SH_OUTER : s1Sh === SH_INNER || s2Sh === SH_INNER ? SH_INNER : SH_NON;
  return { attr, sh };
}
