// Traps to EL2 of EL0/EL1 system register accesses, as data: each trap group names the
// control bit that enables it (HCR_EL2, MDCR_EL2 or CPTR_EL2), which accesses it traps, and the
// encoding space it covers where it applies to a whole space (so it also traps encodings
// the model does not hold). Rows of the register table name their own groups (sysreg-table.ts
// `traps`). Trapped accesses report EC 0x18 with the MSR/MRS ISS (D17.2.37, sysreg-access.ts).
// Per-register rules: D19.2, each register's "Accessibility" pseudocode.

import type { Cpu } from './cpu.ts';
import { isSet, type Field } from './arch/field.ts';
import { inHost } from './arch/regime.ts';
import { CPTR_EL2, HCR_EL2, MDCR_EL2 } from './arch/registers.ts';
import type { SysRegDef } from './sysreg-table.ts';

interface TrapRule {
  reg: 'HCR_EL2' | 'MDCR_EL2' | 'CPTR_EL2';
  bit: Field;
  /** Which accesses it traps. */
  on: 'read' | 'write' | 'both';
  /** Traps when the bit is 0 (an enable, like HCR_EL2.EnSCXT), not when it is 1. */
  whenClear?: boolean;
  /** Another bit of the same register that traps the same accesses (MDCR_EL2.TDE). */
  alsoBy?: Field;
  /** Traps EL1 accesses only; EL0's stay UNDEFINED. */
  el1Only?: boolean;
}

export const TRAP_GROUPS = {
  TVM: { reg: 'HCR_EL2', bit: HCR_EL2.TVM, on: 'write' },
  TRVM: { reg: 'HCR_EL2', bit: HCR_EL2.TRVM, on: 'read' },
  TACR: { reg: 'HCR_EL2', bit: HCR_EL2.TACR, on: 'both' },
  TID1: { reg: 'HCR_EL2', bit: HCR_EL2.TID1, on: 'read' },
  TID2: { reg: 'HCR_EL2', bit: HCR_EL2.TID2, on: 'both' },
  TID3: { reg: 'HCR_EL2', bit: HCR_EL2.TID3, on: 'read' }, // reads of the ID registers (D19.2.48)
  // Whether TIDCP traps EL0 accesses is IMPLEMENTATION DEFINED (D19.2.48); QEMU 7.2 leaves them UNDEFINED.
  TIDCP: { reg: 'HCR_EL2', bit: HCR_EL2.TIDCP, on: 'both', el1Only: true },
  // The SGI generation registers (ICC_SGI0R/SGI1R/ASGI1R_EL1) trap EL1 writes when either
  // interrupt class is routed to EL2 (IHI 0069 12.2, their accessibility: IMO or FMO; QEMU 7.2
  // the same): there is no virtual SGI interface.
  IMO: { reg: 'HCR_EL2', bit: HCR_EL2.IMO, on: 'write' },
  FMO: { reg: 'HCR_EL2', bit: HCR_EL2.FMO, on: 'write' },
  TLOR: { reg: 'HCR_EL2', bit: HCR_EL2.TLOR, on: 'both' },
  TERR: { reg: 'HCR_EL2', bit: HCR_EL2.TERR, on: 'both' },
  EnSCXT: { reg: 'HCR_EL2', bit: HCR_EL2.EnSCXT, on: 'both', whenClear: true },
  APK: { reg: 'HCR_EL2', bit: HCR_EL2.APK, on: 'both', whenClear: true },
  TDA: { reg: 'MDCR_EL2', bit: MDCR_EL2.TDA, on: 'both', alsoBy: MDCR_EL2.TDE },
  TDOSA: { reg: 'MDCR_EL2', bit: MDCR_EL2.TDOSA, on: 'both', alsoBy: MDCR_EL2.TDE },
  TDRA: { reg: 'MDCR_EL2', bit: MDCR_EL2.TDRA, on: 'both', alsoBy: MDCR_EL2.TDE },
  TPM: { reg: 'MDCR_EL2', bit: MDCR_EL2.TPM, on: 'both' },
  TPMCR: { reg: 'MDCR_EL2', bit: MDCR_EL2.TPMCR, on: 'both' },
  // EL1 accesses to CPACR_EL1 (bit 31 in both CPTR_EL2 layouts; D19.2 CPTR_EL2.TCPAC).
  TCPAC: { reg: 'CPTR_EL2', bit: CPTR_EL2.TCPAC, on: 'both', el1Only: true },
} as const satisfies Record<string, TrapRule>;

export type TrapGroup = keyof typeof TRAP_GROUPS;

/** An encoding space and the groups that trap it, whether or not the model holds the register. */
interface SpaceRule {
  op0: number;
  op1?: readonly number[];
  crn?: readonly number[];
  crm?: readonly [number, number];
  op2?: readonly number[];
  groups: readonly TrapGroup[];
  /**
   * The groups trap the space's unallocated encodings too (D19.2.48: TID3 the reserved ID-space
   * encodings, TIDCP the whole IMPLEMENTATION DEFINED space); elsewhere an encoding with no
   * register is UNDEFINED before any trap (a DBGBCR<n>_EL1 beyond the implemented breakpoints).
   */
  unallocatedToo?: boolean;
}

