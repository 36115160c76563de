// Who may access a system register and where the access goes:
//  - FEAT_VHE redirection (D1.6 "Virtualization Host Extensions"): with HCR_EL2.E2H=1, EL1
//    register names used at EL2 reach the EL2 registers, and the *_EL12 / *_EL02 names
//    (op1 = 5) reach the EL1 / EL0 registers; without E2H those names are UNDEFINED. Both
//    are columns of the register's row (sysreg-table.ts `vhe`).
//  - traps to EL2 of EL0/EL1 accesses: sysreg-traps.ts, reported with EC 0x18 and the ISS
//    of D17.2.37 (Op0, Op2, Op1, CRn, Rt, CRm, Direction).

import type { Cpu, Op } from './cpu.ts';
import { fieldValue32 } from './arch/field.ts';
import { isE2H } from './arch/regime.ts';
import { ISS_SYS } from './arch/registers.ts';
import { EC, raise } from './exceptions.ts';
import { el12Target, keyFields, lookupSysReg, sysRegByName, type SysRegDef } from './sysreg-table.ts';

/** Which register an MRS/MSR at the current EL reaches, after VHE redirection. */
export function resolveSysReg(c: Cpu, key: number): SysRegDef | undefined {
  const [op0, op1] = keyFields(key);
  if (op1 === 5 && op0 === 3) {
    // *_EL12 / *_EL02: only at EL2 (or EL3) with E2H=1.
    const target = el12Target(key);
    if (c.el >= 2 && !isE2H(c) && c.features.vhe && target && c.qemuDeviation('el12-accessible-without-e2h')) return target;
    if (c.el < 2 || !isE2H(c)) return undefined;
    return target;
  }
  const d = lookupSysReg(key);
  if (d?.feature && !c.features[d.feature]) return undefined;
  if (d?.implemented && !d.implemented(c)) return undefined;
  if (d?.vhe?.el2 && c.el === 2 && isE2H(c)) return sysRegByName(d.vhe.el2) ?? d;
  return d;
}

/**
 * The Rt field of an MRS/MSR/SYS, for its trap syndrome (the XZR slots are 31). Register
 * behaviour functions pass `c.op`, the instruction being executed.
 */
export function rtField(o: Op | undefined): number {
  const slot = o ? o.rd >>> 1 : 31;
  return slot >= 32 ? 31 : slot;
}

/** ESR ISS for a trapped MSR/MRS/SYS (EC 0x18). */
export function sysTrapIss(key: number, rtField: number, read: boolean, sysInstruction = false): number {
  const [k0, op1, crn, crm, op2] = keyFields(key);
  return (fieldValue32(ISS_SYS.Op0, sysInstruction ? 1 : k0) | fieldValue32(ISS_SYS.Op2, op2) | fieldValue32(ISS_SYS.Op1, op1) |
    fieldValue32(ISS_SYS.CRn, crn) | fieldValue32(ISS_SYS.Rt, rtField) | fieldValue32(ISS_SYS.CRm, crm) |
    fieldValue32(ISS_SYS.Direction, read ? 1 : 0)) >>> 0;
}

/** Traps a system register / system instruction access to EL2 (EC 0x18). */
export function trapToEl2(c: Cpu, key: number, rtField: number, read: boolean, sysInstruction = false): never {
  raise(c, { ec: EC.SYS64, iss: sysTrapIss(key, rtField, read, sysInstruction), targetEl: 2 });
}

/** Reserved ID space (op0=3, op1=0, CRn=0, CRm=1..7): RAZ rather than UNDEFINED (D19.1). */
export function isReservedIdSpace(key: number): boolean {
  const [op0, op1, crn, crm] = keyFields(key);
  return op0 === 3 && op1 === 0 && crn === 0 && crm >= 1 && crm <= 7;
}
