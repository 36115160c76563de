// Architecture features the model implements, switched on per CPU profile from the ID
// register values that profile presents (so `-cpu cortex-a57` gets UNDEFINED where `max`
// executes). Field positions from the Arm ARM ID register descriptions (D19.2).

import { fieldOf, fieldValue, type Field } from './arch/field.ts';
import {
  HCR_EL2, ID_AA64DFR0_EL1, ID_AA64ISAR0_EL1, ID_AA64ISAR1_EL1, ID_AA64ISAR2_EL1, ID_AA64MMFR1_EL1, ID_AA64MMFR2_EL1,
  ID_AA64PFR0_EL1, ID_AA64PFR1_EL1, PSTATE,
} from './arch/registers.ts';
import type { SysRegFile } from './sysreg-file.ts';

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
  /** FEAT_PAuth (ID_AA64ISAR1_EL1.APA/API, ISAR2.APA3): the pointer authentication instructions (pauth/). */
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
  /** FEAT_TLBIOS: outer-shareable TLBI forms (ID_AA64ISAR0_EL1.TLB >= 1). */
  tlbios: boolean;
  /** FEAT_TLBIRANGE: TLBI by range (ID_AA64ISAR0_EL1.TLB >= 2). */
  tlbirange: boolean;
  /** FEAT_DPB: DC CVAP (ID_AA64ISAR1_EL1.DPB >= 1); FEAT_DPB2: DC CVADP (DPB >= 2). */
  dpb: boolean;
  dpb2: boolean;
  /** FEAT_HCX: HCRX_EL2 (ID_AA64MMFR1_EL1.HCX). */
  hcx: boolean;
  /** FEAT_SPECRES: CFP/DVP/CPP RCTX (ID_AA64ISAR1_EL1.SPECRES). */
  specres: boolean;
  /** FEAT_RNG: RNDR, RNDRRS (ID_AA64ISAR0_EL1.RNDR). */
  rng: boolean;
  /** FEAT_AES (ID_AA64ISAR0_EL1.AES >= 1), FEAT_SHA1 (SHA1), FEAT_SHA256 (SHA2 >= 1), FEAT_SHA512 (SHA2 >= 2), FEAT_SHA3, FEAT_SM3, FEAT_SM4. */
  aes: boolean;
  sha1: boolean;
  sha256: boolean;
  sha512: boolean;
  sha3: boolean;
  sm3: boolean;
  sm4: boolean;
  /** FEAT_RDM: SQRDMLAH/SQRDMLSH (ID_AA64ISAR0_EL1.RDM). */
  rdm: boolean;
  /** FEAT_DotProd: SDOT/UDOT (ID_AA64ISAR0_EL1.DP). */
  dotprod: boolean;
  /** FEAT_I8MM: SMMLA/UMMLA/USMMLA, USDOT/SUDOT (ID_AA64ISAR1_EL1.I8MM). */
  i8mm: boolean;
  /** FEAT_PMULL: PMULL/PMULL2 of 64-bit elements (ID_AA64ISAR0_EL1.AES >= 2). */
  pmull: boolean;
  /** FEAT_FP16: half-precision FP arithmetic (ID_AA64PFR0_EL1.FP = 1; 0xf is no FP at all). */
  fp16: boolean;
  /** FEAT_JSCVT: FJCVTZS (ID_AA64ISAR1_EL1.JSCVT). */
  jscvt: boolean;
  /** FEAT_FRINTTS: FRINT32Z/32X/64Z/64X (ID_AA64ISAR1_EL1.FRINTTS). */
  frintts: boolean;
  /** FEAT_BF16: BFCVT and the BFloat16 vector instructions (ID_AA64ISAR1_EL1.BF16). */
  bf16: boolean;
  /** FEAT_FHM: FMLAL/FMLSL (ID_AA64ISAR0_EL1.FHM). */
  fhm: boolean;
  /** FEAT_FCMA: FCMLA/FCADD (ID_AA64ISAR1_EL1.FCMA). */
  fcma: boolean;
}

