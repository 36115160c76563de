// Who may access a system register and where the access goes:
//  - FEAT_VHE redirection (D5.? "Virtualization Host Extensions"): with HCR_EL2.E2H=1, EL1
//    register names used at EL2 reach the EL2 registers, and the *_EL12 / *_EL02 names
//    (op1 = 5) reach the EL1 / EL0 registers; without E2H those names are UNDEFINED.
//  - traps to EL2 of EL0/EL1 accesses by HCR_EL2 (TID1-3, TACR, TVM, TRVM, TIDCP, TTLB,
//    TSW, TPCP, TPU, TDZ), reported with EC 0x18 and the ISS of D17.2.37 (Op0, Op2, Op1,
//    CRn, Rt, CRm, Direction).

import type { Cpu } from './cpu.ts';
import { EC, raise } from './exceptions.ts';
import { keyFields, lookupSysReg, sysRegByName, sysregKey, type SysRegDef } from './sysregs.ts';

const HCR = {
  TID1: 16n, TID2: 17n, TID3: 18n, TIDCP: 20n, TACR: 21n, TSW: 22n, TPCP: 23n, TPU: 24n, TTLB: 25n,
  TVM: 26n, TGE: 27n, TDZ: 28n, TRVM: 30n, E2H: 34n,
} as const;

const hcrBit = (c: Cpu, bit: bigint): boolean => ((c.sr.get('HCR_EL2') >> bit) & 1n) === 1n;

export const isE2H = (c: Cpu): boolean => hcrBit(c, HCR.E2H);
export const isTGE = (c: Cpu): boolean => hcrBit(c, HCR.TGE);

/** EL1 register names that, at EL2 with E2H=1, access the EL2 register instead. */
export const VHE_EL1_TO_EL2: Record<string, string> = {
  SCTLR_EL1: 'SCTLR_EL2', CPACR_EL1: 'CPTR_EL2', TTBR0_EL1: 'TTBR0_EL2', TTBR1_EL1: 'TTBR1_EL2',
  TCR_EL1: 'TCR_EL2', AFSR0_EL1: 'AFSR0_EL2', AFSR1_EL1: 'AFSR1_EL2', ESR_EL1: 'ESR_EL2', FAR_EL1: 'FAR_EL2',
  MAIR_EL1: 'MAIR_EL2', AMAIR_EL1: 'AMAIR_EL2', VBAR_EL1: 'VBAR_EL2', CONTEXTIDR_EL1: 'CONTEXTIDR_EL2',
  CNTKCTL_EL1: 'CNTHCTL_EL2', ELR_EL1: 'ELR_EL2', SPSR_EL1: 'SPSR_EL2',
  CNTP_TVAL_EL0: 'CNTHP_TVAL_EL2', CNTP_CTL_EL0: 'CNTHP_CTL_EL2', CNTP_CVAL_EL0: 'CNTHP_CVAL_EL2',
  CNTV_TVAL_EL0: 'CNTHV_TVAL_EL2', CNTV_CTL_EL0: 'CNTHV_CTL_EL2', CNTV_CVAL_EL0: 'CNTHV_CVAL_EL2',
};

/** Registers named *_EL12 / *_EL02 (op1 = 5) and the EL1/EL0 register each one reaches. */
const EL12_TARGETS = [
  'SCTLR_EL1', 'CPACR_EL1', 'TTBR0_EL1', 'TTBR1_EL1', 'TCR_EL1', 'AFSR0_EL1', 'AFSR1_EL1', 'ESR_EL1',
  'FAR_EL1', 'MAIR_EL1', 'AMAIR_EL1', 'VBAR_EL1', 'CONTEXTIDR_EL1', 'CNTKCTL_EL1', 'ELR_EL1', 'SPSR_EL1',
  'CNTP_TVAL_EL0', 'CNTP_CTL_EL0', 'CNTP_CVAL_EL0', 'CNTV_TVAL_EL0', 'CNTV_CTL_EL0', 'CNTV_CVAL_EL0',
];

