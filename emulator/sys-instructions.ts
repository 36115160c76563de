// The SYS instructions (TLBI, DC, IC, AT; Arm ARM C5.3-C5.5), one row each: encoding,
// lowest EL, feature gate, the HCR_EL2 bit that traps it from EL0/EL1, and what kind of
// operation it is (isa/system.ts runs each kind). An encoding without a row is UNDEFINED,
// as in QEMU 7.2, whose tables list exactly the allocated ones. Later columns (FEAT_FGT's
// HFGITR_EL2 bit per instruction) belong beside `trap`.

import type { Field } from './arch/field.ts';
import { HCR_EL2 } from './arch/registers.ts';
import type { Features } from './features.ts';

export type SysInsnKind = 'tlbi' | 'ic' | 'dc-va' | 'dc-sw' | 'dc-zva' | 'at' | 'predres';

/** The translation an AT instruction asks for (C5.5): its stage(s) and EL, access, PAN. */
export interface AtOperation {
  /** S1E0/S1E1: stage 1 of EL1&0 (or EL2&0 with {E2H,TGE} = {1,1}); S1E2: EL2's; S12E*: both stages. */
  stage: 'S1E0' | 'S1E1' | 'S1E2' | 'S12E0' | 'S12E1';
  write: boolean;
  /** S1E1RP/S1E1WP (FEAT_PAN2): PSTATE.PAN applies; other AT S1E1* ignore it. */
  pan: boolean;
}

/**
 * What a TLBI invalidates (C5.5.x): EL1&0 stage 1 (all of this VMID's, or by VA), EL2's
 * (all, or by VA), stage 2 of this VMID (by IPA, or all), all of EL1&0 (ALLE1), or this
 * VMID's stage 1 and stage 2 (VMALLS12E1). Range forms invalidate at least their range: the
 * model treats them as their "all" scope (over-invalidation is always allowed).
 */
export type TlbiScope = 'el1-all' | 'el1-va' | 'el2-all' | 'el2-va' | 's2-ipa' | 's2-all' | 'el10-all' | 'el10-vmid';

export interface SysInsnDef {
  readonly name: string;
  /** SYS #op1, Cn, Cm, #op2 as bits [18:5] of the instruction. */
  readonly key: number;
  readonly minEl: number;
  readonly kind: SysInsnKind;
  readonly feature?: keyof Features;
  /** HCR_EL2 bit that traps it from EL0/EL1 to EL2 (D19.2.48). */
  readonly trap?: Field;
  /** DC by VA: translated as a write (DC IVAC invalidates, so it needs write permission). */
  readonly asWrite?: boolean;
  readonly at?: AtOperation;
  readonly tlbi?: TlbiScope;
}

export const sysInsnKey = (op1: number, crn: number, crm: number, op2: number): number =>
  (op1 << 11) | (crn << 7) | (crm << 3) | op2;

/** The lowest EL of a SYS encoding by its op1 (C5.3): 0 EL1, 3 EL0, 4 EL2, 6 EL3. */
const minElOfOp1 = (op1: number): number => (op1 === 4 ? 2 : op1 === 6 ? 3 : op1 === 3 ? 0 : 1);

const rows = new Map<number, SysInsnDef>();

function row(name: string, op1: number, crn: number, crm: number, op2: number, kind: SysInsnKind,
  extra: Partial<Pick<SysInsnDef, 'feature' | 'trap' | 'asWrite' | 'at' | 'tlbi'>> = {}): void {
  const key = sysInsnKey(op1, crn, crm, op2);
  rows.set(key, { name, key, minEl: minElOfOp1(op1), kind, ...extra });
}

export function lookupSysInsn(key: number): SysInsnDef | undefined {
  return rows.get(key);
}

export function allSysInsns(): readonly SysInsnDef[] {
  return [...rows.values()];
}