/** No feature at all: what a CPU has before the Machine reads its ID registers. */
export function noFeatures(): Features {
  return {
    lse: false, lrcpc: false, lrcpc2: false, bti: false, crc32: true, flagm: false, flagm2: false, pan2: false, pauth: false, idst: false,
    vhe: false, pan: false, uao: false, dit: false, ssbs: false, mte: false, ras: false, lor: false, scxtnum: false, fwb: false,
    gicv3: false, pmuv3p5: false, tlbios: false, tlbirange: false, dpb: false, dpb2: false, hcx: false, specres: false, rng: false,
    aes: false, sha1: false, sha256: false, sha512: false, sha3: false, sm3: false, sm4: false,
    rdm: false, dotprod: false, i8mm: false, pmull: false,
    fp16: false, jscvt: false, frintts: false, bf16: false,
    fhm: false, fcma: false,
  };
}

export function featuresFrom(sr: SysRegFile): Features {
  const isar0 = sr.get('ID_AA64ISAR0_EL1');
  const isar1 = sr.get('ID_AA64ISAR1_EL1');
  const isar2 = sr.get('ID_AA64ISAR2_EL1');
  const pfr0 = sr.get('ID_AA64PFR0_EL1');
  const pfr1 = sr.get('ID_AA64PFR1_EL1');
  const mmfr1 = sr.get('ID_AA64MMFR1_EL1');
  const mmfr2 = sr.get('ID_AA64MMFR2_EL1');
  const at = (v: bigint, f: Field, min: number): boolean => fieldOf(v, f) >= min;
  return {
    lse: at(isar0, ID_AA64ISAR0_EL1.Atomic, 2),
    lrcpc: at(isar1, ID_AA64ISAR1_EL1.LRCPC, 1),
    lrcpc2: at(isar1, ID_AA64ISAR1_EL1.LRCPC, 2),
    bti: at(pfr1, ID_AA64PFR1_EL1.BT, 1),
    crc32: at(isar0, ID_AA64ISAR0_EL1.CRC32, 1),
    flagm: at(isar0, ID_AA64ISAR0_EL1.TS, 1),
    flagm2: at(isar0, ID_AA64ISAR0_EL1.TS, 2),
    pan2: at(mmfr1, ID_AA64MMFR1_EL1.PAN, 2),
    idst: at(mmfr2, ID_AA64MMFR2_EL1.IDS, 1),
    pauth: at(isar1, ID_AA64ISAR1_EL1.APA, 1) || at(isar1, ID_AA64ISAR1_EL1.API, 1) || at(isar2, ID_AA64ISAR2_EL1.APA3, 1),
    vhe: at(mmfr1, ID_AA64MMFR1_EL1.VH, 1),
    pan: at(mmfr1, ID_AA64MMFR1_EL1.PAN, 1),
    uao: at(mmfr2, ID_AA64MMFR2_EL1.UAO, 1),
    dit: at(pfr0, ID_AA64PFR0_EL1.DIT, 1),
    ssbs: at(pfr1, ID_AA64PFR1_EL1.SSBS, 1),
    mte: at(pfr1, ID_AA64PFR1_EL1.MTE, 2),
    ras: at(pfr0, ID_AA64PFR0_EL1.RAS, 1),
    lor: at(mmfr1, ID_AA64MMFR1_EL1.LO, 1),
    scxtnum: at(pfr0, ID_AA64PFR0_EL1.CSV2, 2),
    fwb: at(mmfr2, ID_AA64MMFR2_EL1.FWB, 1),
    gicv3: at(pfr0, ID_AA64PFR0_EL1.GIC, 1),
    pmuv3p5: at(sr.get('ID_AA64DFR0_EL1'), ID_AA64DFR0_EL1.PMUVer, 6),
    tlbios: at(isar0, ID_AA64ISAR0_EL1.TLB, 1),
    tlbirange: at(isar0, ID_AA64ISAR0_EL1.TLB, 2),
    dpb: at(isar1, ID_AA64ISAR1_EL1.DPB, 1),
    dpb2: at(isar1, ID_AA64ISAR1_EL1.DPB, 2),
    hcx: at(mmfr1, ID_AA64MMFR1_EL1.HCX, 1),
    specres: at(isar1, ID_AA64ISAR1_EL1.SPECRES, 1),
    rng: at(isar0, ID_AA64ISAR0_EL1.RNDR, 1),
    aes: at(isar0, ID_AA64ISAR0_EL1.AES, 1),
    sha1: at(isar0, ID_AA64ISAR0_EL1.SHA1, 1),
    sha256: at(isar0, ID_AA64ISAR0_EL1.SHA2, 1),
    sha512: at(isar0, ID_AA64ISAR0_EL1.SHA2, 2),
    sha3: at(isar0, ID_AA64ISAR0_EL1.SHA3, 1),
    sm3: at(isar0, ID_AA64ISAR0_EL1.SM3, 1),
    sm4: at(isar0, ID_AA64ISAR0_EL1.SM4, 1),
    rdm: at(isar0, ID_AA64ISAR0_EL1.RDM, 1),
    dotprod: at(isar0, ID_AA64ISAR0_EL1.DP, 1),
    i8mm: at(isar1, ID_AA64ISAR1_EL1.I8MM, 1),
    pmull: at(isar0, ID_AA64ISAR0_EL1.AES, 2),
    fp16: fieldOf(pfr0, ID_AA64PFR0_EL1.FP) === 1,
    jscvt: at(isar1, ID_AA64ISAR1_EL1.JSCVT, 1),
    frintts: at(isar1, ID_AA64ISAR1_EL1.FRINTTS, 1),
    bf16: at(isar1, ID_AA64ISAR1_EL1.BF16, 1),
    fhm: at(isar0, ID_AA64ISAR0_EL1.FHM, 1),
    fcma: at(isar1, ID_AA64ISAR1_EL1.FCMA, 1),
  };
}

