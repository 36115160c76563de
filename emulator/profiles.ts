// CPU profiles: the identification registers QEMU 7.2 presents for `-cpu max` and
// `-cpu cortex-a57` on `-M virt,virtualization=on`, read back from QEMU with a probe
// image (MRS of each register at EL2). Registers not listed read as zero.

export type CpuProfile = 'max' | 'cortex-a57';

const MAX: Record<string, bigint> = {
  MIDR_EL1: 0x000f0510n,
  MPIDR_EL1: 0x80000000n,
  ID_AA64PFR0_EL1: 0x1201001121110222n,
  ID_AA64PFR1_EL1: 0x0000000001000021n,
  ID_AA64DFR0_EL1: 0x0000000010305609n,
  ID_AA64ISAR0_EL1: 0x1221111110212120n,
  ID_AA64ISAR1_EL1: 0x0011111101211012n,
  ID_AA64MMFR0_EL1: 0x0000032310201126n,
  ID_AA64MMFR1_EL1: 0x0000011010211122n,
  ID_AA64MMFR2_EL1: 0x1021011010011011n,
  ID_AA64ZFR0_EL1: 0x0110110100110021n,
  ID_AA64SMFR0_EL1: 0x80f100fd00000000n,
  ID_PFR0_EL1: 0x11020131n,
  ID_PFR1_EL1: 0x10011001n,
  ID_DFR0_EL1: 0x06010009n,
  ID_MMFR0_EL1: 0x10101105n,
  ID_ISAR0_EL1: 0x02101110n,
  MVFR0_EL1: 0x10110222n,
  CTR_EL0: 0x8444c004n,
  DCZID_EL0: 0x4n,
  CLIDR_EL1: 0x02000023n,
};

const CORTEX_A57: Record<string, bigint> = {
  MIDR_EL1: 0x411fd070n,
  MPIDR_EL1: 0x80000000n,
  ID_AA64PFR0_EL1: 0x0000000001000222n,
  ID_AA64DFR0_EL1: 0x0000000010305106n,
  ID_AA64ISAR0_EL1: 0x0000000000011120n,
  ID_AA64MMFR0_EL1: 0x0000000000001124n,
  ID_PFR0_EL1: 0x00000131n,
  ID_PFR1_EL1: 0x10011001n,
  ID_DFR0_EL1: 0x03010006n,
  ID_MMFR0_EL1: 0x10101105n,
  ID_ISAR0_EL1: 0x02101110n,
  MVFR0_EL1: 0x10110222n,
  CTR_EL0: 0x8444c004n,
  DCZID_EL0: 0x4n,
  CLIDR_EL1: 0x0a200023n,
};

export function profileIdRegs(p: CpuProfile): Record<string, bigint> {
  return p === 'max' ? MAX : CORTEX_A57;
}

/** ID_AA64MMFR0_EL1.PARange decoded to a number of bits (D19.2.64). */
export function paRangeBits(p: CpuProfile): number {
  const parange = Number(profileIdRegs(p).ID_AA64MMFR0_EL1 & 0xfn);
  return [32, 36, 40, 42, 44, 48, 52][parange] ?? 48;
}
