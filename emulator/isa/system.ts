// System instructions: exception generation (SVC/HVC/SMC/BRK/HLT), hints, barriers,
// PSTATE access (MSR immediate), MRS/MSR, SYS (TLBI, DC, IC, AT) (Arm ARM C4.1.85).

import { ACC_READ, ACC_WRITE, type Cpu, type Handler, type Op } from '../cpu.ts';
import { EC, esrValue, raise, syncTargetFromLowEl, takeException, undefinedInstruction } from '../exceptions.ts';
import { psciCall, psciCallWaits } from '../psci.ts';
import { fieldOf, fieldValue, fieldValue32, isSet, withField, type Field } from '../arch/field.ts';
import { inHost } from '../arch/regime.ts';
import { DAIF_BITS, DCZID_EL0, HCR_EL2, ISS_WFX, MDCR_EL2, SCTLR, VDISR_EL2 } from '../arch/registers.ts';
import { lookupSysInsn, type SysInsnDef, type SysInsnKind } from '../sys-instructions.ts';
import { isReservedIdSpace, resolveSysReg, rtField, sysTrapIss, trapToEl2 } from '../sysreg-access.ts';
import { keyFields } from '../sysreg-table.ts';
import { el2TrapsRegister } from '../sysreg-traps.ts';
import { bits, def, op, type InsnDef } from './common.ts';
import { fpAccessCheck } from './fp-access.ts';
import { pacHintEntries } from '../pauth/insns.ts';

const hcrSet = (c: Cpu, f: Field): boolean => isSet(c.sr.get('HCR_EL2'), f);

function nextPcOf(c: Cpu): [number, number] {
  const lo = (c.pcLo + 4) | 0;
  return [lo, lo === 0 ? (c.pcHi + 1) | 0 : c.pcHi];
}

function svc(c: Cpu, o: Op): void {
  const [lo, hi] = nextPcOf(c);
  raise(c, { ec: EC.SVC64, iss: o.imm, targetEl: syncTargetFromLowEl(c), returnLo: lo, returnHi: hi });
}

function hvc(c: Cpu, o: Op): void {
  // HVC is UNDEFINED at EL0, and at EL1 when HCR_EL2.HCD disables it (C6.2.104).
  if (c.el === 0 || (c.el === 1 && hcrSet(c, HCR_EL2.HCD))) undefinedInstruction(c);
  if (!c.el2Implemented) {
    // No EL2: QEMU's virt makes HVC the PSCI conduit and answers every HVC itself, as it
    // answers SMCs when EL2 exists (target/arm/psci.c arm_is_psci_call).
    answerFirmwareCall(c, 'hvc', o.imm);
    return;
  }
  const [lo, hi] = nextPcOf(c);
  raise(c, { ec: EC.HVC64, iss: o.imm, targetEl: 2, returnLo: lo, returnHi: hi });
}

function smc(c: Cpu, o: Op): void {
  // No EL3, and without EL2 no firmware behind the SMC conduit either (HVC is the conduit).
  if (c.el === 0 || !c.el2Implemented) undefinedInstruction(c);
  // HCR_EL2.TSC traps SMC from EL1 to EL2; the preferred return is the SMC itself.
  if (c.el === 1 && hcrSet(c, HCR_EL2.TSC)) {
    raise(c, { ec: EC.SMC64, iss: o.imm, targetEl: 2 });
  }
  // The board has no EL3; QEMU 7.2 emulates the firmware behind the SMC conduit, and answers
  // every SMC from EL1/EL2 as a PSCI/SMCCC call: an unknown function returns NOT_SUPPORTED
  // (-1) in x0 rather than being UNDEFINED (seen on QEMU 7.2 for 0x8400ff00, 0x82000000,
  // 0xc4000020, 0x40000000 ...: scenario exception-model).
  answerFirmwareCall(c, 'smc', o.imm);
}

/** The emulated firmware answers a PSCI/SMCCC call (no exception is taken), reported as an event. */
function answerFirmwareCall(c: Cpu, conduit: 'smc' | 'hvc', imm: number): void {
  const esr = esrValue(conduit === 'smc' ? EC.SMC64 : EC.HVC64, imm);
  c.onEvent({ event: 'firmware-call', conduit, fromEl: c.el, imm, esr, ...(psciCallWaits(c) ? { waits: true } : {}) });
  const req = psciCall(c);
  if (req !== undefined) c.powerRequest(req);
}

