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
  /** FEAT_VHE: HCR_EL2.E2H, TTBR1_EL2, CONTEXTIDR_EL2, the *_EL12 names (ID_AA64MMFR1_EL1.VH). */
  vhe: boolean;
  /** FEAT_PAN: PSTATE.PAN (ID_AA64MMFR1_EL1.PAN >= 1). */
  pan: boolean;
  /** FEAT_UAO: PSTATE.UAO (ID_AA64MMFR2_EL1.UAO). */
  uao: boolean;
  /** FEAT_DIT: PSTATE.DIT (ID_AA64PFR0_EL1.DIT). */
  dit: boolean;
  /** FEAT_SSBS: PSTATE.SSBS (ID_AA64PFR1_EL1.SSBS). */
  ssbs: boolean;
  /** FEAT_MTE2 (ID_AA64PFR1_EL1.MTE >= 2): PSTATE.TCO, HCR_EL2.{ATA,DCT,TID5}. */
  mte: boolean;
  /** FEAT_RAS: HCR_EL2.{TERR,TEA} (ID_AA64PFR0_EL1.RAS). */
  ras: boolean;
  /** FEAT_LOR: HCR_EL2.TLOR (ID_AA64MMFR1_EL1.LO). */
  lor: boolean;
  /** FEAT_CSV2_2: SCXTNUM and HCR_EL2.EnSCXT (ID_AA64PFR0_EL1.CSV2 >= 2). */
  scxtnum: boolean;
  /** FEAT_S2FWB: HCR_EL2.FWB (ID_AA64MMFR2_EL1.FWB). */
  fwb: boolean;
  /** GICv3 system register interface (ID_AA64PFR0_EL1.GIC). */
  gicv3: boolean;
  /** FEAT_PMUv3p5: 64-bit event counters (ID_AA64DFR0_EL1.PMUVer >= 6). */
  pmuv3p5: boolean;
}

const field = (v: bigint, lsb: number): number => Number((v >> BigInt(lsb)) & 0xfn);

export function featuresFrom(sr: SysRegFile): Features {
  const isar0 = sr.get('ID_AA64ISAR0_EL1');
  const isar1 = sr.get('ID_AA64ISAR1_EL1');
  const pfr1 = sr.get('ID_AA64PFR1_EL1');
  const pfr0 = sr.get('ID_AA64PFR0_EL1');
  const mmfr1 = sr.get('ID_AA64MMFR1_EL1');
  const mmfr2 = sr.get('ID_AA64MMFR2_EL1');
  return {
    lse: field(isar0, 20) >= 2,
    lrcpc: field(isar1, 20) >= 1,
    lrcpc2: field(isar1, 20) >= 2,
    bti: field(pfr1, 0) >= 1,
    crc32: field(isar0, 16) >= 1,
    flagm: field(isar0, 52) >= 1,
    flagm2: field(isar0, 52) >= 2,
    pan2: field(mmfr1, 20) >= 2,
    idst: field(mmfr2, 36) >= 1,
    pauth: field(isar1, 4) >= 1 || field(isar1, 8) >= 1 || field(sr.get('ID_AA64ISAR2_EL1'), 12) >= 1,
    vhe: field(mmfr1, 8) >= 1,
    pan: field(mmfr1, 20) >= 1,
    uao: field(mmfr2, 4) >= 1,
    dit: field(pfr0, 48) >= 1,
    ssbs: field(pfr1, 4) >= 1,
    mte: field(pfr1, 8) >= 2,
    ras: field(pfr0, 28) >= 1,
    lor: field(mmfr1, 16) >= 1,
    scxtnum: field(pfr0, 56) >= 2,
    fwb: field(mmfr2, 40) >= 1,
    gicv3: field(pfr0, 24) >= 1,
    pmuv3p5: field(sr.get('ID_AA64DFR0_EL1'), 8) >= 6,
  };
}

/** PSTATE bits an exception return may set (SPSR bits of absent features are RES0). */
export function pstateValidMask(f: Features): number {
  let m = 0xf0000000 | (1 << 21) | (1 << 20) | 0x3c0 | 0x1f; // NZCV, SS, IL, DAIF, M
  if (f.bti) m |= 3 << 10;
  if (f.pan) m |= 1 << 22;
  if (f.uao) m |= 1 << 23;
  if (f.dit) m |= 1 << 24;
  if (f.ssbs) m |= 1 << 12;
  if (f.mte) m |= 1 << 25;
  return m >>> 0;
}

/**
 * HCR_EL2 bits that exist (the rest are RES0, and QEMU 7.2 makes them RAZ/WI): [33:0] of
 * Armv8.0 and those of the features the CPU has (D19.2.48 HCR_EL2).
 */
export function hcrEl2ValidMask(f: Features): bigint {
  let m = (1n << 34n) - 1n;
  if (f.vhe) m |= 1n << 34n; // E2H
  if (f.lor) m |= 1n << 35n; // TLOR
  if (f.ras) m |= (1n << 36n) | (1n << 37n); // TERR, TEA
  if (f.pauth) m |= (1n << 40n) | (1n << 41n); // APK, API
  if (f.fwb) m |= 1n << 46n; // FWB
  if (f.scxtnum) m |= 1n << 53n; // EnSCXT
  if (f.mte) m |= (1n << 56n) | (1n << 57n) | (1n << 58n); // ATA, DCT, TID5
  return m;
}
