// Where the stateful MMU fuzz image (scenarios/fuzz-mmu) and its cases keep things. The
// guest stub, the data pool and the blob are those of scenarios/fuzz-s2 (harness/fuzz/layout.ts);
// the tables of the two VMs are fixed pages of the arena, the fuzzed IPA window is 64 pages
// in two 2 MiB regions (each a table of pages or a block), four contiguous runs of 16 pages.

import { ARENA_PA, POOL_PA, STUB_PA } from '../fuzz/layout.ts';

export { BLOB_PA, FUZZ_MEM_MIB, POOL_PA, POOL_SIZE, poolValue } from '../fuzz/layout.ts';

export const MMU_MAGIC = 0x31554d4d5a5a5546n; // "FUZZMMU1"
/** The image stores (sequence id << 32 | command index) here before each command. */
export const MMU_STATUS_PA = 0x45ff_0000;

/** VTCR_EL2 as the image sets it: 4K granule, T0SZ 32 (4 GiB IPA), start level 1, PS 40 bits. */
export const GRANULE = 12;
export const VMS = 2;
export const vmidOf = (vm: number): number => vm + 1;

/** The table pages of VM `vm`: root (level 1), the stub's level 2 and 3, the test level 2, two test level 3. */
export function tablesOf(vm: number): { root: number; l2low: number; l3stub: number; l2test: number; l3test: [number, number] } {
  const b = ARENA_PA + vm * 0x1_0000;
  return { root: b, l2low: b + 0x1000, l3stub: b + 0x2000, l2test: b + 0x3000, l3test: [b + 0x4000, b + 0x5000] };
}
export const vttbrOf = (vm: number): bigint => BigInt(tablesOf(vm).root) | BigInt(vmidOf(vm)) << 48n;

/** The fuzzed IPA window: root entry 1 (IPA 1 GiB), level-2 entries 0 and 1, 32 pages each. */
export const TEST_IPA = 0x4000_0000;
export const REGIONS = 2;
export const PAGES_PER_REGION = 32;
export const PAGES = REGIONS * PAGES_PER_REGION;
export const RUN = 16;
export const RUNS = PAGES / RUN;
export const regionOf = (page: number): number => Math.floor(page / PAGES_PER_REGION);
export const ipaOfPage = (page: number): number => TEST_IPA + regionOf(page) * 0x20_0000 + (page % PAGES_PER_REGION) * 0x1000;
/** The level-3 descriptor of a page, and the level-2 one of a region, in VM `vm`'s tables. */
export const pageDescPa = (vm: number, page: number): number => tablesOf(vm).l3test[regionOf(page)] + (page % PAGES_PER_REGION) * 8;
export const regionDescPa = (vm: number, region: number): number => tablesOf(vm).l2test + region * 8;
/** Pool pages that mappings point at. */
export const POOL_PAGES = 512;
export const poolPagePa = (q: number): number => POOL_PA + q * 0x1000;

// Stage-2 descriptor fields (D8.3.2).
export const VALID = 1n, TABLE = 2n, AF = 1n << 10n, SH_INNER = 3n << 8n, CONTIG = 1n << 52n;
export const OA_MASK = 0x0000_ffff_ffff_f000n;
export const tableDesc = (pa: number): bigint => BigInt(pa) | 3n;
export interface LeafAttrs { s2ap: number; af: boolean; memAttr: number }
export function leafDesc(pa: number, a: LeafAttrs, page: boolean, contiguous = false): bigint {
  return BigInt(pa) | BigInt(a.memAttr & 15) << 2n | BigInt(a.s2ap & 3) << 6n | SH_INNER | (a.af ? AF : 0n) |
    (page ? 3n : 1n) | (contiguous ? CONTIG : 0n);
}

/** The stub page (IPA 0): read-only, executable, Normal. */
export const STUB_DESC = leafDesc(STUB_PA, { s2ap: 1, af: true, memAttr: 0xf }, true);

/** The descriptors every sequence starts from (both VMs: stub mapped, the test window's tables empty). */
export function preludeWrites(): [number, bigint][] {
  const w: [number, bigint][] = [];
  for (let vm = 0; vm < VMS; vm++) {
    const t = tablesOf(vm);
    w.push([t.root, tableDesc(t.l2low)], [t.l2low, tableDesc(t.l3stub)], [t.l3stub, STUB_DESC], [t.root + 8, tableDesc(t.l2test)]);
    for (let r = 0; r < REGIONS; r++) w.push([regionDescPa(vm, r), tableDesc(t.l3test[r])]);
  }
  return w;
}
