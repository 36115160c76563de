// Self-hosted debug, the part kvm-unit-tests and debuggers in guests use first: software
// step (Arm ARM D2.12, "Software Step exceptions"); the debug target EL and when debug
// exceptions are enabled are in debug-state.ts. Breakpoints and watchpoints
// (DBGBCR/DBGWCR) are not modelled.

import type { Cpu } from './cpu.ts';
import { debugTargetEl, softwareStepActive } from './debug-state.ts';
import { EC, takeException, undefinedInstruction } from './exceptions.ts';
import { registerSysReg } from './sysregs.ts';

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
    iss: ((stepped ? 1 : 0) << 24) | (ex << 6) | 0x22, targetEl: target,
  });
  return 'taken';
}

// Breakpoint and watchpoint registers: storage only (no breakpoint or watchpoint fires), so
// software that resets or saves the debug state runs. As many as ID_AA64DFR0_EL1 reports
// (BRPs [15:12] + 1, WRPs [23:20] + 1); the encodings beyond are UNDEFINED.
function debugRegs(kind: 'B' | 'W', countLsb: bigint, op2Value: number, op2Control: number): void {
  for (let n = 0; n < 16; n++) {
    for (const [suffix, op2] of [['VR', op2Value], ['CR', op2Control]] as const) {
      const name = `DBG${kind}${suffix}${n}_EL1`;
      const exists = (c: Cpu): void => {
        if (n > Number((c.sr.get('ID_AA64DFR0_EL1') >> countLsb) & 0xfn)) undefinedInstruction(c);
      };
      registerSysReg(name, 2, 0, 0, n, op2, 1, {
        read: (c) => { exists(c); return c.sr.get(name); },
        write: (c, v) => { exists(c); c.sr.set(name, v); },
      });
    }
  }
}
debugRegs('B', 12n, 4, 5);
debugRegs('W', 20n, 6, 7);
