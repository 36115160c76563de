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
}

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
    mappings, dropped,
  };
}