/** PSTATE bits an exception return may set (SPSR bits of absent features are RES0). */
export function pstateValidMask(f: Features): number {
  let m = PSTATE.NZCV.inPlace32 | PSTATE.SS.inPlace32 | PSTATE.IL.inPlace32 | PSTATE.DAIF.inPlace32 | PSTATE.M.inPlace32;
  if (f.bti) m |= PSTATE.BTYPE.inPlace32;
  if (f.pan) m |= PSTATE.PAN.inPlace32;
  if (f.uao) m |= PSTATE.UAO.inPlace32;
  if (f.dit) m |= PSTATE.DIT.inPlace32;
  if (f.ssbs) m |= PSTATE.SSBS.inPlace32;
  if (f.mte) m |= PSTATE.TCO.inPlace32;
  return m >>> 0;
}

/** HCR_EL2 bits each feature adds to Armv8.0's [33:0] (D19.2.48 HCR_EL2). */
const HCR_FEATURE_BITS: [keyof Features, Field[]][] = [
  ['vhe', [HCR_EL2.E2H]], ['lor', [HCR_EL2.TLOR]], ['ras', [HCR_EL2.TERR, HCR_EL2.TEA]], ['pauth', [HCR_EL2.APK, HCR_EL2.API]],
  ['fwb', [HCR_EL2.FWB]], ['scxtnum', [HCR_EL2.EnSCXT]], ['mte', [HCR_EL2.ATA, HCR_EL2.DCT, HCR_EL2.TID5]],
];

/**
 * HCR_EL2 bits that exist (the rest are RES0, and QEMU 7.2 makes them RAZ/WI): [33:0] of
 * Armv8.0 and those of the features the CPU has.
 */
export function hcrEl2ValidMask(f: Features): bigint {
  let m = (1n << 34n) - 1n;
  for (const [feature, bits] of HCR_FEATURE_BITS) if (f[feature]) for (const b of bits) m |= fieldValue(b);
  return m;
}
