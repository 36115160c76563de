// Whether debug exceptions, and software step in particular, are enabled right now: the
// debug target EL and the enable conditions (Arm ARM D2.4 "Routing debug exceptions", D2.5
// "Enabling debug exceptions from the current Exception level", D2.12.2). Read by the step
// state machine (software-step.ts) and by exception return (exceptions.ts), which both
// depend on it and on nothing of each other's here.

import type { Cpu } from './cpu.ts';

const bit = (v: bigint, n: bigint): boolean => ((v >> n) & 1n) === 1n;

/** AArch64 debug target EL: EL2 when HCR_EL2.TGE or MDCR_EL2.TDE routes debug there (D2.4). */
export function debugTargetEl(c: Cpu): number {
  return bit(c.sr.get('HCR_EL2'), 27n) || bit(c.sr.get('MDCR_EL2'), 8n) ? 2 : 1;
}

/**
 * Are debug exceptions enabled at the current EL (D2.5)? Never with the OS lock or the OS
 * double lock set; below the debug target EL always; at it only with MDSCR_EL1.KDE set and
 * PSTATE.D clear; above it never.
 */
export function debugExceptionsEnabled(c: Cpu): boolean {
  if (bit(c.sr.get('OSLSR_EL1'), 1n) || bit(c.sr.get('OSDLR_EL1'), 0n)) return false;
  const target = debugTargetEl(c);
  if (c.el < target) return true;
  if (c.el > target) return false;
  return bit(c.sr.get('MDSCR_EL1'), 13n) && (c.daif & 8) === 0;
}

/** Software step is active: MDSCR_EL1.SS set and debug exceptions enabled here (D2.12.2). */
export function softwareStepActive(c: Cpu): boolean {
  return bit(c.sr.get('MDSCR_EL1'), 0n) && debugExceptionsEnabled(c);
}
