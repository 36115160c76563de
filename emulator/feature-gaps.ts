// What the model does not implement, by ID register field: given the ID values a QEMU
// presents (learned by the harness from that QEMU, or a profile's table), names each feature QEMU
// advertises that the model lacks, so a user knows which divergences to expect before any
// case runs. A field listed here with `modelMax` v means the model implements values up to
// v; QEMU showing more is a gap. Field positions: Arm ARM D19.2 (ID_AA64* registers).

import { idField, type IdRegisters } from './profiles.ts';

interface FieldGap {
  feature: string;
  reg: string;
  field: string;
  lsb: number;
  /** Highest field value the model implements. */
  modelMax: number;
  /** Signed fields (FP, AdvSIMD): 0xf means absent, 0 present. */
  signed?: boolean;
  what: string;
}

const GAPS: readonly FieldGap[] = [
  { feature: 'FEAT_RAS', reg: 'ID_AA64PFR0_EL1', field: 'RAS', lsb: 28, modelMax: 2, what: 'RAS beyond v1p1 (the model has DISR/VDISR, ESB and, as QEMU 7.2, no error records)' },
  { feature: 'FEAT_SVE', reg: 'ID_AA64PFR0_EL1', field: 'SVE', lsb: 32, modelMax: 0, what: 'SVE instructions and ZCR_ELx' },
  { feature: 'FEAT_MPAM', reg: 'ID_AA64PFR0_EL1', field: 'MPAM', lsb: 40, modelMax: 0, what: 'MPAM registers' },
  { feature: 'FEAT_AMUv1', reg: 'ID_AA64PFR0_EL1', field: 'AMU', lsb: 44, modelMax: 0, what: 'activity monitors' },
  { feature: 'FEAT_CSV2_2', reg: 'ID_AA64PFR0_EL1', field: 'CSV2', lsb: 56, modelMax: 2, what: 'SCXTNUM_ELx registers' },
  { feature: 'FEAT_MTE', reg: 'ID_AA64PFR1_EL1', field: 'MTE', lsb: 8, modelMax: 0, what: 'memory tagging' },
  { feature: 'FEAT_SME', reg: 'ID_AA64PFR1_EL1', field: 'SME', lsb: 24, modelMax: 0, what: 'SME instructions, SMCR_ELx, streaming mode' },
  { feature: 'FEAT_PMUv3 beyond v3p5', reg: 'ID_AA64DFR0_EL1', field: 'PMUVer', lsb: 8, modelMax: 6, what: 'later PMU versions (the model has PMUv3p5 as QEMU 7.2 counts it)' },
  { feature: 'hardware breakpoints/watchpoints', reg: 'ID_AA64DFR0_EL1', field: 'BRPs', lsb: 12, modelMax: 15,
    what: 'more than 16 breakpoints (the model matches DBGBCR/DBGWCR address breakpoints and watchpoints)' },
  { feature: 'FEAT_SPE', reg: 'ID_AA64DFR0_EL1', field: 'PMSVer', lsb: 32, modelMax: 0, what: 'statistical profiling' },
  { feature: 'FEAT_TLBIOS/TLBIRANGE', reg: 'ID_AA64ISAR0_EL1', field: 'TLB', lsb: 56, modelMax: 2,
    what: 'outer-shareable and range TLBI (the model invalidates everything on any TLBI, which the architecture allows)' },
  { feature: 'FEAT_RNG', reg: 'ID_AA64ISAR0_EL1', field: 'RNDR', lsb: 60, modelMax: 1, what: 'RNDR/RNDRRS' },
  { feature: 'FEAT_EPAC/PAuth2/FPAC', reg: 'ID_AA64ISAR1_EL1', field: 'APA', lsb: 4, modelMax: 1,
    what: 'the later pointer authentication behaviours (the model has FEAT_PAuth with QARMA5, as QEMU 7.2)' },
  { feature: 'FEAT_PAuth IMPLEMENTATION DEFINED algorithm', reg: 'ID_AA64ISAR1_EL1', field: 'API', lsb: 8, modelMax: 0,
    what: "QEMU's pauth-impdef=on PAC algorithm (the model computes QARMA5)" },
  { feature: 'FEAT_PACQARMA3', reg: 'ID_AA64ISAR2_EL1', field: 'APA3', lsb: 12, modelMax: 0, what: 'PACs computed with QARMA3' },
  { feature: 'FEAT_SPECRES', reg: 'ID_AA64ISAR1_EL1', field: 'SPECRES', lsb: 40, modelMax: 1, what: 'CFP/DVP/CPP RCTX' },
  { feature: 'FEAT_ECV', reg: 'ID_AA64MMFR0_EL1', field: 'ECV', lsb: 60, modelMax: 0, what: 'enhanced counter virtualization' },
  { feature: 'FEAT_FGT', reg: 'ID_AA64MMFR0_EL1', field: 'FGT', lsb: 56, modelMax: 0, what: 'fine-grained traps (HFG*_EL2)' },
  { feature: 'FEAT_LOR', reg: 'ID_AA64MMFR1_EL1', field: 'LO', lsb: 16, modelMax: 1, what: 'LORSA_EL1 and the other LOR registers' },
  { feature: 'FEAT_HCX', reg: 'ID_AA64MMFR1_EL1', field: 'HCX', lsb: 40, modelMax: 1, what: 'HCRX_EL2' },
  { feature: 'FEAT_LVA beyond 52-bit VAs', reg: 'ID_AA64MMFR2_EL1', field: 'VARange', lsb: 16, modelMax: 1, what: 'VA ranges beyond FEAT_LVA (the model has 52-bit VAs with the 64K granule)' },
  { feature: 'FEAT_LSE2', reg: 'ID_AA64MMFR2_EL1', field: 'AT', lsb: 32, modelMax: 0, what: 'single-copy atomicity of unaligned accesses within 16 bytes (alignment of atomics)' },
];

export interface FeatureGap {
  feature: string;
  /** e.g. "ID_AA64PFR0_EL1.SVE = 1". */
  field: string;
  what: string;
}

/** The features `ids` advertises that the model does not implement. */
export function unimplementedFeatures(ids: IdRegisters): FeatureGap[] {
  const out: FeatureGap[] = [];
  for (const g of GAPS) {
    const v = idField(ids, g.reg, g.lsb);
    const advertised = g.signed ? (v === 0xf ? -1 : v) : v;
    if (g.modelMax >= 0 ? advertised > g.modelMax : g.signed ? advertised >= 0 : advertised > 0) {
      out.push({ feature: g.feature, field: `${g.reg}.${g.field} = ${v}`, what: g.what });
    }
  }
  return out;
}
