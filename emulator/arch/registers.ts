// Field names of the architectural registers the model reads, after the register
// descriptions of the Arm ARM (DDI 0487, D19.2 unless noted). Read them with arch/field.ts
// (`isSet(hcr, HCR_EL2.TGE)`, `fieldOf(tcr, TCR_EL1.T0SZ)`); no other file shifts a field.

import { field } from './field.ts';

const f = field;

/** HCR_EL2, Hypervisor Configuration Register (D19.2.48). */
export const HCR_EL2 = {
  VM: f(0), SWIO: f(1), PTW: f(2), FMO: f(3), IMO: f(4), AMO: f(5), VF: f(6), VI: f(7), VSE: f(8), FB: f(9),
  BSU: f(10, 2), DC: f(12), TWI: f(13), TWE: f(14), TID0: f(15), TID1: f(16), TID2: f(17), TID3: f(18),
  TSC: f(19), TIDCP: f(20), TACR: f(21), TSW: f(22), TPCP: f(23), TPU: f(24), TTLB: f(25), TVM: f(26),
  TGE: f(27), TDZ: f(28), HCD: f(29), TRVM: f(30), RW: f(31), CD: f(32), ID: f(33), E2H: f(34), TLOR: f(35),
  TERR: f(36), TEA: f(37), APK: f(40), API: f(41), NV: f(42), NV1: f(43), AT: f(44), NV2: f(45), FWB: f(46),
  FIEN: f(47), TID4: f(49), TICAB: f(50), TOCU: f(52), EnSCXT: f(53), TTLBIS: f(54), TTLBOS: f(55), ATA: f(56),
  DCT: f(57), TID5: f(58),
} as const;

/** SCTLR_EL1 / SCTLR_EL2 (the EL2 register has the EL1 layout when E2H=1). */
export const SCTLR = {
  M: f(0), A: f(1), C: f(2), SA: f(3), SA0: f(4), UMA: f(9), EnRCTX: f(10), I: f(12), EnDB: f(13), DZE: f(14),
  UCT: f(15), nTWI: f(16), nTWE: f(18), WXN: f(19), TSCXT: f(20), SPAN: f(23), E0E: f(24), EE: f(25), UCI: f(26),
  EnDA: f(27), EnIB: f(30), EnIA: f(31), BT0: f(35), BT1: f(36), DSSBS: f(44),
} as const;

/** TCR_EL1, and TCR_EL2 when HCR_EL2.E2H = 1 (two VA ranges). */
export const TCR_EL1 = {
  T0SZ: f(0, 6), EPD0: f(7), IRGN0: f(8, 2), ORGN0: f(10, 2), SH0: f(12, 2), TG0: f(14, 2), T1SZ: f(16, 6),
  A1: f(22), EPD1: f(23), TG1: f(30, 2), IPS: f(32, 3), AS: f(36), TBI0: f(37), TBI1: f(38), HA: f(39), HD: f(40),
  HPD0: f(41), HPD1: f(42), TBID0: f(51), TBID1: f(52), E0PD0: f(55), E0PD1: f(56), DS: f(59),
} as const;

/** TCR_EL2 when HCR_EL2.E2H = 0 (one VA range, its own layout). */
export const TCR_EL2 = {
  T0SZ: f(0, 6), IRGN0: f(8, 2), ORGN0: f(10, 2), SH0: f(12, 2), TG0: f(14, 2), PS: f(16, 3), TBI: f(20), HA: f(21),
  HD: f(22), HPD: f(24), TBID: f(29), DS: f(32),
} as const;

/** VTCR_EL2, stage-2 translation control. */
export const VTCR_EL2 = {
  T0SZ: f(0, 6), SL0: f(6, 2), IRGN0: f(8, 2), ORGN0: f(10, 2), SH0: f(12, 2), TG0: f(14, 2), PS: f(16, 3), VS: f(19),
  HA: f(21), HD: f(22), NSW: f(29), NSA: f(30), DS: f(32), SL2: f(33),
} as const;

/** TTBRn_ELx and VTTBR_EL2: the table base address and the ASID/VMID. */
export const TTBR = { BADDR: f(1, 47), CnP: f(0), ASID: f(48, 16) } as const;
export const VTTBR_EL2 = { BADDR: f(1, 47), CnP: f(0), VMID: f(48, 16) } as const;

