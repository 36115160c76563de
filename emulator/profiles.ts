// CPU profiles: the identification registers QEMU 7.2 presents for `-cpu max` and
// `-cpu cortex-a57` on `-M virt,virtualization=on`, read back from QEMU with the
// `id-registers` scenario (MRS of every ID-space encoding at EL2). Registers not listed
// read as zero. Other QEMU versions present other values: the harness learns them with the
// same image (its ID probe) and passes them to the model as `learned` values.

export type CpuProfile = 'max' | 'cortex-a57';

/** ID register values by the model's register name; CCSIDR_EL1 per cache as `ccsidrName()`. */
export type IdRegisters = Readonly<Record<string, bigint>>;

/** Name under which the CCSIDR_EL1 value of a cache (CSSELR_EL1.{Level,InD}) is kept. */
export function ccsidrName(level: number, instruction: boolean): string {
  return `CCSIDR_EL1.L${level + 1}${instruction ? 'I' : 'D'}`;
}

// QEMU 7.2 gives both profiles the Cortex-A57's cache geometry, 64-byte lines:
// L1 D 32K 2-way, L1 I 48K 3-way, L2 unified 2M 16-way (CLIDR_EL1 says which exist).
const CACHES: IdRegisters = {
  [ccsidrName(0, false)]: 0x701fe00an,
  [ccsidrName(0, true)]: 0x201fe012n,
  [ccsidrName(1, false)]: 0x70ffe07an,
};

const MAX: IdRegisters = {
  MIDR_EL1: 0x000f0510n,
  MPIDR_EL1: 0x80000000n,
  ID_PFR0_EL1: 0x11020131n,
  ID_PFR1_EL1: 0x10011001n,
  ID_PFR2_EL1: 0x11n,
  ID_DFR0_EL1: 0x06010009n,
  ID_MMFR0_EL1: 0x10101105n,
  ID_MMFR1_EL1: 0x40000000n,
  ID_MMFR2_EL1: 0x01260000n,
  ID_MMFR3_EL1: 0x02122211n,
  ID_MMFR4_EL1: 0x00011110n,
  ID_MMFR5_EL1: 0x1n,
  ID_ISAR0_EL1: 0x02101110n,
  ID_ISAR1_EL1: 0x13112111n,
  ID_ISAR2_EL1: 0x21232042n,
  ID_ISAR3_EL1: 0x01112131n,
  ID_ISAR4_EL1: 0x00011142n,
  ID_ISAR5_EL1: 0x11011121n,
  ID_ISAR6_EL1: 0x01111111n,
  MVFR0_EL1: 0x10110222n,
  MVFR1_EL1: 0x13211111n,
  MVFR2_EL1: 0x43n,
  ID_AA64PFR0_EL1: 0x1201001121110222n,
  ID_AA64PFR1_EL1: 0x0000000001000021n,
  ID_AA64ZFR0_EL1: 0x0110110100110021n,
  ID_AA64SMFR0_EL1: 0x80f100fd00000000n,
  ID_AA64DFR0_EL1: 0x0000000010305609n,
  ID_AA64ISAR0_EL1: 0x1221111110212120n,
  ID_AA64ISAR1_EL1: 0x0011111101211012n,
  ID_AA64MMFR0_EL1: 0x0000032310201126n,
  ID_AA64MMFR1_EL1: 0x0000011010211122n,
  ID_AA64MMFR2_EL1: 0x1021011010011011n,
  CTR_EL0: 0x8444c004n,
  DCZID_EL0: 0x4n,
  CLIDR_EL1: 0x02000023n,
  ...CACHES,
};

