// The fuzzer's own stage-2 table encoder: turns a case into the descriptors the fuzz image
// writes into RAM, and keeps the table tree it built so the oracle can walk the same
// structure. Written from the Arm ARM's descriptor formats (D8.3), independently of the
// model's walker, so a bug the model shares with QEMU is not also baked in here.

import {
  configLegal, levelShift, PS_BITS, resolveMapping, startLevelOf,
  type FuzzCase, type GranuleBits, type Mapping, type S2Config,
} from './case.ts';
import { ARENA_PA, ARENA_SIZE, STUB_PA } from './layout.ts';

/** A slot of the tree: a table descriptor, or the leaf of a mapping. */
export type Slot = { kind: 'table'; next: number } | { kind: 'leaf'; mapping: Mapping; oa: number };

export interface Encoded {
  vtcr: bigint;
  vttbr: bigint;
  /** Non-zero descriptors: [PA, value]. */
  descs: [number, bigint][];
  /** Slots by `${level}:${ipa >> levelShift(level)}`. */
  slots: Map<string, Slot>;
  startLevel: number;
  legal: boolean;
  /** The mappings in the tables (stub first, index -1), and those dropped as overlapping. */
  mappings: Mapping[];
  dropped: Mapping[];
  /** Stage 1 (case.s1): where its tables are; filled in by encodeStage1. */
  s1?: Stage1Layout;
}

/** The guest's stage-1 identity map: 4K granule, 39-bit VA, walk from level 1. */
export interface Stage1Layout {
  /** IPA and PA of the level-1 table (stage 2 maps it read-only, always valid). */
  l1Ipa: number;
  l1Pa: number;
  /** The fuzzed level-2 table (absent when its stage-2 mapping overlapped another). */
  l2?: Mapping;
  /** The 1 GiB region the level-2 table covers (set by encodeStage1). */
  l2Region?: number;
  sctlr: bigint;
  tcr: bigint;
  ttbr0: bigint;
}

export const S1_VA_BITS = 39;
const SCTLR_EL1_RES1 = (1n << 11n) | (1n << 20n) | (1n << 22n) | (1n << 23n) | (1n << 28n) | (1n << 29n);
/** Stage-1 block: AttrIndx 0 (MAIR_EL1 Attr0 = 0xff, the image sets it), AP RW at EL1, SH inner, AF. */
const s1Block = (ipa: number): bigint => BigInt(ipa) | 1n << 10n | 3n << 8n | 1n;

const TG0 = { 12: 0n, 16: 1n, 14: 2n } as const;

/** The level the tables are laid out from: SL0 as written, reserved encodings included. */
export function layoutStartLevel(cfg: S2Config): number {
  const l = startLevelOf(cfg.granule, cfg.sl0);
  if (l >= 0) return l;
  return cfg.granule === 12 ? 3 : cfg.granule === 14 ? 0 : 1; // FEAT_TTST / FEAT_LPA2 meanings
}

export const slotKey = (g: GranuleBits, level: number, ipa: number): string => `${level}:${Math.floor(ipa / 2 ** levelShift(g, level))}`;

/** The stub mapping every case has: IPA [0, granule) -> the guest stub, read-only, executable. */
export function stubMapping(cfg: S2Config): Mapping {
  const size = 2 ** cfg.granule;
  return {
    index: -1, level: 3, ipa: 0, pa: STUB_PA, size,
    raw: { levelSel: 0, ipaSel: 0, paSel: 0, s2ap: 1, xn: 0, af: true, memAttr: 0xf, contiguous: false, malformed: 'none' },
  };
}