/** ESR_ELx, the syndrome (D17.2.37); the ISS layouts per exception class follow. */
export const ESR = { ISS: f(0, 25), IL: f(25), EC: f(26, 6) } as const;
/** ISS of a Data Abort (EC 0x24/0x25). */
export const ISS_DABT = {
  DFSC: f(0, 6), WnR: f(6), S1PTW: f(7), CM: f(8), EA: f(9), FnV: f(10), SET: f(11, 2), VNCR: f(13), AR: f(14),
  SF: f(15), SRT: f(16, 5), SSE: f(21), SAS: f(22, 2), ISV: f(24),
} as const;
/** ISS of an Instruction Abort (EC 0x20/0x21). */
export const ISS_IABT = { IFSC: f(0, 6), S1PTW: f(7), EA: f(9), FnV: f(10) } as const;
/** ISS of a trapped MSR, MRS or System instruction (EC 0x18). */
export const ISS_SYS = {
  Direction: f(0), CRm: f(1, 4), Rt: f(5, 5), CRn: f(10, 4), Op1: f(14, 3), Op2: f(17, 3), Op0: f(20, 2),
} as const;
/** ISS of a trapped WFI/WFE (EC 0x01). */
export const ISS_WFX = { TI: f(0, 2), COND: f(20, 4), CV: f(24) } as const;
/** ISS of a software step exception (EC 0x32/0x33). */
export const ISS_SS = { IFSC: f(0, 6), EX: f(6), ISV: f(24) } as const;

/** PSTATE as saved in SPSR_ELx for AArch64 (C5.2.18, D1.4). */
export const PSTATE = {
  M: f(0, 5), SP: f(0), EL: f(2, 2), nRW: f(4), F: f(6), I: f(7), A: f(8), D: f(9), DAIF: f(6, 4), BTYPE: f(10, 2),
  SSBS: f(12), ALLINT: f(13), IL: f(20), SS: f(21), PAN: f(22), UAO: f(23), DIT: f(24), TCO: f(25),
  V: f(28), C: f(29), Z: f(30), N: f(31), NZCV: f(28, 4),
} as const;

/** CPTR_EL2 when E2H = 0. */
export const CPTR_EL2 = { TZ: f(8), TFP: f(10), TSM: f(12), TTA: f(20), TAM: f(30), TCPAC: f(31) } as const;
/** CPACR_EL1, and CPTR_EL2 when E2H = 1 (its FPEN/ZEN layout). */
export const CPACR_EL1 = { ZEN: f(16, 2), FPEN: f(20, 2), SMEN: f(24, 2), TTA: f(28) } as const;

/** MDCR_EL2, monitor debug configuration. */
export const MDCR_EL2 = {
  HPMN: f(0, 5), TPMCR: f(5), TPM: f(6), HPME: f(7), TDE: f(8), TDA: f(9), TDOSA: f(10), TDRA: f(11), TPMS: f(14),
  HPMD: f(17), HCCD: f(23), HLP: f(26), TDCC: f(27),
} as const;
/** MDSCR_EL1, monitor debug system control. */
export const MDSCR_EL1 = { SS: f(0), ERR: f(6), TDCC: f(12), KDE: f(13), HDE: f(14), MDE: f(15) } as const;
/** OSLSR_EL1 (OS lock status) and OSLAR_EL1. */
export const OSLSR_EL1 = { OSLM0: f(0), OSLK: f(1), OSLM1: f(3) } as const;
export const OSLAR_EL1 = { OSLK: f(0) } as const;

