// Exception entry and return (Arm ARM DDI 0487 D1.10 "Exception entry", D1.11 "Exception
// return"; pseudocode AArch64.TakeException, AArch64.ExceptionReturn), each reported as an
// architectural event (events.ts).

import { softwareStepActive } from './debug-state.ts';
import { EXCEPTION_TAKEN, type Cpu } from './cpu.ts';
import { field32, fieldOf, fieldValue, fieldValue32, isSet, isSet32 } from './arch/field.ts';
import { inHost, isTGE } from './arch/regime.ts';
import { ESR, HPFAR_EL2, PSTATE, SCTLR, VBAR } from './arch/registers.ts';
import { bankedName } from './sysreg-file.ts';
import type { ExceptionKind, ExceptionTaken } from './events.ts';

/** Exception classes (ESR_ELx.EC), D17.2.37. */
export const EC = {
  UNKNOWN: 0x00,
  WFX: 0x01,
  FP_ASIMD: 0x07,
  PAC_TRAP: 0x09,
  ILLEGAL_STATE: 0x0e,
  SVC64: 0x15,
  HVC64: 0x16,
  SMC64: 0x17,
  SYS64: 0x18,
  IABT_LOWER: 0x20,
  IABT_CURRENT: 0x21,
  PC_ALIGN: 0x22,
  DABT_LOWER: 0x24,
  DABT_CURRENT: 0x25,
  SP_ALIGN: 0x26,
  SOFTWARE_STEP_LOWER: 0x32,
  SOFTWARE_STEP_CURRENT: 0x33,
  BREAKPOINT_LOWER: 0x30,
  BREAKPOINT_CURRENT: 0x31,
  WATCHPOINT_LOWER: 0x34,
  WATCHPOINT_CURRENT: 0x35,
  BRK64: 0x3c,
} as const;

export interface ExceptionInfo {
  ec: number;
  iss: number;
  targetEl: number;
  /** Preferred return address; defaults to the PC of the current instruction. */
  returnLo?: number;
  returnHi?: number;
  /** Faulting virtual address for aborts and PC alignment (FAR_ELx). */
  far?: bigint;
  /** Faulting IPA for stage-2 aborts (HPFAR_EL2). */
  ipa?: number;
  /** Vector offset within the 0x80-spaced group: 0 sync, 0x80 IRQ, 0x100 FIQ, 0x180 SError. */
  kind?: number;
  /** A virtual interrupt or SError (reported as such; taken like the physical one). */
  virtual?: boolean;
}

const KIND_AT_OFFSET: Record<number, ExceptionKind> = { 0: 'synchronous', 0x80: 'irq', 0x100: 'fiq', 0x180: 'serror' };

/** ESR_ELx for a syndrome: EC, IL = 1 (a 32-bit instruction), ISS (D17.2.37). */
export function esrValue(ec: number, iss: number): number {
  return (fieldValue32(ESR.EC, ec) | fieldValue32(ESR.IL, 1) | fieldValue32(ESR.ISS, iss)) >>> 0;
}