function brk(c: Cpu, o: Op): void {
  let target = syncTargetFromLowEl(c);
  if (c.el < 2 && isSet(c.sr.get('MDCR_EL2'), MDCR_EL2.TDE)) target = 2; // MDCR_EL2.TDE routes debug to EL2
  raise(c, { ec: EC.BRK64, iss: o.imm, targetEl: target });
}

function hlt(c: Cpu): void {
  // Halting debug is not enabled (EDSCR.HDE=0): HLT is UNDEFINED (C6.2.103).
  undefinedInstruction(c);
}

function nop(): void {}

// SB (C6.2): no speculation to model. It completes like any other instruction, leaving
// PSTATE.BTYPE 0; QEMU 7.2 keeps the BTYPE of the branch that reached it (btype-kept-after-sb).
function sb(c: Cpu): void {
  if (c.btype !== 0 && c.qemuDeviation('btype-kept-after-sb')) c.btypeNext = c.btype;
}

/** The condition field of a trap from AArch64 state: always (0b1110), D17.2.37. */
const COND_AL = 0xe;

// WFI/WFE: imm = 1 for WFI. Trapped from EL0 by SCTLR_ELx.nTWI/nTWE = 0 (to EL1, or EL2 with TGE
// or in the host), then to EL2 from EL0/EL1 by HCR_EL2.TWI/TWE outside the host (EC 0x01; ISS
// CV = 1, COND = 0b1110 as for every trap from AArch64 state, D17.2.37; AArch64.CheckForWFxTrap).
function wfx(c: Cpu, o: Op): void {
  const trap = (targetEl: number): never => {
    // SPSR.BTYPE of a synchronous exception is CONSTRAINED UNPREDICTABLE, 0 or PSTATE.BTYPE
    // (AArch64.TakeException, Unpredictable_ZEROBTYPE); QEMU 7.2 gives 0 for a trapped WFx
    // (it clears BTYPE before its WFx helper runs) and PSTATE.BTYPE for other traps.
    c.btype = 0;
    const iss = fieldValue32(ISS_WFX.CV, 1) | fieldValue32(ISS_WFX.COND, COND_AL) | fieldValue32(ISS_WFX.TI, o.imm ? 0 : 1);
    return raise(c, { ec: EC.WFX, iss, targetEl });
  };
  if (c.el === 0 && !isSet(c.sr.sctlrFor(0), o.imm ? SCTLR.nTWI : SCTLR.nTWE)) trap(syncTargetFromLowEl(c));
  if (c.el < 2 && !inHost(c) && hcrSet(c, o.imm ? HCR_EL2.TWI : HCR_EL2.TWE)) trap(2);
  // WFI waits for an interrupt or the next timer deadline (Machine.waitForInterrupt); WFE
  // completes at once, as in QEMU 7.2 (a wake-up is allowed at any time), whose round robin
  // leaves the vCPU's turn there (EXCP_YIELD): with several PEs under -icount the next one runs.
  if (o.imm) c.waitForInterrupt();
  else c.yieldTurn();
}

/** YIELD: a hint; QEMU 7.2's round robin (under -icount) leaves the vCPU's turn there (EXCP_YIELD). */
function yieldHint(c: Cpu): void {
  c.yieldTurn();
}

/**
 * ESB (FEAT_RAS): at EL0/EL1 with HCR_EL2.AMO (and TGE = 0), a pending virtual SError that
 * PSTATE.A masks is deferred: VDISR_EL2 records it (A = 1 and VSESR_EL2's IDS/ISS) and
 * HCR_EL2.VSE is cleared (AArch64.vESBOperation). No physical SErrors exist here. Without
 * FEAT_RAS, ESB is a NOP hint.
 */