/**
 * First match wins. Debug registers (op0 = 2, op1 = 0/3): MDRAR_EL1 by TDRA, the OS lock and
 * power registers (OSLAR/OSLSR/OSDLR/DBGPRCR) by TDOSA, the rest by TDA. PMU registers
 * (CRn = 9 CRm 12-14, CRn = 14 op1 = 3 CRm 8-15) by TPM, PMCR_EL0 by TPMCR too. The ID space
 * (op0 = 3, op1 = 0, CRn = 0, CRm = 1-7) by TID3; the IMPLEMENTATION DEFINED spaces (CRn = 11,
 * 15) by TIDCP.
 */
const SPACE_RULES: readonly SpaceRule[] = [
  { op0: 2, op1: [0], crn: [1], crm: [0, 0], op2: [0], groups: ['TDRA'] },
  { op0: 2, op1: [0], crn: [1], op2: [4], groups: ['TDOSA'] },
  { op0: 2, op1: [0, 3], groups: ['TDA'] },
  { op0: 3, op1: [3], crn: [9], crm: [12, 12], op2: [0], groups: ['TPMCR', 'TPM'] },
  { op0: 3, op1: [3], crn: [9], crm: [12, 14], groups: ['TPM'] },
  { op0: 3, op1: [0], crn: [9], crm: [14, 14], groups: ['TPM'] },
  { op0: 3, op1: [3], crn: [14], crm: [8, 15], groups: ['TPM'] },
  { op0: 3, op1: [0], crn: [0], crm: [1, 7], groups: ['TID3'], unallocatedToo: true },
  { op0: 3, crn: [11, 15], groups: ['TIDCP'], unallocatedToo: true },
];

/** The space rule an encoding falls in, if any. */
function spaceRule(key: number): SpaceRule | undefined {
  const op0 = 2 + ((key >>> 14) & 1), op1 = (key >>> 11) & 7, crn = (key >>> 7) & 15, crm = (key >>> 3) & 15, op2 = key & 7;
  for (const r of SPACE_RULES) {
    if (r.op0 !== op0 || (r.op1 && !r.op1.includes(op1)) || (r.crn && !r.crn.includes(crn)) ||
        (r.crm && (crm < r.crm[0] || crm > r.crm[1])) || (r.op2 && !r.op2.includes(op2))) continue;
    return r;
  }
  return undefined;
}

/** The trap groups of an encoding's space (sysreg-table.ts adds them to each row). */
export function spaceTrapGroups(key: number): readonly TrapGroup[] {
  return spaceRule(key)?.groups ?? [];
}

/** The groups that trap an encoding no row holds: only where the space's rule says so. */
function unallocatedTrapGroups(key: number): readonly TrapGroup[] {
  const r = spaceRule(key);
  return r?.unallocatedToo ? r.groups : [];
}

function groupTraps(c: Cpu, g: TrapGroup, read: boolean): boolean {
  const r: TrapRule = TRAP_GROUPS[g];
  if (r.on !== 'both' && (r.on === 'read') !== read) return false;
  if (r.el1Only && c.el !== 1) return false;
  const v = c.sr.get(r.reg);
  // MDCR_EL2.TDE, which HCR_EL2.TGE = 1 makes behave as 1 (D19.3 MDCR_EL2.TDE).
  if (r.alsoBy && (isSet(v, r.alsoBy) || (r.reg === 'MDCR_EL2' && isSet(c.sr.get('HCR_EL2'), HCR_EL2.TGE)))) return true;
  if (isSet(v, r.bit) === (r.whenClear === true)) return false;
  // QEMU 7.2 ignores TIDCP, and TPMCR where TPM does not trap the access too.
  if (g === 'TIDCP') return !c.qemuDeviation('hcr-tidcp-ignored');
  if (g === 'TPMCR' && !isSet(v, MDCR_EL2.TPM)) return !c.qemuDeviation('mdcr-tpmcr-ignored');
  return true;
}

/** Is an EL0/EL1 access to this register (or, without a row, this encoding) trapped to EL2? */
export function el2TrapsRegister(c: Cpu, d: SysRegDef | undefined, key: number, read: boolean): boolean {
  if (c.el >= 2) return false;
  if (c.el === 0 && inHost(c)) {
    // EL0 in the EL2&0 host regime: the HCR_EL2 controls behave as 0 (D19.2.48, E2H = TGE = 1);
    // MDCR_EL2's still apply, with TDE behaving as 1 (TGE). QEMU 7.2 also applies EnSCXT there.
    if (d !== undefined && d.trapGroups.includes('EnSCXT') && !isSet(c.sr.get('HCR_EL2'), HCR_EL2.EnSCXT) &&
      c.qemuDeviation('enscxt-applied-in-host')) return true;
    for (const g of d ? d.trapGroups : unallocatedTrapGroups(key)) if (TRAP_GROUPS[g].reg === 'MDCR_EL2' && groupTraps(c, g, read)) return true;
    return false;
  }
  for (const g of d ? d.trapGroups : unallocatedTrapGroups(key)) if (groupTraps(c, g, read)) return true;
  return false;
}
