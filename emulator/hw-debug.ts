// Hardware breakpoints and watchpoints (Arm ARM D2.8 "Breakpoint exceptions", D2.9
// "Watchpoint exceptions"): DBGBVR/DBGBCR address-match breakpoints and DBGWVR/DBGWCR
// watchpoints, with the privilege (PMC/PAC, HMC, SSC) and link (LBN to a context-ID
// breakpoint) checks, raised when MDSCR_EL1.MDE is set and debug exceptions are enabled at
// the current EL (debug-state.ts). Where the architecture leaves a choice, QEMU 7.2's
// (target/arm/debug_helper.c): reserved WCR.MASK values 1-2 and BAS = 0 disable the
// watchpoint, MASK wins over BAS, only the first run of set BAS bits is watched, FAR of a
// breakpoint is 0 (UNKNOWN), FAR of a watchpoint is the higher of the access and watched
// addresses; both are raised before the access or instruction happens.

import type { Cpu } from './cpu.ts';
import { fieldOf, fieldValue32, isSet } from './arch/field.ts';
import { DBGBCR, DBGWCR, ID_AA64DFR0_EL1, ISS_WPT, MDSCR_EL1_MDE } from './arch/registers.ts';
import { debugExceptionsEnabled, debugTargetEl } from './debug-state.ts';
import { EC, raise, takeException } from './exceptions.ts';
import type { SysRegName } from './sysreg-rooms.ts';

/** The fault status a debug exception reports (0b100010). */
const DEBUG_FSC = 0x22;

const reg = (kind: 'B' | 'W', what: 'VR' | 'CR', n: number): SysRegName => `DBG${kind}${what}${n}_EL1` as SysRegName;
const implemented = (c: Cpu, kind: 'B' | 'W'): number =>
  fieldOf(c.sr.get('ID_AA64DFR0_EL1'), kind === 'B' ? ID_AA64DFR0_EL1.BRPs : ID_AA64DFR0_EL1.WRPs) + 1;

/**
 * Recomputes whether any breakpoint or watchpoint is enabled (MDSCR_EL1.MDE and an E bit):
 * after a write to MDSCR_EL1 or a DBG* register. Armed breakpoints make the run loop look
 * at every instruction; armed watchpoints keep data accesses off the software TLB's fast path.
 */
export function debugArmingChanged(c: Cpu): void {
  const mde = isSet(c.sr.get('MDSCR_EL1'), MDSCR_EL1_MDE);
  const any = (kind: 'B' | 'W'): boolean => {
    for (let n = 0; n < implemented(c, kind); n++) if (isSet(c.sr.get(reg(kind, 'CR', n)), DBGBCR.E)) return true;
    return false;
  };
  c.breakpointsArmed = mde && any('B');
  c.watchpointsArmed = mde && any('W');
  c.contextChanged();
  c.eventAt = 0;
}

/** The privilege, security and link checks common to breakpoints and watchpoints (QEMU bp_wp_matches). */
function privilegeMatches(c: Cpu, cr: bigint, el: number): boolean {
  // SSC: no Secure state here (the virt board runs Non-secure); 0b10 is Secure only.
  if (fieldOf(cr, DBGWCR.SSC) === 2) return false;
  const pac = fieldOf(cr, DBGWCR.PAC); // PMC for breakpoints, same place
  if (el >= 2 ? !isSet(cr, DBGWCR.HMC) : el === 1 ? (pac & 1) === 0 : (pac & 2) === 0) return false;
  // Linked: a breakpoint's BT = 0b0001 and a watchpoint's WT are both bit 20.
  if (isSet(cr, DBGWCR.WT)) return linkedContextMatches(c, fieldOf(cr, DBGWCR.LBN));
  return true;
}

/**
 * A link to a context-ID breakpoint (BT = 0b0011) matches while CONTEXTIDR_EL1 equals its
 * value, at EL0/EL1 only. Links to anything else never match (CONSTRAINED UNPREDICTABLE:
 * QEMU 7.2 treats them as disabled).
 */