function esb(c: Cpu): void {
  if (!c.features.ras || c.el > 1) return;
  const hcr = c.sr.get('HCR_EL2');
  if (!isSet(hcr, HCR_EL2.AMO) || isSet(hcr, HCR_EL2.TGE) || !isSet(hcr, HCR_EL2.VSE) || (c.daif & DAIF_BITS.A) === 0) return;
  c.sr.set('VDISR_EL2', fieldValue(VDISR_EL2.A) | (c.sr.get('VSESR_EL2') & (fieldValue(VDISR_EL2.IDS) | fieldValue(VDISR_EL2.ISS))));
  c.sr.set('HCR_EL2', withField(hcr, HCR_EL2.VSE, 0));
  c.eventAt = 0;
}

function clrex(c: Cpu): void {
  c.exclAddr = -1;
}

/**
 * ISB: no cached translation needs dropping here, as every write that changes a translation
 * drops the model's software TLB when it happens (the system registers marked
 * `translation`, TLBIs, PSTATE.PAN/UAO); QEMU 7.2 keeps its TLB across an ISB too.
 */
function isb(c: Cpu): void {
  c.strict?.contextSynchronized();
}

// MSR (immediate) to PSTATE fields: imm = CRm, imm2 = (op1 << 3) | op2.
function msrImm(c: Cpu, o: Op): void {
  const crm = o.imm;
  switch (o.imm2) {
    case 0x05: // SPSel
      if (c.el === 0) undefinedInstruction(c);
      c.spsel = crm & 1;
      c.syncSp();
      break;
    case 0x1e: // DAIFSet
      if (c.el === 0 && !isSet(c.sr.get('SCTLR_EL1'), SCTLR.UMA)) trapToEl1(c);
      c.daif |= crm;
      break;
    case 0x1f: // DAIFClr
      if (c.el === 0 && !isSet(c.sr.get('SCTLR_EL1'), SCTLR.UMA)) trapToEl1(c);
      c.daif &= ~crm & 0xf;
      break;
    case 0x04: // PAN
      if (c.el === 0 || !c.features.pan) undefinedInstruction(c);
      c.pan = crm & 1;
      c.contextChanged(); // the software TLB's permissions were checked under the old PAN
      break;
    case 0x03: // UAO
      if (c.el === 0 || !c.features.uao) undefinedInstruction(c);
      c.uao = crm & 1;
      c.contextChanged();
      break;
    case 0x1a: // DIT
      if (!c.features.dit) undefinedInstruction(c);
      c.dit = crm & 1;
      break;
    case 0x19: // SSBS
      if (!c.features.ssbs) undefinedInstruction(c);
      c.ssbs = crm & 1;
      break;
    case 0x00: // CFINV (FEAT_FlagM): C = NOT(C)
      if (crm !== 0 || !c.features.flagm) undefinedInstruction(c);
      c.cf ^= 1;
      break;
    case 0x01: { // XAFLAG (FEAT_FlagM2): the "external" float flag format to Arm's
      if (crm !== 0 || !c.features.flagm2) undefinedInstruction(c);
      const z = c.z, cf = c.cf;
      c.n = (cf | z) ^ 1;
      c.z = z & cf;
      c.cf = cf | z;
      c.v = (cf ^ 1) & z;
      break;
    }
    case 0x02: { // AXFLAG (FEAT_FlagM2)
      if (crm !== 0 || !c.features.flagm2) undefinedInstruction(c);
      const v = c.v;
      c.z |= v;
      c.cf &= v ^ 1;
      c.n = 0;
      c.v = 0;
      break;
    }
    default:
      undefinedInstruction(c);
  }
  if (o.imm2 === 0x04 || o.imm2 === 0x03) c.contextChanged(); // PAN/UAO change permission checks
  c.eventAt = 0; // DAIFClr may unmask a pending interrupt
}

function trapToEl1(c: Cpu): never {
  // EL0 access to DAIF without SCTLR_EL1.UMA: trapped as a system instruction (EC 0x18).
  raise(c, { ec: EC.SYS64, iss: 0, targetEl: syncTargetFromLowEl(c) });
}

/**
 * FEAT_IDST: an MRS at EL0/EL1 in the ID register space (op0 = 3, op1 = 0, 1 or 3, CRn = 0,
 * CRm = 0-7) that would be UNDEFINED is trapped with EC 0x18 and the register's ISS instead.
 */
