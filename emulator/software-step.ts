// Self-hosted debug, the part kvm-unit-tests and debuggers in guests use first: software
// step (Arm ARM D2.12, "Software Step exceptions"); the debug target EL and when debug
// exceptions are enabled are in debug-state.ts. Breakpoints and watchpoints
// (DBGBCR/DBGWCR) are not modelled.

import type { Cpu } from './cpu.ts';
import { fieldOf, fieldValue32, type Field } from './arch/field.ts';
import { ID_AA64DFR0_EL1, ISS_SS } from './arch/registers.ts';
import { debugTargetEl, softwareStepActive } from './debug-state.ts';
import { debugArmingChanged } from './hw-debug.ts';
import { EC, takeException } from './exceptions.ts';
import { defineSysRegs, numberedSysRegs, type SysRegSpec } from './sysreg-table.ts';

/** The IFSC a Software Step exception reports (0b100010, D17.2.37). */
const STEP_IFSC = 0x22;

/**
 * Between two instructions: the step state machine. Active-not-pending (PSTATE.SS = 1) lets
 * one instruction run, after which it is active-pending (PSTATE.SS = 0), where a Software Step
 * exception is taken before the next instruction (ISS.ISV = 1 when an instruction was
 * stepped, EX = it was a Load-Exclusive; ISV = 0 when the state was entered otherwise, e.g.
 * by MSR DAIFClr with PSTATE.SS = 0). Returns 'again' when the run loop must look again
 * after the next instruction, 'taken' when it took the exception.
 */
export function softwareStepPoll(c: Cpu): 'idle' | 'again' | 'taken' {
  let stepped = false;
  if (c.stepping) {
    c.stepping = false; // an exception taken by the stepped instruction clears this (exceptions.ts)
    c.ss = 0;
    stepped = true;
  }
  // A stepped instruction that itself disables stepping (MSR DAIFSet masking D, MDSCR_EL1.SS
  // or KDE cleared) leaves it CONSTRAINED UNPREDICTABLE whether its step exception is taken;
  // QEMU 7.2 decides by the state before the instruction, and takes it. So does the model.
  if (!stepped && !softwareStepActive(c)) return 'idle';
  if (c.ss === 1 && !stepped) {
    c.stepping = true;
    return 'again';
  }
  const name = stepped ? c.op?.name ?? '' : '';
  const ex = stepped && (name === 'LDXR' || name === 'LDAXR' || name === 'LDXP' || name === 'LDAXP') ? 1 : 0;
  const target = debugTargetEl(c);
  takeException(c, {
    ec: target > c.el ? EC.SOFTWARE_STEP_LOWER : EC.SOFTWARE_STEP_CURRENT,
    iss: fieldValue32(ISS_SS.ISV, stepped ? 1 : 0) | fieldValue32(ISS_SS.EX, ex) | fieldValue32(ISS_SS.IFSC, STEP_IFSC), targetEl: target,
  });
  return 'taken';
}

// Breakpoint and watchpoint registers (their matching: hw-debug.ts). As many as
// ID_AA64DFR0_EL1 reports (BRPs + 1, WRPs + 1); the encodings beyond are UNDEFINED.
function debugRegs<K extends 'B' | 'W', S extends 'VR' | 'CR'>(kind: K, suffix: S, count: Field, op2: number):
  Record<`DBG${K}${S}${number}_EL1`, SysRegSpec> {
  return numberedSysRegs(`DBG${kind}${suffix}` as `DBG${K}${S}`, '_EL1', 16, (n) => {
    const name = `DBG${kind}${suffix}${n}_EL1` as `DBG${K}${S}${number}_EL1`;
    return {
      enc: [2, 0, 0, n, op2], minEl: 1,
      implemented: (c): boolean => n <= fieldOf(c.sr.get('ID_AA64DFR0_EL1'), count),
      read: (c): bigint => c.sr.get(name),
      write: (c, v): void => { c.sr.set(name, v); debugArmingChanged(c); },
    };
  });
}

export const DEBUG_SYSREGS = defineSysRegs({},
  debugRegs('B', 'VR', ID_AA64DFR0_EL1.BRPs, 4),
  debugRegs('B', 'CR', ID_AA64DFR0_EL1.BRPs, 5),
  debugRegs('W', 'VR', ID_AA64DFR0_EL1.WRPs, 6),
  debugRegs('W', 'CR', ID_AA64DFR0_EL1.WRPs, 7));
