// A stage-2 fuzz case: a configuration, mappings and probes as fast-check generates them
// (raw selectors, so that every shrink step is still a valid case), and their resolution
// into concrete addresses for a given configuration.

import { POOL_PA, POOL_SIZE } from './layout.ts';

/** Translation granule as log2 of its size. */
export type GranuleBits = 12 | 14 | 16;

export interface S2Config {
  granule: GranuleBits;
  /** VTCR_EL2.T0SZ: the IPA space is 64 - t0sz bits. */
  t0sz: number;
  /** VTCR_EL2.SL0 as written (its meaning depends on the granule). */
  sl0: number;
  /** VTCR_EL2.PS. */
  ps: number;
  vmid: number;
}

/** Deliberately broken descriptors, to see both sides fault the same way. */
export type Malformed = 'none' | 'reserved-type' | 'oa-beyond-ps' | 'block-at-illegal-level' | 'software-bits';

export interface RawMapping {
  /** Picks the leaf level among those the configuration allows. */
  levelSel: number;
  ipaSel: number;
  paSel: number;
  /** S2AP[1:0]: bit 0 read, bit 1 write. */
  s2ap: number;
  /** XN[1:0] (FEAT_XNX). */
  xn: number;
  af: boolean;
  /** Stage-2 MemAttr[3:0]. */
  memAttr: number;
  contiguous: boolean;
  malformed: Malformed;
}

export type ProbeKind = 'read' | 'write' | 'exec';

export interface RawProbe {
  kind: ProbeKind;
  /** log2 of the access size (0..3); exec is always 4 bytes. */
  sizeLog: number;
  /** Which mapping it aims at (modulo their number), or -1 for a free IPA. */
  target: number;
  offsetSel: number;
  /** For target -1: the IPA, before wrapping to one bit beyond the IPA space. */
  ipaSel: number;
  /** Value stored by a write, hex. */
  value: string;
}

export interface FuzzCase {
  cfg: S2Config;
  mappings: RawMapping[];
  probes: RawProbe[];
  /**
   * Stage 1 on for the guest (else null/absent): an identity map whose level-1 table sits at
   * a fixed IPA and, for the first probe above 1 GiB, a level-2 table at an IPA this mapping
   * places (its S2AP/AF/MemAttr/malformed fuzzed; levelSel and paSel unused): stage-2 faults
   * on those table walks are S1PTW faults.
   */
  s1?: RawMapping | null;
}

export const PS_BITS = [32, 36, 40, 42, 44, 48, 52, 52] as const;

/** The start level VTCR_EL2.SL0 selects (D8.2.x, VTCR_EL2.SL0 encoding), or -1 if reserved. */
export function startLevelOf(granule: GranuleBits, sl0: number): number {
  if (granule === 12) return [2, 1, 0, 3][sl0]; // SL0 = 3: level 3 with FEAT_TTST (QEMU's max has it)
  if (granule === 14) return [3, 2, 1, -1][sl0]; // SL0 = 3 (level 0) needs FEAT_LPA2
  return [3, 2, 1, -1][sl0];
}

/** The SL0 encoding of a start level (inverse of startLevelOf). */
export function sl0Of(granule: GranuleBits, level: number): number {
  return granule === 12 ? [2, 1, 0, 3][level] : [-1, 2, 1, 0][level];
}

/** log2 of the size a descriptor at `level` maps. */
export const levelShift = (g: GranuleBits, level: number): number => g + (3 - level) * (g - 3);

/** Is the configuration one the architecture defines? (AArch64.S2InconsistentSL and TxSZ limits) */
export function configLegal(cfg: S2Config): boolean {
  const ipaBits = 64 - cfg.t0sz;
  const start = startLevelOf(cfg.granule, cfg.sl0);
  if (start < 0) return false;
  const maxIpa = cfg.granule === 16 ? 52 : 48;
  // FEAT_TTST: T0SZ up to 48 (47 with 64K).
  if (ipaBits < (cfg.granule === 16 ? 17 : 16) || ipaBits > maxIpa) return false;
  const below = levelShift(cfg.granule, start); // bits resolved below the start level
  const stride = cfg.granule - 3;
  // At least one index bit at the start level, at most 16 concatenated tables.
  // (AArch64.S2InconsistentSL). PAMax is 52 on QEMU's max (AArch64.S2InvalidSL passes).
  // The IPA space may be wider than PS: output addresses are checked against PS.
  return ipaBits - below >= 1 && ipaBits - below <= stride + 4;
}