function idstTrap(c: Cpu, key: number, rt: number, read: boolean): void {
  if (!read || c.el > 1 || !c.features.idst) return;
  const [op0, op1, crn, crm] = keyFields(key);
  if (op0 === 3 && (op1 === 0 || op1 === 1 || op1 === 3) && crn === 0 && crm <= 7) {
    raise(c, { ec: EC.SYS64, iss: sysTrapIss(key, rt, read), targetEl: syncTargetFromLowEl(c) });
  }
}

function regName(key: number): string {
  const [op0, op1, crn, crm, op2] = keyFields(key);
  return `S${op0}_${op1}_C${crn}_C${crm}_${op2}`;
}

// MRS/MSR (register): imm = sysreg key, imm2 = 1 for MRS (read), rd = Rt slot.
function mrsMsr(c: Cpu, o: Op): void {
  const read = o.imm2 === 1;
  const rtf = rtField(o);
  const d = resolveSysReg(c, o.imm);
  if (d === undefined) {
    if (el2TrapsRegister(c, undefined, o.imm, read)) trapToEl2(c, o.imm, rtf, read);
    if (read && c.el >= 1 && isReservedIdSpace(o.imm)) {
      // Unallocated encodings in the ID register space read as zero (D19.1, "Reserved, RAZ").
      c.x[o.rd] = 0;
      c.x[o.rd + 1] = 0;
      return;
    }
    idstTrap(c, o.imm, rtf, read);
    c.note(`UNDEFINED: ${read ? 'MRS' : 'MSR'} ${regName(o.imm)} (no such system register on this CPU, or not in the model's table)`);
    undefinedInstruction(c);
  }
  if (c.el < d.minEl) {
    idstTrap(c, o.imm, rtf, read);
    undefinedInstruction(c);
  }
  // The MSR encoding of a read-only register (and the MRS one of a write-only register) is
  // unallocated: UNDEFINED before any trap.
  if (read ? d.writeonly : d.readonly) undefinedInstruction(c);
  if (c.el === 0) d.el0Access?.(c, read);
  if (el2TrapsRegister(c, d, o.imm, read)) trapToEl2(c, o.imm, rtf, read);
  if (d.fp) fpAccessCheck(c);
  // SP_EL0 is not accessible by name while it is the current stack pointer.
  if (d.name === 'SP_EL0' && c.spsel === 0) undefinedInstruction(c);
  const rt = o.rd;
  if (read) {
    const v = d.read ? d.read(c) : c.sr.get(d.name);
    c.x[rt] = Number(v & 0xffffffffn) | 0;
    c.x[rt + 1] = Number((v >> 32n) & 0xffffffffn) | 0;
  } else {
    const v = (BigInt(c.x[rt + 1] >>> 0) << 32n) | BigInt(c.x[rt] >>> 0);
    const old = c.strict === undefined ? 0n : c.sr.get(d.name);
    if (d.write) d.write(c, v);
    else c.sr.set(d.name, v);
    if (d.translation) c.contextChanged();
    c.strict?.sysregWritten(d, old);
    c.eventAt = 0; // DAIF, HCR_EL2, GIC and timer registers decide which interrupt is taken
    if (c.timer !== undefined) c.timer.stale = true; // timer, CNTVOFF, PMU registers decide when a timer fires
  }
}

// NZCV (op0=3, op1=3, CRn=4, CRm=2, op2=0): accessible at every EL, never trapped, so MRS/MSR
// of it skip the system register table (C5.2.18); compiled flag save/restore uses it.
const NZCV_KEY = (1 << 14) | (3 << 11) | (4 << 7) | (2 << 3);

function mrsNzcv(c: Cpu, o: Op): void {
  c.x[o.rd] = c.getNZCV();
  c.x[o.rd + 1] = 0;
}

function msrNzcv(c: Cpu, o: Op): void {
  c.setNZCV(c.x[o.rd] & 0xf0000000);
}

