// The system register table: one row per register carrying all of its behaviour
// (encoding, access per EL, reset value, feature gate, traps, FEAT_VHE aliases, whether it
// controls translation), looked up in O(1) by encoding or by name. Rows are declared by the
// room that owns the register (sysregs.ts for the core, gic-sysregs.ts, generic-timer.ts,
// pmu.ts, software-step.ts) with defineSysRegs; sysreg-rooms.ts derives the name type from
// those tables, so a misspelt register name does not compile.
//
// Encodings are (op0, op1, CRn, CRm, op2) as in the Arm ARM's system register index
// (DDI 0487 D19). Later columns (FEAT_FGT fine-grained trap bits, FEAT_NV2 VNCR offsets)
// belong on SysRegSpec beside `traps` and `vhe`.

import type { Cpu } from './cpu.ts';
import type { Features } from './features.ts';
import type { Regime } from './arch/regime.ts';
import type { SysRegName } from './sysreg-rooms.ts';
import type { TrapGroup } from './sysreg-traps.ts';
import { spaceTrapGroups } from './sysreg-traps.ts';

/** Key of an encoding: bits [19:5] of an MRS/MSR instruction. */
export function sysregKey(op0: number, op1: number, crn: number, crm: number, op2: number): number {
  return ((op0 & 1) << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;
}

export function keyFields(key: number): [number, number, number, number, number] {
  return [2 + ((key >>> 14) & 1), (key >>> 11) & 7, (key >>> 7) & 15, (key >>> 3) & 15, key & 7];
}

/** The key with op1 replaced (the *_EL12 / *_EL02 forms use op1 = 5). */
const withOp1 = (key: number, op1: number): number => (key & ~(7 << 11)) | (op1 << 11);

/**
 * One register as its room declares it. Behaviour functions must declare their return type
 * (`(c): bigint => ...`): the name type is derived from these tables, and an inferred return
 * type would make it depend on itself.
 */
export interface SysRegSpec {
  /** (op0, op1, CRn, CRm, op2). */
  enc: readonly [number, number, number, number, number];
  /** Lowest exception level that may access it (lower ELs: UNDEFINED). */
  minEl: number;
  readonly?: boolean;
  writeonly?: boolean;
  /** Accesses are subject to the FP/SIMD traps (CPACR_EL1.FPEN, CPTR_EL2.TFP). */
  fp?: boolean;
  /** Custom behaviour; plain storage when absent. */
  read?: (c: Cpu) => bigint;
  write?: (c: Cpu, v: bigint) => void;
  /** The register exists only with this feature (otherwise its encoding is UNDEFINED). */
  feature?: keyof Features;
  /**
   * The register exists only while this holds on the PE (a numbered register beyond the count
   * its ID register reports): otherwise its encoding is UNDEFINED, before any trap to EL2.
   */
  implemented?: (c: Cpu) => boolean;
  /**
   * The register's own EL0 access control (PMUSERENR_EL0, SCTLR_EL1.TSCXT ...): raises its
   * trap (to EL1, or EL2 with TGE) for a denied EL0 access. Checked before the traps to EL2, as
   * each register's accessibility pseudocode tests the EL1 controls of EL0 first.
   */
  el0Access?: (c: Cpu, read: boolean) => void;
  /** Value at reset (QEMU 7.2's, the architecture leaves most UNKNOWN); 0 when absent. */
  reset?: bigint;
  /**
   * Traps to EL2 of EL0/EL1 accesses by HCR_EL2/MDCR_EL2 bits (sysreg-traps.ts), beyond
   * those that apply to its whole encoding space (ID space: TID3, debug: TDA, ...).
   */
  traps?: readonly TrapGroup[];
  /**
   * FEAT_VHE (D1.6): with HCR_EL2.E2H = 1, an EL2 access by this (EL1/EL0) name reaches
   * `el2`, and the op1 = 5 encoding (*_EL12 / *_EL02) reaches this register when `alias`.
   */
  vhe?: { el2?: `${string}_EL2`; alias?: boolean };
  /** A write changes translation or permission checks: the software TLB is dropped. */
  translation?: boolean;
  /** The regimes whose translation reads it: --strict checks for an ISB after a write. */
  strictRegimes?: readonly Regime[];
}

/** A row of the table: the spec with its name, key and the traps of its encoding space. */
export interface SysRegDef extends SysRegSpec {
  readonly name: SysRegName;
  readonly key: number;
  /** Every trap group that applies to it: its own and its encoding space's. */
  readonly trapGroups: readonly TrapGroup[];
}

const defs: SysRegDef[] = [];
const byKey = new Map<number, SysRegDef>();
const byName = new Map<string, SysRegDef>();
/** op1 = 5 encodings (FEAT_VHE *_EL12 / *_EL02) by key -> the EL1/EL0 register they reach. */
const el12ByKey = new Map<number, SysRegDef>();

type Rows = Record<string, SysRegSpec>;

/**
 * Adds a room's registers to the table and returns them by name: named rows, then up to four
 * numbered families (numberedSysRegs; passed apart because spreading them into the named rows
 * would drop their `PMEVCNTR${number}_EL0` key patterns from the name type). A later room may
 * replace a register an earlier one declared (the same name): its row wins.
 */
export function defineSysRegs<R extends Rows, F1 extends Rows = {}, F2 extends Rows = {}, F3 extends Rows = {}, F4 extends Rows = {}>(
  rows: R, ...families: [F1?, F2?, F3?, F4?]): { [K in keyof (R & F1 & F2 & F3 & F4)]: SysRegDef } {
  const out: Record<string, SysRegDef> = {};
  for (const table of [rows, ...families]) {
    for (const [name, spec] of Object.entries(table ?? {})) out[name] = addRow(name, spec);
  }
  return out as { [K in keyof (R & F1 & F2 & F3 & F4)]: SysRegDef };
}

function addRow(name: string, spec: SysRegSpec): SysRegDef {
  const key = sysregKey(...spec.enc);
  const holder = byKey.get(key);
  if (holder && holder.name !== name) throw new Error(`system register table: ${name} has the encoding of ${holder.name}`);
  const existing = byName.get(name);
  if (existing) {
    byKey.delete(existing.key);
    defs.splice(defs.indexOf(existing), 1);
  }
  const d: SysRegDef = {
    ...spec, name: name as SysRegName, key,
    trapGroups: [...new Set([...(spec.traps ?? []), ...spaceTrapGroups(key)])],
  };
  defs.push(d);
  byKey.set(key, d);
  byName.set(name, d);
  if (spec.vhe?.alias) el12ByKey.set(withOp1(key, 5), d);
  return d;
}

/** A family of numbered registers (PMEVCNTR<n>_EL0, DBGBVR<n>_EL1, ICH_LR<n>_EL2, ...). */
export function numberedSysRegs<P extends string, S extends string>(prefix: P, suffix: S, count: number,
  spec: (n: number) => SysRegSpec): Record<`${P}${number}${S}`, SysRegSpec> {
  const rows: Record<string, SysRegSpec> = {};
  for (let n = 0; n < count; n++) rows[`${prefix}${n}${suffix}`] = spec(n);
  return rows as Record<`${P}${number}${S}`, SysRegSpec>;
}

export function lookupSysReg(key: number): SysRegDef | undefined {
  return byKey.get(key);
}

export function sysRegByName(name: string): SysRegDef | undefined {
  return byName.get(name);
}

/** The EL1/EL0 register an op1 = 5 encoding names (SCTLR_EL12 -> SCTLR_EL1), if any. */
export function el12Target(key: number): SysRegDef | undefined {
  return el12ByKey.get(key);
}

export function allSysRegs(): readonly SysRegDef[] {
  return defs;
}