const CORTEX_A57: IdRegisters = {
  MIDR_EL1: 0x411fd070n,
  MPIDR_EL1: 0x80000000n,
  ID_PFR0_EL1: 0x00000131n,
  ID_PFR1_EL1: 0x10011001n,
  ID_DFR0_EL1: 0x03010006n,
  ID_MMFR0_EL1: 0x10101105n,
  ID_MMFR1_EL1: 0x40000000n,
  ID_MMFR2_EL1: 0x01260000n,
  ID_MMFR3_EL1: 0x02102211n,
  ID_ISAR0_EL1: 0x02101110n,
  ID_ISAR1_EL1: 0x13112111n,
  ID_ISAR2_EL1: 0x21232042n,
  ID_ISAR3_EL1: 0x01112131n,
  ID_ISAR4_EL1: 0x00011142n,
  ID_ISAR5_EL1: 0x00011121n,
  MVFR0_EL1: 0x10110222n,
  MVFR1_EL1: 0x12111111n,
  MVFR2_EL1: 0x43n,
  ID_AA64PFR0_EL1: 0x0000000001000222n,
  ID_AA64DFR0_EL1: 0x0000000010305106n,
  ID_AA64ISAR0_EL1: 0x0000000000011120n,
  ID_AA64MMFR0_EL1: 0x0000000000001124n,
  CTR_EL0: 0x8444c004n,
  DCZID_EL0: 0x4n,
  CLIDR_EL1: 0x0a200023n,
  ...CACHES,
};

/** ID values carried as hex strings (JSON reports, worker messages) back to bigints. */
export function idRegistersFromHex(rec: Readonly<Record<string, string>> | undefined): IdRegisters | undefined {
  return rec && Object.fromEntries(Object.entries(rec).map(([k, v]) => [k, BigInt(v)]));
}

/** The built-in (QEMU 7.2) values of a profile. */
export function profileIdRegs(p: CpuProfile): IdRegisters {
  return p === 'max' ? MAX : CORTEX_A57;
}

/**
 * The values the model presents: the profile's built-in table, replaced register by register
 * by values learned from the QEMU in use (a learned table is complete: a register it lacks
 * reads as zero there too, so `learned` replaces the table as a whole).
 */
export function idRegisterValues(p: CpuProfile, learned?: IdRegisters): IdRegisters {
  return learned ?? profileIdRegs(p);
}

/**
 * The ID registers of the same CPU without EL2: ID_AA64PFR0_EL1.EL2 = 0 and ID_PFR1_EL1.
 * Virtualization = 0, the two fields QEMU 7.2 clears when the board has no EL2
 * (arm_cpu_realizefn without has_el2).
 */
export function withoutEl2Ids(ids: IdRegisters): IdRegisters {
  const out: Record<string, bigint> = { ...ids };
  if (out.ID_AA64PFR0_EL1 !== undefined) out.ID_AA64PFR0_EL1 &= ~(0xfn << 8n);
  if (out.ID_PFR1_EL1 !== undefined) out.ID_PFR1_EL1 &= ~(0xfn << 12n);
  return out;
}

/** One 4-bit ID field (D19.2: every ID_AA64* field is 4 bits wide). */
export function idField(ids: IdRegisters, name: string, lsb: number): number {
  return Number(((ids[name] ?? 0n) >> BigInt(lsb)) & 0xfn);
}

/** ID_AA64MMFR0_EL1.PARange decoded to a number of bits (D19.2.64). */
export function paRangeBits(ids: IdRegisters): number {
  return [32, 36, 40, 42, 44, 48, 52][idField(ids, 'ID_AA64MMFR0_EL1', 0)] ?? 48;
}

/**
 * Granules (as log2 of the size) implemented at a stage, from ID_AA64MMFR0_EL1 (D19.2.64):
 * TGran4 [31:28] (0xf = no), TGran64 [27:24] (0xf = no), TGran16 [23:20] (0 = no); for
 * stage 2 TGran4_2 [43:40], TGran64_2 [39:36], TGran16_2 [35:32] (0 = as stage 1, 1 = no).
 */
export function implementedGranules(ids: IdRegisters, stage: 1 | 2): number[] {
  const f = (lsb: number): number => idField(ids, 'ID_AA64MMFR0_EL1', lsb);
  const s2 = (lsb: number, s1: boolean): boolean => (f(lsb) === 0 ? s1 : f(lsb) >= 2);
  const g4 = f(28) !== 0xf, g16 = f(20) >= 1, g64 = f(24) !== 0xf;
  const out: number[] = [];
  if (stage === 1 ? g4 : s2(40, g4)) out.push(12);
  if (stage === 1 ? g16 : s2(32, g16)) out.push(14);
  if (stage === 1 ? g64 : s2(36, g64)) out.push(16);
  return out;
}
