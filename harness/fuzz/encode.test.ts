// Unit tests of the fuzzer's own encoder and oracle on hand-written cases (the differential
// proof is fuzz.diff.test.ts).
import { describe, expect, it } from 'vitest';
import type { FuzzCase, RawMapping } from './case.ts';
import { configLegal } from './case.ts';
import { encodeCase } from './encode.ts';
import { ARENA_PA, POOL_PA, STUB_PA } from './layout.ts';
import { expectTranslation } from './oracle.ts';
import { prepareCase } from './prepare.ts';

const page = (over: Partial<RawMapping>): RawMapping => ({
  levelSel: 0, ipaSel: 0x1234_5000, paSel: 3, s2ap: 3, xn: 0, af: true, memAttr: 0xf, contiguous: false, malformed: 'none', ...over,
});
// 4K granule, 32-bit IPA, SL0 = 1: the walk starts at level 1 with 4 entries.
const cfg = { granule: 12 as const, t0sz: 32, sl0: 1, ps: 2, vmid: 5 };
const probe = (ipa: number, kind: 'read' | 'write' | 'exec' = 'read') => ({ index: 0, kind, size: 4, ipa, value: 0n });

describe('fuzz encoder and oracle', () => {
  it('lays out the stub and a page with table descriptors down to level 3', () => {
    const c: FuzzCase = { cfg, mappings: [page({})], probes: [] };
    const e = encodeCase(c);
    expect(e.vttbr).toBe(BigInt(ARENA_PA) | 5n << 48n);
    expect(e.vtcr & 63n).toBe(32n);
    expect((e.vtcr >> 6n) & 3n).toBe(1n);
    const descs = new Map(e.descs);
    // Root (level 1) slot 0 -> the stub's level-2 table; its slot 0 -> a level-3 table.
    expect(descs.get(ARENA_PA)).toBe(BigInt(ARENA_PA + 0x1000) | 3n);
    // The page: OA = pool + 3 pages, MemAttr 0xf, S2AP 3, SH inner, AF, page type.
    const leaf = [...descs.values()].find((v) => (v & 0xfffff000n) === BigInt(POOL_PA + 0x3000));
    expect(leaf).toBe(BigInt(POOL_PA + 0x3000) | 0xfn << 2n | 3n << 6n | 3n << 8n | 1n << 10n | 3n);
    const stub = [...descs.values()].find((v) => (v & 0xfffff000n) === BigInt(STUB_PA));
    expect(stub).toBeDefined();
  });

  it('predicts the level where the walk stops and the fault kinds, in priority order', () => {
    const c: FuzzCase = { cfg, mappings: [page({}), page({ ipaSel: 0x8000_0000, af: false, s2ap: 0 }), page({ ipaSel: 0x8000_1000, s2ap: 1, xn: 2 })], probes: [] };
    const e = encodeCase(c);
    expect(expectTranslation(cfg, e, probe(0x1234_5010))).toEqual({ ok: true, pa: POOL_PA + 0x3010 });
    expect(expectTranslation(cfg, e, probe(0x4000_0000))).toMatchObject({ ok: false, fault: 'translation', level: 1 });
    expect(expectTranslation(cfg, e, probe(0x1240_0000))).toMatchObject({ ok: false, fault: 'translation', level: 2 });
    expect(expectTranslation(cfg, e, probe(0x1234_6000))).toMatchObject({ ok: false, fault: 'translation', level: 3 });
    expect(expectTranslation(cfg, e, probe(0x8000_0000))).toMatchObject({ ok: false, fault: 'access-flag', level: 3 });
    expect(expectTranslation(cfg, e, probe(0x8000_1000, 'write'))).toMatchObject({ ok: false, fault: 'permission', level: 3 });
    expect(expectTranslation(cfg, e, probe(0x8000_1000, 'exec'))).toMatchObject({ ok: false, fault: 'permission', level: 3 });
    expect(expectTranslation(cfg, e, probe(2 ** 32))).toMatchObject({ ok: false, fault: 'translation', level: 0 });
  });

  it('knows legal configurations (start level vs IPA size, concatenation, FEAT_TTST)', () => {
    expect(configLegal(cfg)).toBe(true);
    expect(configLegal({ ...cfg, t0sz: 24 })).toBe(true); // 40 bits from level 1: 2 concatenated tables
    expect(configLegal({ ...cfg, t0sz: 20 })).toBe(false); // 44 bits from level 1: 32 tables
    expect(configLegal({ ...cfg, t0sz: 48, sl0: 3 })).toBe(true); // 16 bits from level 3 (FEAT_TTST)
    expect(configLegal({ ...cfg, granule: 16, sl0: 3 })).toBe(false); // reserved
  });

  it('turns a store that would land outside the data pool into a load', () => {
    // A 1 GiB level-1 block over RAM; the probe's PA, 0x40000100, is the image's, not the pool's.
    const c: FuzzCase = {
      cfg, mappings: [page({ levelSel: 1, ipaSel: 0x4000_0000 })],
      probes: [{ kind: 'write', sizeLog: 3, target: -1, offsetSel: 0, ipaSel: 0x4000_0100, value: '1' }],
    };
    const pc = prepareCase(c);
    expect(pc.enc.mappings[1]).toMatchObject({ level: 1, ipa: 0x4000_0000, pa: 0x4000_0000 });
    const p = pc.probes[0];
    expect(p.probe.kind).toBe('read');
    expect(p.note).toMatch(/outside the data pool/);
  });
});
