// The access a translation is for, after the pseudocode's AccessDescriptor (J1, shared/
// functions/memory/AccessDescriptor; CreateAccDescGPR, CreateAccDescIFetch, CreateAccDescAT,
// CreateAccDescDC): what the MMU checks permissions and reports faults against. The CPU's
// memory paths keep passing the ACC_* number (cpu.ts, its hot paths); the Mmu converts it
// once per translation with accessFor(), a table lookup that allocates nothing.

import { ACC_EXCL, ACC_EXEC, ACC_UNPRIV, ACC_WRITE } from '../cpu.ts';

/** AccessType: an explicit data access (GPR, SIMD&FP), an instruction fetch, an AT instruction. */
export type AccessType = 'gpr' | 'ifetch' | 'at';

export interface AccessDescriptor {
  readonly acctype: AccessType;
  /** A read (loads; AT S1E*R; a fetch reads too, but is told apart by `exec`). */
  readonly read: boolean;
  readonly write: boolean;
  /** An instruction fetch (AccessType_IFETCH). */
  readonly exec: boolean;
  /** nonpriv: LDTR/STTR, checked with EL0's permissions when executed at EL1. */
  readonly unpriv: boolean;
  /** exclusive / atomicop: Load/Store-Exclusive and atomics (a stage-2 write needs read permission too). */
  readonly exclusive: boolean;
  /** Whether PSTATE.PAN applies: not for LDTR/STTR, nor AT S1E1R/W (only AT S1E1RP/WP, FEAT_PAN2). */
  readonly pan: boolean;
  /** Cache maintenance by VA (DC): an abort reports ISS.CM. */
  readonly cacheMaint: boolean;
}

function descriptor(acctype: AccessType, kind: number, unpriv: boolean, exclusive: boolean, pan: boolean,
  cacheMaint: boolean): AccessDescriptor {
  const write = kind === ACC_WRITE, exec = kind === ACC_EXEC;
  return Object.freeze({ acctype, read: !write && !exec, write, exec, unpriv, exclusive, pan, cacheMaint });
}

const CM = 16;

/** Every ACC_* combination the MMU distinguishes (kind, UNPRIV, EXCL), without and with CM. */
const GPR: readonly AccessDescriptor[] = Array.from({ length: 32 }, (_, i) => {
  const kind = i & 3;
  const unpriv = (i & ACC_UNPRIV) !== 0;
  return descriptor(kind === ACC_EXEC ? 'ifetch' : 'gpr', kind, unpriv, (i & ACC_EXCL) !== 0, !unpriv, (i & CM) !== 0);
});

/**
 * The access descriptor for a CPU access given as ACC_* flags; `cacheMaint` when the
 * instruction is a DC by VA. ACC_NOFAULT_ISV is the syndrome's business, not the MMU's.
 */
export function accessFor(acc: number, cacheMaint: boolean): AccessDescriptor {
  return GPR[(acc & (3 | ACC_UNPRIV | ACC_EXCL)) | (cacheMaint ? CM : 0)];
}

const AT: readonly AccessDescriptor[] = [
  descriptor('at', 0, false, false, false, false), descriptor('at', ACC_WRITE, false, false, false, false),
  descriptor('at', 0, false, false, true, false), descriptor('at', ACC_WRITE, false, false, true, false),
];

/** CreateAccDescAT: an AT instruction's read or write, PSTATE.PAN checked for S1E1RP/WP only. */
export function accessForAT(write: boolean, pan: boolean): AccessDescriptor {
  return AT[(write ? 1 : 0) | (pan ? 2 : 0)];
}