// SYS: imm = (op1<<11)|(CRn<<7)|(CRm<<3)|op2, rd = Rt. One row per instruction (sys-instructions.ts).
function sys(c: Cpu, o: Op): void {
  const d = lookupSysInsn(o.imm);
  const op1 = (o.imm >>> 11) & 7;
  if (c.el < (d?.minEl ?? minElOfSysOp1(op1))) undefinedInstruction(c);
  if (d === undefined || (d.feature !== undefined && !c.features[d.feature])) {
    // Not a system instruction the architecture (with this profile) allocates: UNDEFINED, as
    // QEMU 7.2 treats any SYS encoding missing from its tables.
    c.note(`UNDEFINED: SYS #${op1}, C${(o.imm >>> 7) & 15}, C${(o.imm >>> 3) & 15}, #${o.imm & 7} (not an instruction the model knows)`);
    undefinedInstruction(c);
  }
  // EL0's own enable (SCTLR_ELx) is checked before the trap to EL2, as in each instruction's
  // pseudocode (DC ZVA: DZE, then HCR_EL2.TDZ; IC IVAU: UCI, then HCR_EL2.TPU).
  const el0Enable = d.minEl === 0 ? EL0_ENABLE[d.kind] : undefined;
  if (el0Enable !== undefined) el0EnableCheck(c, o, el0Enable);
  if (d.trap !== undefined && c.el < 2 && !(c.el === 0 && inHost(c)) && hcrSet(c, d.trap)) {
    trapToEl2(c, o.imm, rtField(o), false, true);
  }
  SYS_KINDS[d.kind](c, o, d);
}

/** The SCTLR_ELx bit that lets EL0 execute an EL0-accessible SYS instruction of each kind. */
const EL0_ENABLE: Partial<Record<SysInsnKind, Field>> = { ic: SCTLR.UCI, 'dc-va': SCTLR.UCI, 'dc-zva': SCTLR.DZE, predres: SCTLR.EnRCTX };

const minElOfSysOp1 = (op1: number): number => (op1 === 4 ? 2 : op1 === 6 ? 3 : op1 === 3 ? 0 : 1);

/** What each kind of SYS instruction does. */
const SYS_KINDS: Record<SysInsnKind, (c: Cpu, o: Op, d: SysInsnDef) => void> = {
  // TLBI: the model's software TLB is dropped (over-invalidation is always allowed); translations
  // are re-walked. The hook lets the --strict checker see which TLBI it was.
  tlbi: (c, o, d) => {
    c.contextChanged();
    c.hooks.tlbi(c, d, c.x[o.rd], c.x[o.rd + 1]);
  },
  // No instruction cache is modelled; the decoded-code caches are dropped.
  ic: (c) => c.contextChanged(),
  at: (c, o, d) => c.hooks.addressTranslate(c, d.at!, c.x[o.rd], c.x[o.rd + 1]),
  'dc-sw': () => {}, // by set/way: no caches
  // DC by VA translates like a read (IVAC: a write) and can fault with ESR ISS.CM=1; there is
  // no cache to maintain.
  'dc-va': (c, o, d) => {
    c.checkTranslation(c.x[o.rd], c.x[o.rd + 1], d.asWrite ? ACC_WRITE : ACC_READ);
  },
  'dc-zva': (c, o) => dcZva(c, o),
  predres: () => {}, // no prediction resources to restrict
};

/** A SYS instruction that EL0 may execute only with an SCTLR_ELx enable: else an EC 0x18 trap. */
function el0EnableCheck(c: Cpu, o: Op, enable: Field): void {
  if (c.el !== 0 || isSet(c.sr.sctlrFor(0), enable)) return;
  raise(c, { ec: EC.SYS64, iss: sysTrapIss(o.imm, rtField(o), false, true), targetEl: syncTargetFromLowEl(c) });
}

/** DC ZVA: zero the naturally aligned block of 4 << DCZID_EL0.BS bytes (64 here). */
function dcZva(c: Cpu, o: Op): void {
  // (EL0 needed SCTLR_ELx.DZE, checked with the SYS instruction's other controls.)
  const bs = 4 << fieldOf(c.sr.get('DCZID_EL0'), DCZID_EL0.BS);
  const lo = c.x[o.rd] & ~(bs - 1), hi = c.x[o.rd + 1];
  for (let i = 0; i < bs; i += 8) c.st64((lo + i) | 0, hi, 0, 0);
}

