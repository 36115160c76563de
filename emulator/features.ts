// Architecture features the model implements, switched on per CPU profile from the ID
// register values that profile presents (so `-cpu cortex-a57` gets UNDEFINED where `max`
// executes). Field positions from the Arm ARM ID register descriptions (D19.2).

import type { SysRegFile } from './sysregs.ts';

export interface Features {
  /** FEAT_LSE: atomic memory operations, CAS, CASP (ID_AA64ISAR0_EL1.Atomic >= 2). */
  lse: boolean;
  /** FEAT_LRCPC: LDAPR (ID_AA64ISAR1_EL1.LRCPC >= 1). */
  lrcpc: boolean;
  /** FEAT_LRCPC2: LDAPUR/STLUR (ID_AA64ISAR1_EL1.LRCPC >= 2). */
  lrcpc2: boolean;
  /** FEAT_BTI (ID_AA64PFR1_EL1.BT). */
  bti: boolean;
  /** FEAT_CRC32 (ID_AA64ISAR0_EL1.CRC32). */
  crc32: boolean;
  /** FEAT_FlagM (ID_AA64ISAR0_EL1.TS >= 1) and FEAT_FlagM2 (TS >= 2). */
  flagm: boolean;
  flagm2: boolean;
  /** FEAT_PAN2: AT S1E1RP/S1E1WP (ID_AA64MMFR1_EL1.PAN >= 2). */
  pan2: boolean;
  /** FEAT_PAuth (ID_AA64ISAR1_EL1.APA/API, ISAR2.APA3): LDRAA/LDRAB decode; keys not modelled. */
  pauth: boolean;
  /** FEAT_IDST: UNDEFINED ID-space MRS at EL0/EL1 trap with EC 0x18 (ID_AA64MMFR2_EL1.IDS). */
  idst: boolean;
}

const field = (v: bigint, lsb: number): number => Number((v >> BigInt(lsb)) & 0xfn);

export function featuresFrom(sr: SysRegFile): Features {
  const isar0 = sr.get('ID_AA64ISAR0_EL1');
  const isar1 = sr.get('ID_AA64ISAR1_EL1');
  const pfr1 = sr.get('ID_AA64PFR1_EL1');
  return {
    lse: field(isar0, 20) >= 2,
    lrcpc: field(isar1, 20) >= 1,
    lrcpc2: field(isar1, 20) >= 2,
    bti: field(pfr1, 0) >= 1,
    crc32: field(isar0, 16) >= 1,
    flagm: field(isar0, 52) >= 1,
    flagm2: field(isar0, 52) >= 2,
    pan2: field(sr.get('ID_AA64MMFR1_EL1'), 20) >= 2,
    idst: field(sr.get('ID_AA64MMFR2_EL1'), 36) >= 1,
    pauth: field(isar1, 4) >= 1 || field(isar1, 8) >= 1 || field(sr.get('ID_AA64ISAR2_EL1'), 12) >= 1,
  };
}