export function encodeCase(c: FuzzCase): Encoded {
  const cfg = c.cfg;
  const g = cfg.granule;
  const stride = g - 3;
  const ipaBits = 64 - cfg.t0sz;
  const start = layoutStartLevel(cfg);
  // Root: 2^(index bits at the start level) entries, concatenated tables, aligned to its size.
  const rootBits = Math.min(Math.max(ipaBits - levelShift(g, start), 0), stride + 4);
  const rootSize = Math.max(2 ** g, 2 ** rootBits * 8);
  const root = ARENA_PA;
  let next = root + rootSize;
  const slots = new Map<string, Slot>();
  const descs = new Map<number, bigint>();
  const psBits = PS_BITS[cfg.ps];

  const slotPa = (level: number, ipa: number): number => {
    if (level === start) return root + (Math.floor(ipa / 2 ** levelShift(g, level)) % 2 ** rootBits) * 8;
    const parent = slots.get(slotKey(g, level - 1, ipa));
    if (parent?.kind !== 'table') throw new Error('fuzz encoder: no table above');
    return parent.next + (Math.floor(ipa / 2 ** levelShift(g, level)) % 2 ** stride) * 8;
  };

  const leafDesc = (m: Mapping, level: number, oa: number): bigint => {
    const r = m.raw;
    let v = BigInt(oa) | BigInt(r.memAttr & 0xf) << 2n | BigInt(r.s2ap & 3) << 6n | 3n << 8n |
      (r.af ? 1n << 10n : 0n) | BigInt(r.xn & 3) << 53n;
    v |= level === 3 && r.malformed !== 'reserved-type' ? 3n : 1n;
    if (r.contiguous && level === 3) v |= 1n << 52n;
    if (r.malformed === 'software-bits') v |= 0xfn << 55n;
    if (r.malformed === 'oa-beyond-ps' && psBits < 48) v |= 1n << BigInt(psBits + (r.paSel % (48 - psBits)));
    return v;
  };

  const place = (m: Mapping): boolean => {
    const unit = 2 ** levelShift(g, m.level);
    const count = m.size / unit;
    if (m.level < start) return false;
    // The path of tables down to the leaf level must not cross another mapping's leaf,
    // and the leaf slots must be free.
    for (let level = start; level < m.level; level++) {
      if (slots.get(slotKey(g, level, m.ipa))?.kind === 'leaf') return false;
    }
    for (let i = 0; i < count; i++) if (slots.has(slotKey(g, m.level, m.ipa + i * unit))) return false;
    for (let level = start; level < m.level; level++) {
      const key = slotKey(g, level, m.ipa);
      if (slots.has(key)) continue;
      const table = next;
      next += 2 ** g;
      if (next > ARENA_PA + ARENA_SIZE) throw new Error('fuzz encoder: table arena exhausted');
      descs.set(slotPa(level, m.ipa), BigInt(table) | 3n);
      slots.set(key, { kind: 'table', next: table });
    }
    for (let i = 0; i < count; i++) {
      const ipa = m.ipa + i * unit, oa = m.pa + i * unit;
      descs.set(slotPa(m.level, ipa), leafDesc(m, m.level, oa));
      slots.set(slotKey(g, m.level, ipa), { kind: 'leaf', mapping: m, oa });
    }
    return true;
  };

  const mappings: Mapping[] = [];
  const dropped: Mapping[] = [];
  const stub = stubMapping(cfg);
  if (stub.level >= start && 2 ** ipaBits > 0) {
    if (place(stub)) mappings.push(stub);
  }
  const arenaPage = (): number => {
    next = Math.ceil(next / 2 ** g) * 2 ** g;
    const pa = next;
    next += 2 ** g;
    return pa;
  };
  let s1: Stage1Layout | undefined;
  if (c.s1) {
    // The level-1 table at IPA page 1, read-only and valid; the level-2 table where the
    // fuzzed mapping says (below 2^39, above page 1), with its fuzzed attributes.
    const l1Pa = arenaPage(), l1Ipa = 2 ** g;
    const l1: Mapping = { ...stub, index: -2, ipa: l1Ipa, pa: l1Pa };
    if (stub.level >= start && place(l1)) mappings.push(l1);
    const span = 2 ** Math.min(ipaBits, S1_VA_BITS, 52);
    const l2Ipa = Math.max(2, Math.floor((c.s1.ipaSel % span) / 2 ** g)) * 2 ** g;
    const l2: Mapping = { index: -3, level: 3, ipa: l2Ipa, pa: arenaPage(), size: 2 ** g, raw: { ...c.s1, contiguous: false,
      malformed: c.s1.malformed === 'block-at-illegal-level' ? 'none' : c.s1.malformed } };
    const l2placed = l2Ipa + 2 ** g <= span && l2Ipa < 2 ** ipaBits && place(l2);
    if (l2placed) mappings.push(l2); else dropped.push(l2);
    s1 = {
      l1Ipa, l1Pa, l2: l2placed ? l2 : undefined,
      sctlr: SCTLR_EL1_RES1 | 1n,
      // T0SZ 25, IRGN0/ORGN0 WBWA, SH0 inner, TG0 4K, EPD1, IPS 48 bits.
      tcr: 25n | 1n << 8n | 1n << 10n | 3n << 12n | 1n << 23n | 5n << 32n,
      ttbr0: BigInt(l1Ipa),
    };
  }
  c.mappings.forEach((raw, i) => {
    const m = resolveMapping(cfg, raw, i);
    if (m.ipa + m.size <= 2 ** Math.min(ipaBits, 52) && place(m)) mappings.push(m);
    else dropped.push(m);
  });
  const vtcr = BigInt(cfg.t0sz & 63) | BigInt(cfg.sl0 & 3) << 6n | 1n << 8n | 1n << 10n | 3n << 12n |
    TG0[g] << 14n | BigInt(cfg.ps & 7) << 16n | 1n << 31n;
  const vttbr = BigInt(root) | BigInt(cfg.vmid & 0xff) << 48n;
  return {
    vtcr, vttbr, descs: [...descs].sort((a, b) => a[0] - b[0]), slots, startLevel: start, legal: configLegal(cfg),
    mappings, dropped, s1,
  };
}

/**
 * Writes the stage-1 identity map for the probes' VAs (= IPAs): 1 GiB blocks, except that
 * the first region above 1 GiB a probe uses goes through the fuzzed level-2 table (2 MiB
 * blocks). Descriptors go into the tables' arena pages.
 */
export function encodeStage1(enc: Encoded, vas: number[]): void {
  const s1 = enc.s1;
  if (!s1) return;
  const descs = new Map(enc.descs);
  descs.set(s1.l1Pa, s1Block(0)); // region 0: the stub
  for (const va of vas) {
    if (va >= 2 ** S1_VA_BITS) continue;
    const k = Math.floor(va / 2 ** 30);
    if (k >= 1 && s1.l2 && (s1.l2Region === undefined || s1.l2Region === k)) {
      s1.l2Region = k;
      descs.set(s1.l1Pa + k * 8, BigInt(s1.l2.ipa) | 3n);
      const j = Math.floor(va / 2 ** 21) % 512;
      descs.set(s1.l2.pa + j * 8, s1Block(k * 2 ** 30 + j * 2 ** 21));
    } else if (k !== s1.l2Region) {
      descs.set(s1.l1Pa + k * 8, s1Block(k * 2 ** 30));
    }
  }
  enc.descs = [...descs].sort((a, b) => a[0] - b[0]);
}
