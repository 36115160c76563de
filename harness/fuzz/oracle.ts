// What a probe must do, derived from the case alone (the tables encode.ts built and the
// Arm ARM's rules, D8.3-D8.5 and D17.2.40), so that a bug QEMU and the model share is still
// caught. `undefined` fields are not predicted (only the two sides are compared there).

import type { QemuDeviationId } from '../../emulator/qemu-deviation-ids.ts';
import { levelShift, PS_BITS, type Probe, type S2Config } from './case.ts';
import { slotKey, type Encoded } from './encode.ts';
import { inPool, poolValue } from './layout.ts';

export type FaultKind = 'translation' | 'address-size' | 'access-flag' | 'permission';

export type Outcome =
  | { ok: true; pa: number }
  /** qemu72: the catalogued QEMU 7.2 deviation (harness/qemu-deviations.ts) QEMU takes here instead. */
  | { ok: false; fault: FaultKind; level: number; qemu72?: QemuDeviationId; s1ptw?: { descIpa: number } }
  /** Not predicted: CONSTRAINED UNPREDICTABLE, or outside what this oracle models. */
  | { ok: undefined; why: string };

/** The stage-2 translation of a probe from EL1 with stage 1 off (IPA = VA). */
export function expectTranslation(cfg: S2Config, enc: Encoded, p: Probe): Outcome {
  const g = cfg.granule;
  const ipaBits = 64 - cfg.t0sz;
  // AArch64 stage 2: an inconsistent SL0/T0SZ, or an IPA above the input size, finds no
  // base table: a Translation fault at level 0.
  if (!enc.legal || p.ipa >= 2 ** ipaBits) return { ok: false, fault: 'translation', level: 0 };
  for (let level = enc.startLevel; level <= 3; level++) {
    const s = enc.slots.get(slotKey(g, level, p.ipa));
    if (s === undefined) return { ok: false, fault: 'translation', level };
    if (s.kind === 'table') continue;
    const r = s.mapping.raw;
    // bits[1:0] = 0b01 at level 3, or a block where the granule has none: invalid.
    if (r.malformed === 'reserved-type' && level === 3) return { ok: false, fault: 'translation', level };
    if (level < 3 && !blockAllowed(g, level)) {
      return { ok: false, fault: 'translation', level, qemu72: 'block-at-unsupported-level-accepted' };
    }
    if (r.malformed === 'oa-beyond-ps' && PS_BITS[cfg.ps] < 48) return { ok: false, fault: 'address-size', level };
    if (!r.af) return { ok: false, fault: 'access-flag', level };
    // S2AP[0] read, S2AP[1] write; XN[1:0] for an EL1 fetch: 00 and 11 execute (FEAT_XNX).
    if (p.kind === 'exec') {
      if ((r.xn & 3) === 1 || (r.xn & 3) === 2) return { ok: false, fault: 'permission', level };
      if ((r.s2ap & 1) === 0) return { ok: undefined, why: 'fetch from a page without stage-2 read permission' };
      if ((r.memAttr & 0xc) === 0) return { ok: undefined, why: 'fetch from stage-2 Device memory' };
    } else if ((r.s2ap & (p.kind === 'write' ? 2 : 1)) === 0) {
      return { ok: false, fault: 'permission', level };
    }
    return { ok: true, pa: s.oa + (p.ipa % 2 ** levelShift(g, level)) };
  }
  return { ok: undefined, why: 'walk did not end' };
}

/**
 * The whole access: with stage 1 on (case.s1), the stage-1 walk's reads of the level-2 table
 * go through stage 2 first (a fault there is a stage-2 fault on a stage-1 table walk,
 * S1PTW, D8.? "stage 2 fault on a stage 1 translation table walk"); the level-1 table's page
 * is mapped valid and read-only, and the stub fetch checks it. Then the IPA (= the VA).
 */