/** The EL1/EL0 register an op1=5 encoding names (SCTLR_EL12 -> SCTLR_EL1, CNTV_CTL_EL02 -> CNTV_CTL_EL0). */
function el12Target(key: number): SysRegDef | undefined {
  const [op0, , crn, crm, op2] = keyFields(key);
  for (const name of EL12_TARGETS) {
    const d = sysRegByName(name);
    if (!d) continue;
    const [dop0, , dcrn, dcrm, dop2] = keyFields(d.key);
    if (dop0 === op0 && dcrn === crn && dcrm === crm && dop2 === op2) return d;
  }
  return undefined;
}

export type Resolved = { def: SysRegDef } | { undefined: true };

/** Which register an MRS/MSR at the current EL reaches, after VHE redirection. */
export function resolveSysReg(c: Cpu, key: number): SysRegDef | undefined {
  const [, op1] = keyFields(key);
  if (op1 === 5 && (keyFields(key)[0] === 3)) {
    // *_EL12 / *_EL02: only at EL2 (or EL3) with E2H=1.
    if (c.el >= 2 && !isE2H(c) && c.features.vhe && el12Target(key)) c.qemuDeviation('el12-accessible-without-e2h');
    if (c.el < 2 || !isE2H(c)) return undefined;
    return el12Target(key);
  }
  const d = lookupSysReg(key);
  if (d?.feature && !c.features[d.feature]) return undefined;
  if (d && c.el === 2 && isE2H(c)) {
    const to = VHE_EL1_TO_EL2[d.name];
    if (to) return sysRegByName(to) ?? d;
  }
  return d;
}

/** ESR ISS for a trapped MSR/MRS/SYS (EC 0x18). */
export function sysTrapIss(key: number, rtField: number, read: boolean, sysInstruction = false): number {
  const [k0, op1, crn, crm, op2] = keyFields(key);
  const op0 = sysInstruction ? 1 : k0;
  return ((op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) | (rtField << 5) | (crm << 1) | (read ? 1 : 0)) >>> 0;
}

/** Traps a system register / system instruction access to EL2 (EC 0x18). */
export function trapToEl2(c: Cpu, key: number, rtField: number, read: boolean, sysInstruction = false): never {
  raise(c, { ec: EC.SYS64, iss: sysTrapIss(key, rtField, read, sysInstruction), targetEl: 2 });
}

const TVM_REGS = new Set(['SCTLR_EL1', 'TTBR0_EL1', 'TTBR1_EL1', 'TCR_EL1', 'ESR_EL1', 'FAR_EL1', 'AFSR0_EL1',
  'AFSR1_EL1', 'MAIR_EL1', 'AMAIR_EL1', 'CONTEXTIDR_EL1']);
const TID1_REGS = new Set(['REVIDR_EL1', 'AIDR_EL1']);
const TID2_REGS = new Set(['CTR_EL0', 'CCSIDR_EL1', 'CLIDR_EL1', 'CSSELR_EL1']);

/**
 * MDCR_EL2 traps of debug and PMU registers (D19.2 MDCR_EL2), by encoding so that they
 * apply to registers the model does not hold too: TDA (bit 9) the debug registers
 * (op0 = 2, op1 = 0/3) other than the OS lock / power ones, TDOSA (10) OSLAR/OSLSR/OSDLR/
 * DBGPRCR, TDRA (11) MDRAR_EL1; TDE (8) acts as all three. TPMCR (5) PMCR_EL0, TPM (6)
 * every PMU register (op0 = 3, CRn = 9 CRm 12-14, CRn = 14 op1 = 3 CRm 8-15).
 */
function mdcrTrapsRegister(c: Cpu, key: number): boolean {
  const [op0, op1, crn, crm, op2] = keyFields(key);
  const mdcr = c.sr.get('MDCR_EL2');
  const bit = (n: bigint): boolean => ((mdcr >> n) & 1n) === 1n;
  const tde = bit(8n);
  if (op0 === 2 && (op1 === 0 || op1 === 3)) {
    if (op1 === 0 && crn === 1 && crm === 0 && op2 === 0) return tde || bit(11n); // MDRAR_EL1
    if (op1 === 0 && crn === 1 && op2 === 4) return tde || bit(10n); // OSLAR/OSLSR/OSDLR/DBGPRCR
    return tde || bit(9n);
  }
  if (op0 === 3 && op1 === 3 && crn === 9 && crm === 12 && op2 === 0 && bit(5n)) return true; // PMCR_EL0
  const pmu = op0 === 3 && ((crn === 9 && crm >= 12 && crm <= 14 && (op1 === 3 || (op1 === 0 && crm === 14))) ||
    (crn === 14 && op1 === 3 && crm >= 8));
  return pmu && bit(6n);
}