/** CNTHCTL_EL2 when E2H = 0. */
export const CNTHCTL_EL2 = { EL1PCTEN: f(0), EL1PCEN: f(1), EVNTEN: f(2), EVNTDIR: f(3), EVNTI: f(4, 4) } as const;
/** CNTHCTL_EL2 when E2H = 1 (the CNTKCTL_EL1 layout with EL1 controls above it). */
export const CNTHCTL_EL2_E2H = {
  EL0PCTEN: f(0), EL0VCTEN: f(1), EVNTEN: f(2), EVNTDIR: f(3), EVNTI: f(4, 4), EL0VTEN: f(8), EL0PTEN: f(9),
  EL1PCTEN: f(10), EL1PTEN: f(11),
} as const;
/** CNTKCTL_EL1. */
export const CNTKCTL_EL1 = {
  EL0PCTEN: f(0), EL0VCTEN: f(1), EVNTEN: f(2), EVNTDIR: f(3), EVNTI: f(4, 4), EL0VTEN: f(8), EL0PTEN: f(9),
} as const;
/** CNTP_CTL_EL0 and the other timer control registers. */
export const CNT_CTL = { ENABLE: f(0), IMASK: f(1), ISTATUS: f(2) } as const;

/** PAR_EL1 in its 64-bit format (D17.2.112). */
export const PAR_EL1 = {
  F: f(0), FST: f(1, 6), SH: f(7, 2), PTW: f(8), S: f(9), NS: f(9), RES1: f(11), PA: f(12, 40), ATTR: f(56, 8),
} as const;

/** HPFAR_EL2: the faulting IPA's page number. */
export const HPFAR_EL2 = { FIPA: f(4, 40) } as const;

/** DCZID_EL0. */
export const DCZID_EL0 = { BS: f(0, 4), DZP: f(4) } as const;
/** CSSELR_EL1. */
export const CSSELR_EL1 = { InD: f(0), Level: f(1, 3) } as const;
/** VBAR_ELx: bits [10:0] are RES0. */
export const VBAR = { ADDR: f(11, 53) } as const;

/** Translation table descriptors, stage 1 (D8.3). Fields in a 64-bit descriptor. */
export const S1_DESC = {
  VALID: f(0), TABLE: f(1), AttrIndx: f(2, 3), NS: f(5), AP: f(6, 2), SH: f(8, 2), AF: f(10), nG: f(11),
  OA_LPA: f(12, 4), DBM: f(51), Contiguous: f(52), PXN: f(53), UXN: f(54), XN: f(54),
  PXNTable: f(59), XNTable: f(60), APTable: f(61, 2), NSTable: f(63),
} as const;
/** Stage-2 descriptors (D8.3). */
export const S2_DESC = {
  VALID: f(0), TABLE: f(1), MemAttr: f(2, 4), S2AP: f(6, 2), SH: f(8, 2), AF: f(10), OA_LPA: f(12, 4), DBM: f(51),
  Contiguous: f(52), XN: f(53, 2),
} as const;

