// System registers: the table (encoding -> name, lowest EL allowed, behaviour) and the
// storage. Encodings are (op0, op1, CRn, CRm, op2) as in the Arm ARM's system register
// index (DDI 0487 D19 / "AArch64 System Register Descriptions").
// Reset values are QEMU 7.2's (the architecture leaves most of them UNKNOWN).

import type { Cpu } from './cpu.ts';
import { hcrEl2ValidMask, type Features } from './features.ts';
import { ccsidrName, type IdRegisters } from './profiles.ts';

/** Key of an encoding: bits [19:5] of an MRS/MSR instruction. */
export function sysregKey(op0: number, op1: number, crn: number, crm: number, op2: number): number {
  return ((op0 & 1) << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;
}

export function keyFields(key: number): [number, number, number, number, number] {
  return [2 + ((key >>> 14) & 1), (key >>> 11) & 7, (key >>> 7) & 15, (key >>> 3) & 15, key & 7];
}

export interface SysRegDef {
  name: string;
  key: number;
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
}

export class SysRegFile {
  private readonly v = new Map<string, bigint>();

  get(name: string): bigint {
    return this.v.get(name) ?? 0n;
  }

  set(name: string, value: bigint): void {
    this.v.set(name, BigInt.asUintN(64, value));
  }

  /**
   * SCTLR of the translation regime the given EL's accesses use: EL2 (and EL0 in the
   * EL2&0 host regime, HCR_EL2.{E2H,TGE} = {1,1}) use SCTLR_EL2.
   */
  sctlrFor(el: number): bigint {
    if (el >= 2) return this.get('SCTLR_EL2');
    if (el === 0 && (this.get('HCR_EL2') & ((1n << 34n) | (1n << 27n))) === ((1n << 34n) | (1n << 27n))) {
      return this.get('SCTLR_EL2');
    }
    return this.get('SCTLR_EL1');
  }

  /** Reset with the CPU's identification values (profiles.ts; CCSIDR values under their own names). */
  reset(ids: IdRegisters): void {
    this.v.clear();
    for (const [name, value] of Object.entries(ids)) this.set(name, value);
    // Reset values of QEMU 7.2 (virt, virtualization=on), read back from QEMU with a probe image.
    this.set('SCTLR_EL1', 0xc50838n);
    this.set('MDCR_EL2', 6n);
    this.set('CNTHCTL_EL2', 3n);
    this.set('PMCR_EL0', 0x41013000n);
    this.set('OSLSR_EL1', 0xan);
    this.set('CNTFRQ_EL0', 0x3b9aca0n);
    this.set('VPIDR_EL2', this.get('MIDR_EL1'));
    this.set('VMPIDR_EL2', this.get('MPIDR_EL1'));
  }
}

const defs: SysRegDef[] = [];
const byKey = new Map<number, SysRegDef>();
const byName = new Map<string, SysRegDef>();

/**
 * Adds a register to the table. Other model files (GIC CPU interface, timers, ...) register
 * their own registers through this, keeping each device's registers beside its code.
 */
export function registerSysReg(name: string, op0: number, op1: number, crn: number, crm: number, op2: number,
  minEl: number, extra: Partial<SysRegDef> = {}): void {
  reg(name, op0, op1, crn, crm, op2, minEl, extra);
}

function reg(name: string, op0: number, op1: number, crn: number, crm: number, op2: number, minEl: number,
  extra: Partial<SysRegDef> = {}): void {
  const existing = byName.get(name);
  if (existing) {
    byKey.delete(existing.key);
    defs.splice(defs.indexOf(existing), 1);
  }
  const d: SysRegDef = { name, key: sysregKey(op0, op1, crn, crm, op2), minEl, ...extra };
  defs.push(d);
  byKey.set(d.key, d);
  byName.set(name, d);
}

export function lookupSysReg(key: number): SysRegDef | undefined {
  return byKey.get(key);
}

export function sysRegByName(name: string): SysRegDef | undefined {
  return byName.get(name);
}

export function allSysRegs(): readonly SysRegDef[] {
  return defs;
}

const RO = { readonly: true };

// ---- identification (read-only at EL1+) ----
// MIDR/MPIDR read at EL1 with EL2 enabled return VPIDR_EL2/VMPIDR_EL2 (D19.2 MIDR_EL1).
reg('MIDR_EL1', 3, 0, 0, 0, 0, 1, { readonly: true, read: (c) => c.sr.get(c.el === 1 ? 'VPIDR_EL2' : 'MIDR_EL1') });
reg('MPIDR_EL1', 3, 0, 0, 0, 5, 1, { readonly: true, read: (c) => c.sr.get(c.el === 1 ? 'VMPIDR_EL2' : 'MPIDR_EL1') });
reg('REVIDR_EL1', 3, 0, 0, 0, 6, 1, RO);
const aarch32Id: [string, number, number][] = [
  ['ID_PFR0_EL1', 1, 0], ['ID_PFR1_EL1', 1, 1], ['ID_DFR0_EL1', 1, 2], ['ID_AFR0_EL1', 1, 3],
  ['ID_MMFR0_EL1', 1, 4], ['ID_MMFR1_EL1', 1, 5], ['ID_MMFR2_EL1', 1, 6], ['ID_MMFR3_EL1', 1, 7],
  ['ID_ISAR0_EL1', 2, 0], ['ID_ISAR1_EL1', 2, 1], ['ID_ISAR2_EL1', 2, 2], ['ID_ISAR3_EL1', 2, 3],
  ['ID_ISAR4_EL1', 2, 4], ['ID_ISAR5_EL1', 2, 5], ['ID_MMFR4_EL1', 2, 6], ['ID_ISAR6_EL1', 2, 7],
  ['MVFR0_EL1', 3, 0], ['MVFR1_EL1', 3, 1], ['MVFR2_EL1', 3, 2], ['ID_PFR2_EL1', 3, 4],
  ['ID_DFR1_EL1', 3, 5], ['ID_MMFR5_EL1', 3, 6],
  ['ID_AA64PFR0_EL1', 4, 0], ['ID_AA64PFR1_EL1', 4, 1], ['ID_AA64ZFR0_EL1', 4, 4], ['ID_AA64SMFR0_EL1', 4, 5],
  ['ID_AA64DFR0_EL1', 5, 0], ['ID_AA64DFR1_EL1', 5, 1], ['ID_AA64AFR0_EL1', 5, 4], ['ID_AA64AFR1_EL1', 5, 5],
  ['ID_AA64ISAR0_EL1', 6, 0], ['ID_AA64ISAR1_EL1', 6, 1], ['ID_AA64ISAR2_EL1', 6, 2],
  ['ID_AA64MMFR0_EL1', 7, 0], ['ID_AA64MMFR1_EL1', 7, 1], ['ID_AA64MMFR2_EL1', 7, 2],
];
for (const [name, crm, op2] of aarch32Id) reg(name, 3, 0, 0, crm, op2, 1, RO);
// CCSIDR_EL1 describes the cache CSSELR_EL1 selects (Level bits[3:1], InD bit 0); a cache
// CLIDR_EL1 does not list reads as zero in QEMU 7.2 (architecturally UNKNOWN).
reg('CCSIDR_EL1', 3, 1, 0, 0, 0, 1, {
  readonly: true,
  read: (c) => {
    const sel = Number(c.sr.get('CSSELR_EL1') & 0xfn);
    return c.sr.get(ccsidrName(sel >> 1, (sel & 1) !== 0));
  },
});
reg('CLIDR_EL1', 3, 1, 0, 0, 1, 1, RO);
reg('AIDR_EL1', 3, 1, 0, 0, 7, 1, RO);
reg('CSSELR_EL1', 3, 2, 0, 0, 0, 1);
reg('CTR_EL0', 3, 3, 0, 0, 1, 0, RO);
// DCZID_EL0.DZP (bit 4) reads 1 where DC ZVA would not run: EL0 without SCTLR_ELx.DZE, or
// EL0/EL1 with HCR_EL2.TDZ outside the EL2&0 host regime (D19.2 DCZID_EL0).
reg('DCZID_EL0', 3, 3, 0, 0, 7, 0, {
  readonly: true,
  read: (c) => {
    const hcr = c.sr.get('HCR_EL2');
    const host = (hcr & ((1n << 34n) | (1n << 27n))) === ((1n << 34n) | (1n << 27n));
    const prohibited = (c.el === 0 && (c.sr.sctlrFor(0) & (1n << 14n)) === 0n) ||
      (c.el < 2 && !host && (hcr & (1n << 28n)) !== 0n);
    return (c.sr.get('DCZID_EL0') & ~0x10n) | (prohibited ? 0x10n : 0n);
  },
});
reg('VPIDR_EL2', 3, 4, 0, 0, 0, 2);
reg('VMPIDR_EL2', 3, 4, 0, 0, 5, 2);

// ---- EL1 controls ----
reg('SCTLR_EL1', 3, 0, 1, 0, 0, 1);
reg('ACTLR_EL1', 3, 0, 1, 0, 1, 1);
reg('CPACR_EL1', 3, 0, 1, 0, 2, 1);
reg('TTBR0_EL1', 3, 0, 2, 0, 0, 1);
reg('TTBR1_EL1', 3, 0, 2, 0, 1, 1);
reg('TCR_EL1', 3, 0, 2, 0, 2, 1);
reg('SPSR_EL1', 3, 0, 4, 0, 0, 1);
reg('ELR_EL1', 3, 0, 4, 0, 1, 1);
reg('AFSR0_EL1', 3, 0, 5, 1, 0, 1);
reg('AFSR1_EL1', 3, 0, 5, 1, 1, 1);
reg('ESR_EL1', 3, 0, 5, 2, 0, 1);
reg('FAR_EL1', 3, 0, 6, 0, 0, 1);
reg('PAR_EL1', 3, 0, 7, 4, 0, 1);
reg('MAIR_EL1', 3, 0, 10, 2, 0, 1);
reg('AMAIR_EL1', 3, 0, 10, 3, 0, 1);
reg('VBAR_EL1', 3, 0, 12, 0, 0, 1);
reg('ISR_EL1', 3, 0, 12, 1, 0, 1, RO);
reg('CONTEXTIDR_EL1', 3, 0, 13, 0, 1, 1);
reg('TPIDR_EL1', 3, 0, 13, 0, 4, 1);
reg('CNTKCTL_EL1', 3, 0, 14, 1, 0, 1);

// ---- EL2 controls ----
reg('SCTLR_EL2', 3, 4, 1, 0, 0, 2);
reg('ACTLR_EL2', 3, 4, 1, 0, 1, 2);
reg('HCR_EL2', 3, 4, 1, 1, 0, 2, { write: (c, v) => c.sr.set('HCR_EL2', v & hcrEl2ValidMask(c.features)) });
reg('MDCR_EL2', 3, 4, 1, 1, 1, 2);
reg('CPTR_EL2', 3, 4, 1, 1, 2, 2);
reg('HSTR_EL2', 3, 4, 1, 1, 3, 2);
reg('HACR_EL2', 3, 4, 1, 1, 7, 2);
reg('TTBR0_EL2', 3, 4, 2, 0, 0, 2);
reg('TTBR1_EL2', 3, 4, 2, 0, 1, 2, { feature: 'vhe' }); // used by the EL2&0 regime (E2H=1)
reg('TCR_EL2', 3, 4, 2, 0, 2, 2);
reg('VTTBR_EL2', 3, 4, 2, 1, 0, 2);
reg('VTCR_EL2', 3, 4, 2, 1, 2, 2);
reg('SPSR_EL2', 3, 4, 4, 0, 0, 2);
reg('ELR_EL2', 3, 4, 4, 0, 1, 2);
reg('AFSR0_EL2', 3, 4, 5, 1, 0, 2);
reg('AFSR1_EL2', 3, 4, 5, 1, 1, 2);
reg('ESR_EL2', 3, 4, 5, 2, 0, 2);
reg('VSESR_EL2', 3, 4, 5, 2, 3, 2, { feature: 'ras' }); // syndrome of a virtual SError (FEAT_RAS)
reg('FAR_EL2', 3, 4, 6, 0, 0, 2);
reg('HPFAR_EL2', 3, 4, 6, 0, 4, 2);
reg('MAIR_EL2', 3, 4, 10, 2, 0, 2);
reg('AMAIR_EL2', 3, 4, 10, 3, 0, 2);
reg('VBAR_EL2', 3, 4, 12, 0, 0, 2);
reg('CONTEXTIDR_EL2', 3, 4, 13, 0, 1, 2, { feature: 'vhe' });
reg('TPIDR_EL2', 3, 4, 13, 0, 2, 2);
reg('CNTHCTL_EL2', 3, 4, 14, 1, 0, 2);
reg('CNTVOFF_EL2', 3, 4, 14, 0, 3, 2);

// ---- EL0-accessible ----
reg('TPIDR_EL0', 3, 3, 13, 0, 2, 0);
reg('TPIDRRO_EL0', 3, 3, 13, 0, 3, 0);
reg('CNTFRQ_EL0', 3, 3, 14, 0, 0, 0);
// PMCR_EL0 and the other PMU registers: pmu.ts.

// ---- debug ----
reg('MDSCR_EL1', 2, 0, 0, 2, 2, 1);
reg('OSLAR_EL1', 2, 0, 1, 0, 4, 1, { writeonly: true, write: (c, v) => c.sr.set('OSLSR_EL1', (c.sr.get('OSLSR_EL1') & ~2n) | ((v & 1n) << 1n)) });
reg('OSLSR_EL1', 2, 0, 1, 1, 4, 1, RO);
reg('OSDLR_EL1', 2, 0, 1, 3, 4, 1);

// ---- special-purpose registers: PSTATE fields and banked SPs (C5.2) ----
reg('CurrentEL', 3, 0, 4, 2, 2, 0, { readonly: true, read: (c) => BigInt(c.el << 2) });
reg('SPSel', 3, 0, 4, 2, 0, 1, {
  read: (c) => BigInt(c.spsel),
  write: (c, v) => { c.spsel = Number(v & 1n); c.syncSp(); },
});
reg('DAIF', 3, 3, 4, 2, 1, 0, {
  read: (c) => BigInt(c.daif << 6),
  write: (c, v) => { c.daif = Number((v >> 6n) & 0xfn); },
});
reg('NZCV', 3, 3, 4, 2, 0, 0, {
  read: (c) => BigInt(c.getNZCV()),
  write: (c, v) => c.setNZCV(Number(v & 0xf0000000n)),
});
reg('PAN', 3, 0, 4, 2, 3, 1, { feature: 'pan', read: (c) => BigInt(c.pan << 22), write: (c, v) => { c.pan = Number((v >> 22n) & 1n); } });
reg('UAO', 3, 0, 4, 2, 4, 1, { feature: 'uao', read: (c) => BigInt(c.uao << 23), write: (c, v) => { c.uao = Number((v >> 23n) & 1n); } });
reg('DIT', 3, 3, 4, 2, 5, 0, { feature: 'dit', read: (c) => BigInt(c.dit << 24), write: (c, v) => { c.dit = Number((v >> 24n) & 1n); } });
reg('SSBS', 3, 3, 4, 2, 6, 0, { feature: 'ssbs', read: (c) => BigInt(c.ssbs << 12), write: (c, v) => { c.ssbs = Number((v >> 12n) & 1n); } });
// SP_EL0 is accessible via MRS/MSR only when SP_EL0 is not the current stack pointer.
reg('SP_EL0', 3, 0, 4, 1, 0, 1, { read: (c) => c.readSpEl(0), write: (c, v) => c.writeSpEl(0, v) });
reg('SP_EL1', 3, 4, 4, 1, 0, 2, { read: (c) => c.readSpEl(1), write: (c, v) => c.writeSpEl(1, v) });
reg('FPCR', 3, 3, 4, 4, 0, 0, { fp: true });
reg('FPSR', 3, 3, 4, 4, 1, 0, { fp: true });
