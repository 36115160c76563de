// The system registers' storage: one value per register of the table (sysreg-table.ts), by
// its typed name, plus the identification values the CPU profile presents.

import { isSet } from './arch/field.ts';
import { HCR_EL2 } from './arch/registers.ts';
import { allSysRegs } from './sysreg-table.ts';
import type { SysRegName } from './sysreg-rooms.ts';
import { ccsidrName, type IdRegisters } from './profiles.ts';

/** Registers named per exception level (SPSR_EL1, SPSR_EL2, ...): the name for `el`. */
export type BankedName<P extends string> = `${P}_EL1` | `${P}_EL2`;
export function bankedName<P extends 'SPSR' | 'ELR' | 'ESR' | 'FAR' | 'VBAR' | 'SCTLR'>(prefix: P, el: number): BankedName<P> & SysRegName {
  return `${prefix}_EL${el === 1 ? 1 : 2}` as BankedName<P> & SysRegName;
}

export class SysRegFile {
  private readonly v = new Map<SysRegName, bigint>();
  /** Instructions retired when each counting PMU counter's stored value was taken (pmu.ts). */
  readonly counterBase = new Map<SysRegName, bigint>();
  /** CCSIDR_EL1 of each cache, by ccsidrName (CSSELR_EL1 selects one). */
  private readonly ccsidr = new Map<string, bigint>();

  get(name: SysRegName): bigint {
    return this.v.get(name) ?? 0n;
  }

  set(name: SysRegName, value: bigint): void {
    this.v.set(name, BigInt.asUintN(64, value));
  }

  /** CCSIDR_EL1 of the cache at `level` (0-based), instruction or data/unified; 0 if absent. */
  getCcsidr(level: number, instruction: boolean): bigint {
    return this.ccsidr.get(ccsidrName(level, instruction)) ?? 0n;
  }

  /**
   * SCTLR of the translation regime the given EL's accesses use: EL2 (and EL0 in the
   * EL2&0 host regime, HCR_EL2.{E2H,TGE} = {1,1}) use SCTLR_EL2.
   */
  sctlrFor(el: number): bigint {
    if (el >= 2) return this.get('SCTLR_EL2');
    const hcr = this.get('HCR_EL2');
    if (el === 0 && isSet(hcr, HCR_EL2.E2H) && isSet(hcr, HCR_EL2.TGE)) return this.get('SCTLR_EL2');
    return this.get('SCTLR_EL1');
  }

  /**
   * Reset: every row's reset value, then the CPU's identification values (profiles.ts, or the
   * values probed from QEMU); VPIDR/VMPIDR reset to MIDR/MPIDR.
   */
  reset(ids: IdRegisters): void {
    this.v.clear();
    this.ccsidr.clear();
    this.counterBase.clear();
    for (const d of allSysRegs()) if (d.reset !== undefined) this.set(d.name, d.reset);
    for (const [name, value] of Object.entries(ids)) {
      if (name.startsWith('CCSIDR_EL1.')) this.ccsidr.set(name, value);
      else this.set(name as SysRegName, value);
    }
    this.set('VPIDR_EL2', this.get('MIDR_EL1'));
    this.set('VMPIDR_EL2', this.get('MPIDR_EL1'));
  }
}