/** AArch64.TakeException: enter `targetEl`, save state, branch to the vector. */
export function takeException(c: Cpu, e: ExceptionInfo): void {
  const from = c.el;
  c.strict?.contextSynchronized(); // exception entry is a context synchronization event
  const t = e.targetEl;
  // SVC, HVC and SMC complete the instruction being stepped (D2.12.6): SPSR.SS = 0, so the
  // step exception follows the return. Other synchronous exceptions keep PSTATE.SS = 1.
  if (c.stepping && (e.ec === EC.SVC64 || e.ec === EC.HVC64 || e.ec === EC.SMC64) && e.kind === undefined) c.ss = 0;
  const spsr = c.getPstate();
  const retLo = e.returnLo ?? c.pcLo;
  const retHi = e.returnHi ?? c.pcHi;
  const elr = (BigInt(retHi >>> 0) << 32n) | BigInt(retLo >>> 0);
  const esr = esrValue(e.ec, e.iss);
  // IRQ and FIQ (vector offsets 0x80, 0x100) leave ESR_ELx alone: it has no syndrome for them.
  const interrupt = e.kind === 0x80 || e.kind === 0x100;
  c.sr.set(bankedName('SPSR', t), BigInt(spsr));
  c.sr.set(bankedName('ELR', t), elr);
  if (!interrupt) c.sr.set(bankedName('ESR', t), BigInt(esr));
  if (e.far !== undefined) c.sr.set(bankedName('FAR', t), e.far);
  if (e.ipa !== undefined) {
    // HPFAR_EL2.FIPA holds IPA[51:12] (D17.2.66).
    c.sr.set('HPFAR_EL2', fieldValue(HPFAR_EL2.FIPA, Math.floor(e.ipa / 4096)));
  }
  const vbar = c.sr.get(bankedName('VBAR', t)) & VBAR.ADDR.inPlace;
  let offset = e.kind ?? 0;
  if (t > from) offset += 0x400; // lower EL using AArch64
  else if (c.spsel) offset += 0x200; // current EL with SP_ELx
  const sctlr = c.sr.get(bankedName('SCTLR', t));
  // PSTATE.NZCV is left unchanged (AArch64.TakeException does not write it). QEMU 7.2 clears
  // it; the harness reports that as a QEMU deviation (nzcv-cleared-on-exception-entry).
  if ((c.n | c.z | c.cf | c.v) !== 0 && c.followQemu.has('nzcv-cleared-on-exception-entry') && c.qemuDeviation('nzcv-cleared-on-exception-entry')) c.setNZCV(0);
  c.el = t;
  c.spsel = 1;
  c.daif = 0xf;
  c.ss = 0;
  c.stepping = false; // an instruction being stepped did not complete
  c.il = 0;
  c.btype = 0;
  c.btypeNext = 0;
  c.uao = 0;
  // PSTATE.PAN is set on entry to EL1, or to EL2 in the EL2&0 host (E2H and TGE), when
  // SCTLR_ELx.SPAN is 0 (AArch64.TakeException, D1.10.2).
  if ((t === 1 || (t === 2 && inHost(c))) && !isSet(sctlr, SCTLR.SPAN) && c.features.pan) c.pan = 1;
  if (c.features.ssbs) c.ssbs = fieldOf(sctlr, SCTLR.DSSBS);
  c.syncSp();
  c.contextChanged();
  c.exclAddr = -1;
  c.setPC(vbar + BigInt(offset));
  const kind = KIND_AT_OFFSET[e.kind ?? 0];
  const taken: ExceptionTaken = {
    event: 'exception-taken', kind, async: kind !== 'synchronous', virtual: e.virtual === true, fromEl: from, toEl: t,
    ...(interrupt ? {} : { ec: e.ec, iss: e.iss & 0x1ffffff, esr }),
    elr, ...(e.far !== undefined ? { far: e.far } : {}), vector: c.pc, pstate: c.getPstate(),
  };
  c.onEvent(taken);
}

/** Takes a synchronous exception and unwinds the current instruction. */
export function raise(c: Cpu, e: ExceptionInfo): never {
  takeException(c, e);
  // The run loop counts the instruction that raised an exception; QEMU's -icount does not
  // count one whose fetch or memory access faulted (it unwinds the translation block to
  // before it), and both sides' clocks count instructions (scenario icount-exceptions).
  if (UNCOUNTED_FAULTS.has(e.ec)) {
    c.instret--;
    if (!FETCH_FAULTS.has(e.ec)) c.restarted++;
  }
  throw EXCEPTION_TAKEN;
}

