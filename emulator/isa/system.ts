// System instructions: exception generation (SVC/HVC/SMC/BRK/HLT), hints, barriers,
// PSTATE access (MSR immediate), MRS/MSR, SYS (TLBI, DC, IC, AT) (Arm ARM C4.1.85).

import { ACC_READ, ACC_WRITE, type Cpu, type Handler, type Op } from '../cpu.ts';
import { EC, esrValue, raise, syncTargetFromLowEl, takeException, undefinedInstruction } from '../exceptions.ts';
import { psciCall } from '../psci.ts';
import { hcrTrapsRegister, hcrTrapsSysInstruction, isReservedIdSpace, resolveSysReg, sysTrapIss, trapToEl2 } from '../sysreg-access.ts';
import { keyFields } from '../sysregs.ts';
import { bits, def, op, type InsnDef } from './common.ts';
import { fpAccessCheck } from './fp-access.ts';

const HCR_TWI = 1n << 13n;
const HCR_TWE = 1n << 14n;
const HCR_TSC = 1n << 19n;
const HCR_HCD = 1n << 29n;

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
  if (c.el === 0 || (c.el === 1 && (c.sr.get('HCR_EL2') & HCR_HCD) !== 0n)) undefinedInstruction(c);
  const [lo, hi] = nextPcOf(c);
  raise(c, { ec: EC.HVC64, iss: o.imm, targetEl: 2, returnLo: lo, returnHi: hi });
}

function smc(c: Cpu, o: Op): void {
  if (c.el === 0) undefinedInstruction(c);
  // HCR_EL2.TSC traps SMC from EL1 to EL2; the preferred return is the SMC itself.
  if (c.el === 1 && (c.sr.get('HCR_EL2') & HCR_TSC) !== 0n) {
    raise(c, { ec: EC.SMC64, iss: o.imm, targetEl: 2 });
  }
  // The board has no EL3; QEMU 7.2 emulates the firmware behind the SMC conduit, and answers
  // every SMC from EL1/EL2 as a PSCI/SMCCC call: an unknown function returns NOT_SUPPORTED
  // (-1) in x0 rather than being UNDEFINED (seen on QEMU 7.2 for 0x8400ff00, 0x82000000,
  // 0xc4000020, 0x40000000 ...: scenario exception-model).
  c.onEvent({ event: 'firmware-call', conduit: 'smc', fromEl: c.el, imm: o.imm, esr: esrValue(EC.SMC64, o.imm) });
  const req = psciCall(c);
  if (req !== undefined) c.powerRequest(req);
}

function brk(c: Cpu, o: Op): void {
  const mdcr = c.sr.get('MDCR_EL2');
  let target = syncTargetFromLowEl(c);
  if (c.el < 2 && (mdcr & (1n << 8n)) !== 0n) target = 2; // MDCR_EL2.TDE routes debug to EL2
  raise(c, { ec: EC.BRK64, iss: o.imm, targetEl: target });
}

function hlt(c: Cpu): void {
  // Halting debug is not enabled (EDSCR.HDE=0): HLT is UNDEFINED (C6.2.103).
  undefinedInstruction(c);
}

function nop(): void {}

// WFI/WFE: imm = 1 for WFI. Trapped to EL2 from EL0/EL1 by HCR_EL2.TWI/TWE (EC 0x01; ISS CV = 1,
// COND = 0b1110 as for every trap from AArch64 state, D17.2.37).
function wfx(c: Cpu, o: Op): void {
  if (c.el < 2 && (c.sr.get('HCR_EL2') & (o.imm ? HCR_TWI : HCR_TWE)) !== 0n) {
    // SPSR.BTYPE of a synchronous exception is CONSTRAINED UNPREDICTABLE, 0 or PSTATE.BTYPE
    // (AArch64.TakeException, Unpredictable_ZEROBTYPE); QEMU 7.2 gives 0 for a trapped WFx
    // (it clears BTYPE before its WFx helper runs) and PSTATE.BTYPE for other traps.
    c.btype = 0;
    raise(c, { ec: EC.WFX, iss: (1 << 24) | (0xe << 20) | (o.imm ? 0 : 1), targetEl: 2 });
  }
  // WFI waits for an interrupt or the next timer deadline (Machine.waitForInterrupt); WFE
  // completes at once, as in QEMU 7.2 for one PE (a wake-up is allowed at any time).
  if (o.imm) c.waitForInterrupt();
}

function clrex(c: Cpu): void {
  c.exclAddr = -1;
}