// ---- TLBI (C5.5.x, the TLB maintenance instructions); EL1 forms trapped by HCR_EL2.TTLB ----
// Per CRm of op1 = 0 (EL1) and op1 = 4 (EL2): [op2, name, scope]; the form is "<name><suffix>".
type TlbiForm = [number, string, TlbiScope];
const TLBI_EL1: TlbiForm[] = [
  [0, 'VMALLE1', 'el1-all'], [1, 'VAE1', 'el1-va'], [2, 'ASIDE1', 'el1-all'], [3, 'VAAE1', 'el1-va'],
  [5, 'VALE1', 'el1-va'], [7, 'VAALE1', 'el1-va'],
];
const TLBI_EL1_RANGE: TlbiForm[] = [[1, 'RVAE1', 'el1-all'], [3, 'RVAAE1', 'el1-all'], [5, 'RVALE1', 'el1-all'], [7, 'RVAALE1', 'el1-all']];
const TLBI_EL2: TlbiForm[] = [
  [0, 'ALLE2', 'el2-all'], [1, 'VAE2', 'el2-va'], [4, 'ALLE1', 'el10-all'], [5, 'VALE2', 'el2-va'], [6, 'VMALLS12E1', 'el10-vmid'],
];
const TLBI_EL2_RANGE: TlbiForm[] = [[1, 'RVAE2', 'el2-all'], [5, 'RVALE2', 'el2-all']];
// Stage 2 by IPA: CRm = 0 (IS) and 4 (non-shareable and OS).
const TLBI_IPA: [number, number, string, TlbiScope, 'tlbios' | 'tlbirange' | undefined][] = [
  [0, 1, 'IPAS2E1IS', 's2-ipa', undefined], [0, 5, 'IPAS2LE1IS', 's2-ipa', undefined],
  [0, 2, 'RIPAS2E1IS', 's2-all', 'tlbirange'], [0, 6, 'RIPAS2LE1IS', 's2-all', 'tlbirange'],
  [4, 1, 'IPAS2E1', 's2-ipa', undefined], [4, 5, 'IPAS2LE1', 's2-ipa', undefined],
  [4, 0, 'IPAS2E1OS', 's2-ipa', 'tlbios'], [4, 4, 'IPAS2LE1OS', 's2-ipa', 'tlbios'],
  [4, 2, 'RIPAS2E1', 's2-all', 'tlbirange'], [4, 6, 'RIPAS2LE1', 's2-all', 'tlbirange'],
  [4, 3, 'RIPAS2E1OS', 's2-all', 'tlbirange'], [4, 7, 'RIPAS2LE1OS', 's2-all', 'tlbirange'],
];
for (const [op1, groups] of [
  [0, [[7, '', TLBI_EL1, undefined], [3, 'IS', TLBI_EL1, undefined], [1, 'OS', TLBI_EL1, 'tlbios'],
    [6, '', TLBI_EL1_RANGE, 'tlbirange'], [2, 'IS', TLBI_EL1_RANGE, 'tlbirange'], [5, 'OS', TLBI_EL1_RANGE, 'tlbirange']]],
  [4, [[7, '', TLBI_EL2, undefined], [3, 'IS', TLBI_EL2, undefined], [1, 'OS', TLBI_EL2, 'tlbios'],
    [6, '', TLBI_EL2_RANGE, 'tlbirange'], [2, 'IS', TLBI_EL2_RANGE, 'tlbirange'], [5, 'OS', TLBI_EL2_RANGE, 'tlbirange']]],
] as const) {
  for (const [crm, suffix, forms, feature] of groups) {
    for (const [op2, name, scope] of forms) {
      row(`TLBI ${name}${suffix}`, op1, 8, crm, op2, 'tlbi', {
        tlbi: scope, ...(op1 === 0 ? { trap: HCR_EL2.TTLB } : {}), ...(feature ? { feature } : {}),
      });
    }
  }
}
for (const [crm, op2, name, scope, feature] of TLBI_IPA) row(`TLBI ${name}`, 4, 8, crm, op2, 'tlbi', { tlbi: scope, ...(feature ? { feature } : {}) });

// ---- instruction cache (C5.3): no cache is modelled; the decoded-code caches are dropped ----
row('IC IALLUIS', 0, 7, 1, 0, 'ic', { trap: HCR_EL2.TPU });
row('IC IALLU', 0, 7, 5, 0, 'ic', { trap: HCR_EL2.TPU });
row('IC IVAU', 3, 7, 5, 1, 'ic', { trap: HCR_EL2.TPU });

// ---- data cache (C5.3): by set/way (no caches), by VA (translated for its faults), DC ZVA ----
row('DC IVAC', 0, 7, 6, 1, 'dc-va', { trap: HCR_EL2.TPCP, asWrite: true });
row('DC ISW', 0, 7, 6, 2, 'dc-sw', { trap: HCR_EL2.TSW });
row('DC CSW', 0, 7, 10, 2, 'dc-sw', { trap: HCR_EL2.TSW });
row('DC CISW', 0, 7, 14, 2, 'dc-sw', { trap: HCR_EL2.TSW });
row('DC ZVA', 3, 7, 4, 1, 'dc-zva', { trap: HCR_EL2.TDZ });
row('DC CVAC', 3, 7, 10, 1, 'dc-va', { trap: HCR_EL2.TPCP });
row('DC CVAU', 3, 7, 11, 1, 'dc-va', { trap: HCR_EL2.TPU });
row('DC CVAP', 3, 7, 12, 1, 'dc-va', { trap: HCR_EL2.TPCP, feature: 'dpb' });
row('DC CVADP', 3, 7, 13, 1, 'dc-va', { trap: HCR_EL2.TPCP, feature: 'dpb2' });
row('DC CIVAC', 3, 7, 14, 1, 'dc-va', { trap: HCR_EL2.TPCP });

// ---- prediction restriction (FEAT_SPECRES, C5.3): no predictor is modelled; at EL0 they
// need SCTLR_ELx.EnRCTX ----
row('CFP RCTX', 3, 7, 3, 4, 'predres', { feature: 'specres' });
row('DVP RCTX', 3, 7, 3, 5, 'predres', { feature: 'specres' });
row('CPP RCTX', 3, 7, 3, 7, 'predres', { feature: 'specres' });

// ---- address translation (C5.5): not trapped by HCR_EL2 ----
const at = (stage: AtOperation['stage'], write: boolean, pan = false): { at: AtOperation } => ({ at: { stage, write, pan } });
row('AT S1E1R', 0, 7, 8, 0, 'at', at('S1E1', false));
row('AT S1E1W', 0, 7, 8, 1, 'at', at('S1E1', true));
row('AT S1E0R', 0, 7, 8, 2, 'at', at('S1E0', false));
row('AT S1E0W', 0, 7, 8, 3, 'at', at('S1E0', true));
row('AT S1E1RP', 0, 7, 9, 0, 'at', { feature: 'pan2', ...at('S1E1', false, true) });
row('AT S1E1WP', 0, 7, 9, 1, 'at', { feature: 'pan2', ...at('S1E1', true, true) });
row('AT S1E2R', 4, 7, 8, 0, 'at', at('S1E2', false));
row('AT S1E2W', 4, 7, 8, 1, 'at', at('S1E2', true));
row('AT S12E1R', 4, 7, 8, 4, 'at', at('S12E1', false));
row('AT S12E1W', 4, 7, 8, 5, 'at', at('S12E1', true));
row('AT S12E0R', 4, 7, 8, 6, 'at', at('S12E0', false));
row('AT S12E0W', 4, 7, 8, 7, 'at', at('S12E0', true));