/** Exception classes of an instruction that did not complete: its fetch or its memory access faulted. */
const UNCOUNTED_FAULTS: ReadonlySet<number> = new Set([
  EC.IABT_LOWER, EC.IABT_CURRENT, EC.DABT_LOWER, EC.DABT_CURRENT, EC.WATCHPOINT_LOWER, EC.WATCHPOINT_CURRENT,
]);

/** Of those, the ones taken before the instruction started (its fetch faulted). */
const FETCH_FAULTS: ReadonlySet<number> = new Set([EC.IABT_LOWER, EC.IABT_CURRENT]);

/** Where an exception that would go to EL1 goes: EL2 when HCR_EL2.TGE routes it there. */
export function syncTargetFromLowEl(c: Cpu): number {
  if (c.el >= 2) return c.el;
  if (c.el === 0 && isTGE(c)) return 2;
  return 1;
}

/** UNDEFINED instruction (EC 0), taken to EL1 (or EL2 from EL2 / with TGE). */
export function undefinedInstruction(c: Cpu): never {
  raise(c, { ec: EC.UNKNOWN, iss: 0, targetEl: syncTargetFromLowEl(c) });
}

/** SPSR.M[1] is reserved for an AArch64 target. */
const M_RESERVED = 2;

/** Legal SPSR.M[3:0] values for an AArch64 target (EL0t, EL1t, EL1h, EL2t, EL2h). */
function legalReturnMode(c: Cpu, m: number): boolean {
  if (isSet32(m, PSTATE.nRW)) return false; // AArch32: not modelled, treated as illegal
  if ((m & M_RESERVED) !== 0) return false;
  const el = field32(m, PSTATE.EL);
  if (el > c.el) return false;
  if (el === 0 && isSet32(m, PSTATE.SP)) return false;
  if (el === 3) return false;
  // Return to EL1 with HCR_EL2.TGE set is illegal (D1.11.4).
  if (el === 1 && isTGE(c)) return false;
  return true;
}

/** AArch64.ExceptionReturn for ERET (to ELR), or ERETAA/ERETAB (to `target`, ELR authenticated). */
export function exceptionReturn(c: Cpu, target?: bigint): void {
  const from = c.el;
  c.strict?.contextSynchronized(); // so is exception return (ERET)
  const spsr = Number(c.sr.get(bankedName('SPSR', from)) & 0xffffffffn) >>> 0;
  const elr = target ?? c.sr.get(bankedName('ELR', from));
  c.exclAddr = -1;
  if (!legalReturnMode(c, field32(spsr, PSTATE.M))) {
    // Illegal exception return (D1.11.4, IllegalExceptionReturn): PSTATE.IL is set, EL and
    // SP selection are unchanged; the next instruction takes an Illegal Execution state
    // exception. NZCV and DAIF come from SPSR and the rest of PSTATE is kept, as QEMU 7.2
    // does. QEMU logs this as a guest error, not as an "Exception return", so no record.
    const keep = c.getPstate();
    const fromSpsr = PSTATE.NZCV.inPlace32 | PSTATE.DAIF.inPlace32;
    c.setPstate(((spsr & fromSpsr) | (keep & ~fromSpsr) | PSTATE.IL.inPlace32) >>> 0);
    c.btypeNext = c.btype;
    c.setPC(elr);
    c.note('illegal exception return: PSTATE.IL set (QEMU logs it as a guest error)');
    return;
  }
  c.setPstate(spsr & c.pstateMask & ~PSTATE.IL.inPlace32); // SPSR bits of absent features are RES0
  // PSTATE.SS keeps SPSR.SS only where software step is active after the return (D2.12.5).
  if (c.ss !== 0 && !softwareStepActive(c)) c.ss = 0;
  c.eventAt = 0; // PSTATE.DAIF and the EL changed: look at the interrupt lines
  c.btypeNext = c.btype; // ERET restores PSTATE.BTYPE from SPSR for the target instruction
  c.setPC(elr);
  c.onEvent({ event: 'exception-return', fromEl: from, toEl: c.el, elr });
}