function linkedContextMatches(c: Cpu, lbn: number): boolean {
  if (lbn >= implemented(c, 'B')) return false;
  const cr = c.sr.get(reg('B', 'CR', lbn));
  if (!isSet(cr, DBGBCR.E) || fieldOf(cr, DBGBCR.BT) !== 3 || c.el > 1) return false;
  return (c.sr.get(reg('B', 'VR', lbn)) & 0xffffffffn) === (c.sr.get('CONTEXTIDR_EL1') & 0xffffffffn);
}

/** Does breakpoint n (an unlinked or linked address match, BT = 0b000x) match the PC? */
function breakpointMatches(c: Cpu, n: number, pc: bigint): boolean {
  const cr = c.sr.get(reg('B', 'CR', n));
  if (!isSet(cr, DBGBCR.E) || (fieldOf(cr, DBGBCR.BT) & ~1) !== 0 || fieldOf(cr, DBGBCR.BAS) === 0) return false;
  // DBGBVR holds VA[48:2], sign-extended above (the top bits are RESS).
  const addr = BigInt.asUintN(64, BigInt.asIntN(49, c.sr.get(reg('B', 'VR', n)))) & ~3n;
  return addr === pc && privilegeMatches(c, cr, c.el);
}

/**
 * Before the instruction at PC executes (the run loop calls it while breakpoints are armed):
 * takes the Breakpoint exception if one matches. Returns whether it did.
 */
export function checkBreakpoints(c: Cpu): boolean {
  if (!debugExceptionsEnabled(c)) return false;
  const pc = c.pc;
  for (let n = 0; n < implemented(c, 'B'); n++) {
    if (!breakpointMatches(c, n, pc)) continue;
    const target = debugTargetEl(c);
    takeException(c, { ec: target > c.el ? EC.BREAKPOINT_LOWER : EC.BREAKPOINT_CURRENT, iss: DEBUG_FSC, targetEl: target, far: 0n });
    return true;
  }
  return false;
}

/** The address range watchpoint n watches, or undefined when it watches nothing (QEMU hw_watchpoint_update). */
function watchedRange(cr: bigint, vr: bigint): [bigint, bigint] | undefined {
  const mask = fieldOf(cr, DBGWCR.MASK);
  if (mask === 1 || mask === 2) return undefined; // reserved: as if disabled
  if (mask !== 0) {
    const len = 1n << BigInt(mask);
    return [vr & ~(len - 1n), len];
  }
  let bas = fieldOf(cr, DBGWCR.BAS);
  if ((vr & 4n) !== 0n) bas &= 0xf; // a 4-aligned address: BAS[7:4] ignored
  if (bas === 0) return undefined;
  const start = 31 - Math.clz32(bas & -bas);
  let len = 0;
  while ((bas >> (start + len)) & 1) len++;
  return [vr + BigInt(start), BigInt(len)];
}

/**
 * Called for a data access of `size` bytes at `va` (after its translation, before it is
 * performed) while watchpoints are armed: takes the Watchpoint exception if one matches.
 * `el` is the EL the access is checked as (0 for LDTR/STTR).
 */
export function checkWatchpoints(c: Cpu, va: bigint, size: number, write: boolean, el: number, cm: boolean): void {
  if (!debugExceptionsEnabled(c)) return;
  for (let n = 0; n < implemented(c, 'W'); n++) {
    const cr = c.sr.get(reg('W', 'CR', n));
    if (!isSet(cr, DBGWCR.E)) continue;
    const lsc = fieldOf(cr, DBGWCR.LSC); // bit 0 loads, bit 1 stores
    if ((lsc & (write ? 2 : 1)) === 0) continue;
    const range = watchedRange(cr, c.sr.get(reg('W', 'VR', n)));
    if (range === undefined) continue;
    const [base, len] = range;
    if (va >= base + len || va + BigInt(size) <= base || !privilegeMatches(c, cr, el)) continue;
    const target = debugTargetEl(c);
    const iss = fieldValue32(ISS_WPT.DFSC, DEBUG_FSC) | fieldValue32(ISS_WPT.WnR, write ? 1 : 0) | fieldValue32(ISS_WPT.CM, cm ? 1 : 0);
    raise(c, { ec: target > c.el ? EC.WATCHPOINT_LOWER : EC.WATCHPOINT_CURRENT, iss, targetEl: target, far: va > base ? va : base });
  }
}
