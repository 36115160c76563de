// What a failed translation returns, after the pseudocode's FaultRecord (J1, shared/
// functions/memory/FaultRecord): the walks return one instead of throwing, and only the
// outermost translate (Mmu.translate) raises the exception it describes.

import type { AccessDescriptor } from './access.ts';

/** Fault status codes (DFSC/IFSC), D17.2.40. */
export const FSC = {
  ADDRESS_SIZE: 0x00, // + level
  TRANSLATION: 0x04, // + level
  ACCESS_FLAG: 0x08, // + level
  PERMISSION: 0x0c, // + level
  SYNC_EXTERNAL: 0x10,
  SYNC_EXTERNAL_WALK: 0x14, // + level
  ALIGNMENT: 0x21,
} as const;

/** The pseudocode's Fault values a walk can end in. */
export type FaultKind = 'translation' | 'access-flag' | 'permission' | 'address-size' | 'external-walk';

export const FSC_FOR: Record<FaultKind, number> = {
  translation: FSC.TRANSLATION,
  'access-flag': FSC.ACCESS_FLAG,
  permission: FSC.PERMISSION,
  'address-size': FSC.ADDRESS_SIZE,
  'external-walk': FSC.SYNC_EXTERNAL_WALK,
};

/** FaultRecord: allocated only when a walk faults. */
export class FaultRecord {
  /** Tells a fault from a walk's result (WalkOut.ok is true). */
  readonly ok = false as const;
  constructor(
    /** statuscode */
    readonly type: FaultKind,
    readonly level: number,
    /** secondstage: a stage-2 fault. */
    readonly stage2: boolean,
    /** s2fs1walk: a stage-2 fault on an access of the stage-1 walk. */
    readonly s1ptw: boolean,
    /** ipaddress: the IPA of a stage-2 fault (undefined at stage 1). */
    readonly ipa: number | undefined,
    /** accessdesc: the access that faulted. */
    readonly access: AccessDescriptor,
  ) {}

  /** write: the access was a write (WnR). */
  get write(): boolean {
    return this.access.write;
  }
}