/** Is an EL0/EL1 access to this register trapped to EL2 by HCR_EL2 or MDCR_EL2? (D19.2 per-register traps) */
export function hcrTrapsRegister(c: Cpu, d: SysRegDef | undefined, key: number, read: boolean): boolean {
  if (c.el >= 2) return false;
  if (c.el === 0 && isE2H(c) && isTGE(c)) return false; // EL0 in the EL2&0 (host) regime
  if (mdcrTrapsRegister(c, key)) return true;
  const [op0, op1, crn, crm] = keyFields(key);
  if (!d) {
    // IMPLEMENTATION DEFINED registers (op0=3, CRn=11 or 15) are trapped by TIDCP.
    return op0 === 3 && (crn === 11 || crn === 15) && hcrBit(c, HCR.TIDCP);
  }
  const name = d.name;
  if (TVM_REGS.has(name)) return read ? hcrBit(c, HCR.TRVM) : hcrBit(c, HCR.TVM);
  if (name === 'ACTLR_EL1') return hcrBit(c, HCR.TACR);
  if (TID1_REGS.has(name)) return hcrBit(c, HCR.TID1);
  if (TID2_REGS.has(name)) return hcrBit(c, HCR.TID2);
  // ID group 3: op0=3, op1=0, CRn=0, CRm=1..7 (ID_PFR0_EL1 ... ID_AA64MMFR2_EL1 and the reserved slots).
  if (op0 === 3 && op1 === 0 && crn === 0 && crm >= 1 && crm <= 7) return hcrBit(c, HCR.TID3);
  return false;
}

/** Reserved ID space (op0=3, op1=0, CRn=0, CRm=1..7): RAZ rather than UNDEFINED (D19.1). */
export function isReservedIdSpace(key: number): boolean {
  const [op0, op1, crn, crm] = keyFields(key);
  return op0 === 3 && op1 === 0 && crn === 0 && crm >= 1 && crm <= 7;
}

/**
 * Traps of SYS instructions (TLBI, DC, IC, AT) at EL0/EL1 by HCR_EL2. Returns true when
 * trapped. `op1, crn, crm, op2` are the instruction's fields.
 */
export function hcrTrapsSysInstruction(c: Cpu, op1: number, crn: number, crm: number, op2: number): boolean {
  if (c.el >= 2) return false;
  if (c.el === 0 && isE2H(c) && isTGE(c)) return false;
  if (crn === 8) return op1 === 0 && hcrBit(c, HCR.TTLB); // TLBI ... at EL1
  if (crn !== 7) return false;
  if (op1 === 0 && op2 === 2 && (crm === 6 || crm === 10 || crm === 14)) return hcrBit(c, HCR.TSW); // DC ISW/CSW/CISW
  if (op1 === 3 && crm === 4 && op2 === 1) return hcrBit(c, HCR.TDZ); // DC ZVA
  if ((op1 === 0 && crm === 6 && op2 === 1) || (op1 === 3 && op2 === 1 && (crm === 10 || crm === 14 || crm === 12 || crm === 13))) {
    return hcrBit(c, HCR.TPCP); // DC IVAC / CVAC / CIVAC / CVAP / CVADP (to PoC/PoP)
  }
  if ((op1 === 3 && op2 === 1 && (crm === 5 || crm === 11)) || (op1 === 0 && op2 === 0 && (crm === 5 || crm === 1))) {
    return hcrBit(c, HCR.TPU); // IC IVAU / DC CVAU / IC IALLU / IC IALLUIS
  }
  return false;
}

export { sysregKey };