function isb(c: Cpu): void {
  c.contextChanged();
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
      if (c.el === 0 && (c.sr.get('SCTLR_EL1') & (1n << 9n)) === 0n) trapToEl1(c);
      c.daif |= crm;
      break;
    case 0x1f: // DAIFClr
      if (c.el === 0 && (c.sr.get('SCTLR_EL1') & (1n << 9n)) === 0n) trapToEl1(c);
      c.daif &= ~crm & 0xf;
      break;
    case 0x04: // PAN
      if (c.el === 0 || !c.features.pan) undefinedInstruction(c);
      c.pan = crm & 1;
      break;
    case 0x03: // UAO
      if (c.el === 0 || !c.features.uao) undefinedInstruction(c);
      c.uao = crm & 1;
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

/** Registers whose writes change translation or permission checks: the software TLB is dropped. */
const TRANSLATION_REGS = new Set([
  'SCTLR_EL1', 'SCTLR_EL2', 'HCR_EL2', 'TCR_EL1', 'TCR_EL2', 'TTBR0_EL1', 'TTBR1_EL1', 'TTBR0_EL2', 'TTBR1_EL2',
  'VTCR_EL2', 'VTTBR_EL2', 'MAIR_EL1', 'MAIR_EL2', 'PAN', 'UAO', 'SPSel',
]);

/**
 * FEAT_IDST: an MRS at EL0/EL1 in the ID register space (op0 = 3, op1 = 0, 1 or 3, CRn = 0,
 * CRm = 0-7) that would be UNDEFINED is trapped with EC 0x18 and the register's ISS instead.
 */
function idstTrap(c: Cpu, key: number, rtField: number, read: boolean): void {
  if (!read || c.el > 1 || !c.features.idst) return;
  const [op0, op1, crn, crm] = keyFields(key);
  if (op0 === 3 && (op1 === 0 || op1 === 1 || op1 === 3) && crn === 0 && crm <= 7) {
    raise(c, { ec: EC.SYS64, iss: sysTrapIss(key, rtField, read), targetEl: syncTargetFromLowEl(c) });
  }
}

function regName(key: number): string {
  const [op0, op1, crn, crm, op2] = keyFields(key);
  return `S${op0}_${op1}_C${crn}_C${crm}_${op2}`;
}

// MRS/MSR (register): imm = sysreg key, imm2 = 1 for MRS (read), rd = Rt slot.
function mrsMsr(c: Cpu, o: Op): void {
  const read = o.imm2 === 1;
  const rtField = o.rd >>> 1 >= 32 ? 31 : o.rd >>> 1;
  const d = resolveSysReg(c, o.imm);
  if (d === undefined) {
    if (hcrTrapsRegister(c, undefined, o.imm, read)) trapToEl2(c, o.imm, rtField, read);
    if (read && c.el >= 1 && isReservedIdSpace(o.imm)) {
      // Unallocated encodings in the ID register space read as zero (D19.1, "Reserved, RAZ").
      c.x[o.rd] = 0;
      c.x[o.rd + 1] = 0;
      return;
    }
    idstTrap(c, o.imm, rtField, read);
    c.note(`UNDEFINED: ${read ? 'MRS' : 'MSR'} ${regName(o.imm)} (no such system register on this CPU, or not in the model's table)`);
    undefinedInstruction(c);
  }
  if (c.el < d.minEl) {
    idstTrap(c, o.imm, rtField, read);
    undefinedInstruction(c);
  }
  if (hcrTrapsRegister(c, d, o.imm, read)) trapToEl2(c, o.imm, rtField, read);
  if (d.fp) fpAccessCheck(c);
  // SP_EL0 is not accessible by name while it is the current stack pointer.
  if (d.name === 'SP_EL0' && c.spsel === 0) undefinedInstruction(c);
  const rt = o.rd;
  if (read) {
    if (d.writeonly) undefinedInstruction(c);
    const v = d.read ? d.read(c) : c.sr.get(d.name);
    c.x[rt] = Number(v & 0xffffffffn) | 0;
    c.x[rt + 1] = Number((v >> 32n) & 0xffffffffn) | 0;
  } else {
    if (d.readonly) undefinedInstruction(c);
    const v = (BigInt(c.x[rt + 1] >>> 0) << 32n) | BigInt(c.x[rt] >>> 0);
    const old = c.strict === undefined ? 0n : c.sr.get(d.name);
    if (d.write) d.write(c, v);
    else c.sr.set(d.name, v);
    if (TRANSLATION_REGS.has(d.name)) c.contextChanged();
    c.strict?.sysregWritten(d.name, old);
    c.eventAt = 0; // DAIF, HCR_EL2, GIC and timer registers decide which interrupt is taken
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

// SYS: imm = (op1<<11)|(CRn<<7)|(CRm<<3)|op2, rd = Rt.
function sys(c: Cpu, o: Op): void {
  const op1 = (o.imm >>> 11) & 7, crn = (o.imm >>> 7) & 15, crm = (o.imm >>> 3) & 15, op2 = o.imm & 7;
  const minEl = op1 === 4 ? 2 : op1 === 6 ? 3 : op1 === 3 ? 0 : 1;
  if (c.el < minEl) undefinedInstruction(c);
  if (hcrTrapsSysInstruction(c, op1, crn, crm, op2)) {
    trapToEl2(c, o.imm, o.rd >>> 1 >= 32 ? 31 : o.rd >>> 1, false, true);
  }
  if (crn === 8 && op1 !== 0 && op1 !== 4 && op1 !== 6) undefinedInstruction(c); // TLBI is op1 0/4/6 only
  if (crn === 8) {
    // TLBI: the model's software TLB is dropped (over-invalidation is always allowed);
    // translations are re-walked. The hook lets the --strict checker see which TLBI it was.
    c.contextChanged();
    c.hooks.tlbi(c, op1, crm, op2, c.x[o.rd], c.x[o.rd + 1]);
    return;
  }
  if (crn === 7) {
    if (crm === 4 && op1 === 3 && op2 === 1) return dcZva(c, o);
    // IC IALLUIS, IC IALLU (EL1), IC IVAU (EL0 too): no instruction cache is modelled.
    const ic = (op1 === 0 && op2 === 0 && (crm === 1 || crm === 5)) || (op1 === 3 && crm === 5 && op2 === 1);
    if (ic) {
      if (op1 === 3) el0CacheOpCheck(c, o);
      c.contextChanged();
      return;
    }
    if (crm === 8 || crm === 9) {
      if (c.hooks.addressTranslate(c, op1, crm, op2, c.x[o.rd], c.x[o.rd + 1])) return;
      undefinedInstruction(c);
    }
    if (op1 === 0 && op2 === 2 && (crm === 6 || crm === 10 || crm === 14)) return; // DC by set/way: no caches
    const dcByVa = (op1 === 0 && crm === 6 && op2 === 1) || // DC IVAC
      (op1 === 3 && op2 === 1 && (crm === 10 || crm === 11 || crm === 12 || crm === 13 || crm === 14));
    if (dcByVa) {
      if (op1 === 3) el0CacheOpCheck(c, o);
      // DC by VA translates like a read (IVAC: a write) and can fault with ESR ISS.CM=1;
      // there is no cache to maintain.
      c.checkTranslation(c.x[o.rd], c.x[o.rd + 1], op1 === 0 ? ACC_WRITE : ACC_READ);
      return;
    }
  }
  // Not a system instruction the architecture (with this profile) allocates: UNDEFINED, as
  // QEMU 7.2 treats any SYS encoding missing from its tables.
  c.note(`UNDEFINED: SYS #${op1}, C${crn}, C${crm}, #${op2} (not an instruction the model knows)`);
  undefinedInstruction(c);
}

/** EL0 cache maintenance by VA (DC CVAC/CVAU/CVAP/CVADP/CIVAC, IC IVAU) needs SCTLR_ELx.UCI. */
function el0CacheOpCheck(c: Cpu, o: Op): void {
  if (c.el !== 0 || (c.sr.sctlrFor(0) & (1n << 26n)) !== 0n) return;
  raise(c, { ec: EC.SYS64, iss: sysTrapIss(o.imm, o.rd >>> 1 >= 32 ? 31 : o.rd >>> 1, false, true),
    targetEl: syncTargetFromLowEl(c) });
}

/** DC ZVA: zero the naturally aligned block of 4 << DCZID_EL0.BS bytes (64 here). */
function dcZva(c: Cpu, o: Op): void {
  // EL0 needs SCTLR_ELx.DZE (bit 14), else an EC 0x18 trap (as DCZID_EL0.DZP tells software).
  if (c.el === 0 && (c.sr.sctlrFor(0) & (1n << 14n)) === 0n) {
    raise(c, { ec: EC.SYS64, iss: sysTrapIss(o.imm, o.rd >>> 1 >= 32 ? 31 : o.rd >>> 1, false, true),
      targetEl: syncTargetFromLowEl(c) });
  }
  const bs = 4 << Number(c.sr.get('DCZID_EL0') & 0xfn);
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
  // Other hints (NOP, YIELD, SEV, SEVL, ESB, PSB, CSDB, BTI, PAC hints with keys disabled...).
  def('HINT', 'system', '11010101000000110010xxxxxxx11111', (w) => op(nop, 'HINT', w)),
  def('CLREX', 'system', '11010101000000110011xxxx01011111', (w) => op(clrex, 'CLREX', w)),
  def('DSB', 'system', '11010101000000110011xxxx10011111', (w) => op(nop, 'DSB', w)),
  def('DMB', 'system', '11010101000000110011xxxx10111111', (w) => op(nop, 'DMB', w)),
  def('ISB', 'system', '11010101000000110011xxxx11011111', (w) => op(isb, 'ISB', w)),
  def('SB', 'system', '11010101000000110011000011111111', (w) => op(nop, 'SB', w)),
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