/**
 * Handlers that touch nothing but general registers and NZCV and never take an exception
 * (block-translator.ts runs them back to back): hints, barriers, MRS/MSR NZCV.
 */
export const systemStraightLine: readonly Handler[] = [nop, mrsNzcv, msrNzcv];

export const systemEntries: InsnDef[] = [
  def('SVC', 'exception', '11010100000xxxxxxxxxxxxxxxx00001', (w) => op(svc, 'SVC', w, { imm: bits(w, 20, 5) })),
  def('HVC', 'exception', '11010100000xxxxxxxxxxxxxxxx00010', (w) => op(hvc, 'HVC', w, { imm: bits(w, 20, 5) })),
  def('SMC', 'exception', '11010100000xxxxxxxxxxxxxxxx00011', (w) => op(smc, 'SMC', w, { imm: bits(w, 20, 5) })),
  def('BRK', 'exception', '11010100001xxxxxxxxxxxxxxxx00000', (w) => op(brk, 'BRK', w, { imm: bits(w, 20, 5) })),
  def('HLT', 'exception', '11010100010xxxxxxxxxxxxxxxx00000', (w) => op(hlt, 'HLT', w)),
  def('WFE', 'system', '11010101000000110010000001011111', (w) => op(wfx, 'WFE', w, { imm: 0 })),
  def('WFI', 'system', '11010101000000110010000001111111', (w) => op(wfx, 'WFI', w, { imm: 1 })),
  def('ESB', 'system', '11010101000000110010001000011111', (w) => op(esb, 'ESB', w)),
  ...pacHintEntries,
  def('YIELD', 'system', '11010101000000110010000000111111', (w) => op(yieldHint, 'YIELD', w)),
  // Other hints (NOP, SEV, SEVL, PSB, CSDB, BTI...): SEV and SEVL are NOPs as in QEMU 7.2,
  // whose WFE never waits for the event register.
  def('HINT', 'system', '11010101000000110010xxxxxxx11111', (w) => op(nop, 'HINT', w)),
  def('CLREX', 'system', '11010101000000110011xxxx01011111', (w) => op(clrex, 'CLREX', w)),
  def('DSB', 'system', '11010101000000110011xxxx10011111', (w) => op(nop, 'DSB', w)),
  def('DMB', 'system', '11010101000000110011xxxx10111111', (w) => op(nop, 'DMB', w)),
  def('ISB', 'system', '11010101000000110011xxxx11011111', (w) => op(isb, 'ISB', w)),
  def('SB', 'system', '11010101000000110011000011111111', (w) => op(sb, 'SB', w)),
  def('MSR (immediate)', 'system', '1101010100000xxx0100xxxxxxx11111', (w) =>
    op(msrImm, 'MSR', w, { imm: bits(w, 11, 8), imm2: (bits(w, 18, 16) << 3) | bits(w, 7, 5) })),
  def('SYS', 'system', '1101010100001xxxxxxxxxxxxxxxxxxx', (w) =>
    op(sys, 'SYS', w, { imm: bits(w, 18, 5), rd: 2 * (bits(w, 4, 0) === 31 ? 32 : bits(w, 4, 0)), cm: bits(w, 15, 12) === 7 })),
  def('MRS', 'system', '110101010011xxxxxxxxxxxxxxxxxxxx', (w) =>
    op(bits(w, 19, 5) === NZCV_KEY ? mrsNzcv : mrsMsr, 'MRS', w, { imm: bits(w, 19, 5), imm2: 1, rd: 2 * (bits(w, 4, 0) === 31 ? 33 : bits(w, 4, 0)) })),
  def('MSR (register)', 'system', '110101010001xxxxxxxxxxxxxxxxxxxx', (w) =>
    op(bits(w, 19, 5) === NZCV_KEY ? msrNzcv : mrsMsr, 'MSR', w, { imm: bits(w, 19, 5), imm2: 0, rd: 2 * (bits(w, 4, 0) === 31 ? 32 : bits(w, 4, 0)) })),
];

export { takeException };