/** QEMU 7.2 refuses this legal configuration (harness/qemu-deviations.ts s2-setup-checked-against-ps). */
export function qemu72RejectsConfig(cfg: S2Config): boolean {
  const ipaBits = 64 - cfg.t0sz, ps = PS_BITS[cfg.ps], start = startLevelOf(cfg.granule, cfg.sl0);
  if (ipaBits > ps) return true;
  if (cfg.granule === 12) return start === 0 && ps <= 42;
  if (cfg.granule === 14) return start === 1 && ps <= 40;
  return start === 1 && ps <= 42;
}

/** Leaf levels a valid descriptor may use: pages at 3, blocks where the granule allows. */
export function blockLevels(g: GranuleBits): number[] {
  if (g === 12) return [1, 2];
  if (g === 14) return [2];
  return [1, 2]; // 64K level-1 blocks: FEAT_LPA, which QEMU's max and the model have
}

/** Entries of a contiguous run (the contiguous hint, D8.6.1), level 3 only here. */
export const contiguousEntries = (g: GranuleBits): number => (g === 12 ? 16 : g === 14 ? 128 : 32);

/** A mapping with concrete addresses for a configuration. */
export interface Mapping {
  index: number;
  level: number;
  ipa: number;
  pa: number;
  /** Bytes covered (a whole contiguous run when contiguous). */
  size: number;
  raw: RawMapping;
}

export interface Probe {
  index: number;
  kind: ProbeKind;
  size: number;
  ipa: number;
  value: bigint;
}

const mod = (a: number, n: number): number => ((a % n) + n) % n;

export function resolveMapping(cfg: S2Config, m: RawMapping, index: number): Mapping {
  const g = cfg.granule;
  const ipaBits = 64 - cfg.t0sz;
  const start = Math.max(0, startLevelOf(g, cfg.sl0));
  const legalLeaves = [3, ...blockLevels(g)].filter((l) => l >= Math.max(start, g === 16 ? 1 : 0));
  let level = legalLeaves[mod(m.levelSel, legalLeaves.length)];
  if (m.malformed === 'block-at-illegal-level') {
    const illegal = [0, 1, 2].filter((l) => l >= start && !blockLevels(g).includes(l) && !(g === 16 && l === 0));
    if (illegal.length > 0) level = illegal[mod(m.levelSel, illegal.length)];
  }
  const contiguous = m.contiguous && level === 3;
  const unit = 2 ** levelShift(g, level);
  const size = contiguous ? unit * contiguousEntries(g) : unit;
  const space = 2 ** Math.min(ipaBits, 52);
  const ipa = Math.floor(mod(m.ipaSel, space) / size) * size;
  let pa: number;
  if (level === 3) {
    pa = POOL_PA + mod(m.paSel, Math.max(1, POOL_SIZE / size)) * size;
  } else {
    pa = Math.floor(POOL_PA / unit) * unit; // the block that holds the pool
  }
  return { index, level, ipa, pa, size, raw: m };
}

export function resolveProbe(cfg: S2Config, maps: Mapping[], p: RawProbe, index: number): Probe {
  const size = p.kind === 'exec' ? 4 : 2 ** p.sizeLog;
  const ipaBits = 64 - cfg.t0sz;
  let ipa: number;
  if (p.target >= 0 && maps.length > 0) {
    const m = maps[p.target % maps.length];
    // Aim at the part of the mapping that lands in the pool (a block is bigger than it).
    const lo = Math.max(m.pa, POOL_PA);
    const hi = Math.min(m.pa + m.size, POOL_PA + POOL_SIZE);
    const span = Math.max(hi - lo, size);
    ipa = m.ipa + (lo - m.pa) + mod(p.offsetSel, span);
  } else {
    ipa = mod(p.ipaSel, 2 ** Math.min(ipaBits + 1, 52));
  }
  ipa -= ipa % size;
  return { index, kind: p.kind, size, ipa, value: BigInt(`0x${p.value}`) };
}