/** ID register fields the model reads to decide what the CPU profile implements. */
export const ID_AA64ISAR0_EL1 = {
  AES: f(4, 4), SHA1: f(8, 4), SHA2: f(12, 4), CRC32: f(16, 4), Atomic: f(20, 4), RDM: f(28, 4), SHA3: f(32, 4),
  SM3: f(36, 4), SM4: f(40, 4), DP: f(44, 4), FHM: f(48, 4), TS: f(52, 4), TLB: f(56, 4), RNDR: f(60, 4),
} as const;
export const ID_AA64ISAR1_EL1 = {
  DPB: f(0, 4), APA: f(4, 4), API: f(8, 4), JSCVT: f(12, 4), FCMA: f(16, 4), LRCPC: f(20, 4), GPA: f(24, 4),
  GPI: f(28, 4), FRINTTS: f(32, 4), SB: f(36, 4), SPECRES: f(40, 4), BF16: f(44, 4), DGH: f(48, 4), I8MM: f(52, 4),
} as const;
export const ID_AA64ISAR2_EL1 = { WFxT: f(0, 4), RPRES: f(4, 4), GPA3: f(8, 4), APA3: f(12, 4), MOPS: f(16, 4) } as const;
export const ID_AA64PFR0_EL1 = {
  EL0: f(0, 4), EL1: f(4, 4), EL2: f(8, 4), EL3: f(12, 4), FP: f(16, 4), AdvSIMD: f(20, 4), GIC: f(24, 4),
  RAS: f(28, 4), SVE: f(32, 4), SEL2: f(36, 4), MPAM: f(40, 4), AMU: f(44, 4), DIT: f(48, 4), CSV2: f(56, 4),
  CSV3: f(60, 4),
} as const;
export const ID_AA64PFR1_EL1 = { BT: f(0, 4), SSBS: f(4, 4), MTE: f(8, 4), RAS_frac: f(12, 4), SME: f(24, 4) } as const;
export const ID_AA64MMFR0_EL1 = {
  PARange: f(0, 4), ASIDBits: f(4, 4), BigEnd: f(8, 4), SNSMem: f(12, 4), BigEndEL0: f(16, 4), TGran16: f(20, 4),
  TGran64: f(24, 4), TGran4: f(28, 4), TGran16_2: f(32, 4), TGran64_2: f(36, 4), TGran4_2: f(40, 4), ExS: f(44, 4),
  FGT: f(56, 4), ECV: f(60, 4),
} as const;
export const ID_AA64MMFR1_EL1 = {
  HAFDBS: f(0, 4), VMIDBits: f(4, 4), VH: f(8, 4), HPDS: f(12, 4), LO: f(16, 4), PAN: f(20, 4), SpecSEI: f(24, 4),
  XNX: f(28, 4), TWED: f(32, 4), ETS: f(36, 4), HCX: f(40, 4),
} as const;
export const ID_AA64MMFR2_EL1 = {
  CnP: f(0, 4), UAO: f(4, 4), LSM: f(8, 4), IESB: f(12, 4), VARange: f(16, 4), CCIDX: f(20, 4), NV: f(24, 4),
  ST: f(28, 4), AT: f(32, 4), IDS: f(36, 4), FWB: f(40, 4), TTL: f(48, 4), BBM: f(52, 4), EVT: f(56, 4), E0PD: f(60, 4),
} as const;
export const ID_AA64DFR0_EL1 = {
  DebugVer: f(0, 4), TraceVer: f(4, 4), PMUVer: f(8, 4), BRPs: f(12, 4), WRPs: f(20, 4), CTX_CMPs: f(28, 4),
  PMSVer: f(32, 4),
} as const;

/** GIC CPU interface registers (IHI 0069, chapter 12): the fields the model reads. */
export const ICC_CTLR_EL1 = { CBPR: f(0), EOImode: f(1), PMHE: f(6), PRIbits: f(8, 3), IDbits: f(11, 3), A3V: f(15) } as const;
export const ICC_PMR_EL1 = { Priority: f(0, 8) } as const;
export const ICC_BPR = { BinaryPoint: f(0, 3) } as const;
export const ICC_IGRPEN = { Enable: f(0) } as const;
/** INTID fields of IAR/EOIR/DIR/HPPIR. */
export const ICC_INTID = { INTID: f(0, 24) } as const;
export const ICH_VMCR_EL2 = {
  VENG0: f(0), VENG1: f(1), VACKCTL: f(2), VFIQEn: f(3), VCBPR: f(4), VEOIM: f(9), VBPR1: f(18, 3), VBPR0: f(21, 3),
  VPMR: f(24, 8),
} as const;

/** PMU registers (D12, D19.4). */
export const PMCR_EL0 = { E: f(0), P: f(1), C: f(2), D: f(3), X: f(4), DP: f(5), LC: f(6), LP: f(7), N: f(11, 5) } as const;
export const PMSELR_EL0 = { SEL: f(0, 5) } as const;
/** PMEVTYPER<n>_EL0 and (filter bits only) PMCCFILTR_EL0: event and filtering by EL. */
export const PMEVTYPER = {
  evtCount: f(0, 16), MT: f(25), M: f(26), NSH: f(27), NSU: f(28), NSK: f(29), U: f(30), P: f(31),
} as const;
/** PMUSERENR_EL0: EL0 access enables. */
export const PMUSERENR_EL0 = { EN: f(0), SW: f(1), CR: f(2), ER: f(3) } as const;
/** OSDLR_EL1: the OS double lock. */
export const OSDLR_EL1 = { DLK: f(0) } as const;
/** ICH_LR<n>_EL2, a list register (IHI 0069 12.5.10). */
export const ICH_LR_EL2 = {
  vINTID: f(0, 32), pINTID: f(32, 13), EOI: f(41), Priority: f(48, 8), Group: f(60), HW: f(61), State: f(62, 2),
} as const;
/** ICH_HCR_EL2 (IHI 0069 12.5.7). */
export const ICH_HCR_EL2 = { En: f(0) } as const;
/** ICC_SGI1R_EL1 / ICC_SGI0R_EL1 / ICC_ASGI1R_EL1 (IHI 0069 12.2.21). */
export const ICC_SGIR = {
  TargetList: f(0, 16), Aff1: f(16, 8), INTID: f(24, 4), Aff2: f(32, 8), IRM: f(40), RS: f(44, 4), Aff3: f(48, 8),
} as const;