export function expectAccess(cfg: S2Config, enc: Encoded, p: Probe): Outcome {
  const s1 = enc.s1;
  if (s1) {
    const tableRead = (descIpa: number): Outcome | undefined => {
      const o = expectTranslation(cfg, enc, { index: -1, kind: 'read', size: 8, ipa: descIpa, value: 0n });
      if (o.ok === false) return { ...o, s1ptw: { descIpa } };
      return o.ok === undefined ? o : undefined;
    };
    const l1 = tableRead(s1.l1Ipa + Math.floor(p.ipa / 2 ** 30) * 8);
    if (l1) return l1;
    if (s1.l2 && s1.l2Region === Math.floor(p.ipa / 2 ** 30)) {
      const l2 = tableRead(s1.l2.ipa + (Math.floor(p.ipa / 2 ** 21) % 512) * 8);
      if (l2) return l2;
    }
  }
  return expectTranslation(cfg, enc, p);
}

function blockAllowed(g: number, level: number): boolean {
  if (g === 12) return level === 1 || level === 2;
  if (g === 14) return level === 2;
  return level === 1 || level === 2;
}

/** A field the oracle predicts only in the bits of `mask`. */
export interface MaskedField {
  value: bigint;
  mask: bigint;
}

/** A probe's expected output line (the fuzz image's format), field by field. */
export interface ExpectedLine {
  tag: 'K' | 'A' | 'X';
  fields: (bigint | MaskedField | undefined)[];
}

const DFSC: Record<FaultKind, number> = { 'address-size': 0x00, translation: 0x04, 'access-flag': 0x08, permission: 0x0c };

export function expectLine(o: Outcome, p: Probe): ExpectedLine | undefined {
  if (o.ok === undefined) return undefined;
  if (o.ok) {
    if (p.kind === 'exec') return { tag: 'X', fields: [BigInt(Math.floor(o.pa / 4) & 0xffff), BigInt(p.ipa + 4)] };
    if (p.kind === 'read') return { tag: 'K', fields: [inPool(o.pa, p.size) ? poolValue(o.pa, p.size) : undefined] };
    const base = o.pa - (o.pa % 8);
    let mem = poolValue(base, 8);
    const shift = BigInt((o.pa % 8) * 8), mask = ((1n << BigInt(p.size * 8)) - 1n) << shift;
    mem = (mem & ~mask) | ((p.value << shift) & mask);
    return { tag: 'K', fields: [p.value, mem] };
  }
  // ESR_EL2 (D17.2.40): EC, IL = 1, and for these single-register loads and stores a valid
  // instruction syndrome: ISV, SAS, SSE = 0, SRT = 1 (x1/w1), SF, AR = 0; WnR; DFSC/IFSC.
  const fsc = BigInt(DFSC[o.fault] | o.level);
  if (o.s1ptw) {
    // S1PTW: EC, IL, S1PTW (bit 7) and the DFSC/IFSC are predicted; the rest of the ISS
    // (ISV, WnR) is left to the comparison of the two sides. HPFAR: the descriptor's IPA.
    const esr = (p.kind === 'exec' ? 0x20n : 0x24n) << 26n | 1n << 25n | 1n << 7n | fsc;
    return { tag: 'A', fields: [{ value: esr, mask: 0xfc000000n | 1n << 25n | 1n << 7n | 0x3fn }, BigInt(p.ipa),
      BigInt(Math.floor(o.s1ptw.descIpa / 4096)) << 4n] };
  }
  let esr: bigint;
  if (p.kind === 'exec') esr = 0x20n << 26n | 1n << 25n | fsc;
  else {
    esr = 0x24n << 26n | 1n << 25n | 1n << 24n | BigInt(Math.log2(p.size)) << 22n | 1n << 16n |
      (p.size === 8 ? 1n << 15n : 0n) | (p.kind === 'write' ? 1n << 6n : 0n) | fsc;
  }
  return { tag: 'A', fields: [esr, BigInt(p.ipa), BigInt(Math.floor(p.ipa / 4096)) << 4n] };
}