/** PSTATE.{D,A,I,F} as the model keeps them: one 4-bit value (PSTATE.DAIF >> 6, DAIF register bits [9:6]). */
export const DAIF_BITS = { D: 8, A: 4, I: 2, F: 1 } as const;
/** VDISR_EL2 (and DISR_EL1) in the AArch64 format: a deferred SError's record. */
export const VDISR_EL2 = { ISS: f(0, 24), IDS: f(24), A: f(31) } as const;

/** DBGBCR<n>_EL1, breakpoint control (D19.3). */
export const DBGBCR = { E: f(0), PMC: f(1, 2), BAS: f(5, 4), HMC: f(13), SSC: f(14, 2), LBN: f(16, 4), BT: f(20, 4) } as const;
/** DBGWCR<n>_EL1, watchpoint control (D19.3). */
export const DBGWCR = {
  E: f(0), PAC: f(1, 2), LSC: f(3, 2), BAS: f(5, 8), HMC: f(13), SSC: f(14, 2), LBN: f(16, 4), WT: f(20), MASK: f(24, 5),
} as const;
/** MDSCR_EL1.MDE: breakpoint and watchpoint exceptions enabled (monitor debug). */
export const MDSCR_EL1_MDE = f(15);
/** ISS of a Breakpoint or Watchpoint exception (EC 0x30/0x31, 0x34/0x35). */
export const ISS_WPT = { DFSC: f(0, 6), WnR: f(6), CM: f(8) } as const;

/** MAIR_ELx: Attr<n> in bits [8n+7:8n], indexed by a stage-1 descriptor's AttrIndx. */
export const MAIR_ELx = {
  Attr: [f(0, 8), f(8, 8), f(16, 8), f(24, 8), f(32, 8), f(40, 8), f(48, 8), f(56, 8)],
} as const;
/**
 * One MAIR attribute byte (Attr<n>): Attr<n>[7:4] = 0b0000 is Device memory (with the type
 * in [3:2]), otherwise Normal memory with the outer and inner cacheability nibbles.
 */
export const MAIR_ATTR = { Inner: f(0, 4), Outer: f(4, 4), DeviceType: f(2, 2) } as const;
/** A stage-2 descriptor's MemAttr[3:0] (FWB = 0): [3:2] outer (0b00: Device), [1:0] inner or the Device type. */
export const S2_MEMATTR = { Inner: f(0, 2), Outer: f(2, 2) } as const;
/**
 * The output address bits of a table, block or page descriptor in its high word:
 * OA[47:32] in bits [47:32] (the low word's bits [31:granule] hold OA[31:granule]).
 */
export const DESC_OA = { OA_HI: f(32, 16) } as const;
/**
 * One cacheability nibble of a Normal memory MAIR attribute (Attr<n>[7:4] or [3:0]): the
 * policy in [3:2] (0b00 Write-Through Transient, 0b10 Write-Through, 0b11 Write-Back;
 * 0b0100 as a whole is Non-cacheable) and the read/write-allocate hints in [1:0].
 */
export const MAIR_NIBBLE = { RW: f(0, 2), Policy: f(2, 2) } as const;
/**
 * A stage-2 descriptor's MemAttr[3:0] with HCR_EL2.FWB = 1 (FEAT_S2FWB): MemAttr[2] = 0 is
 * Device with the type in [1:0]; [2:0] = 0b101 Normal Non-cacheable, 0b110 Write-Back,
 * 0b111 stage 1's attributes; MemAttr[3] set is reserved.
 */
export const S2_MEMATTR_FWB = { DeviceType: f(0, 2), Normal: f(2), Type: f(0, 3), RES: f(3) } as const;
