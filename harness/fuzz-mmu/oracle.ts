// The oracle of the stateful MMU fuzzer: what the architecture says each command of a
// sequence must give, written from the Arm ARM independently of the model's walker and of
// its --strict checker:
//  - the translation tables as the sequence left them in memory, walked per D8.3 (4K
//    granule, stage 2 from level 1, the guest's stage 1 off: VA = IPA);
//  - a TLB the architecture permits: every successful walk may leave an entry (a stage-2
//    entry per VMID and IPA range, and a combined entry, D8.13) that depends on the
//    descriptors read; a descriptor with the Contiguous bit gives an entry spanning its run
//    (D8.6.1) that depends on the whole run; a write that changes a descriptor an entry
//    depends on makes the entry stale; a TLBI (+ DSB) removes the entries of its scope.
// An access whose address a stale entry covers may give the old or the new translation (not
// compared), and --strict must report it (missing-tlbi); a valid-to-valid change of output
// address, type, memory attributes or Contiguous bit of a descriptor a walk has read must be
// reported as break-before-make (D8.14.1). Everything else is predicted exactly.

import { expectLine, type ExpectedLine, type MaskedField, type Outcome } from '../fuzz/oracle.ts';
import type { Probe, ProbeKind } from '../fuzz/case.ts';
import { inPool } from '../fuzz/layout.ts';
import {
  CONTIG, GRANULE, OA_MASK, PAGES_PER_REGION, REGIONS, RUN, TABLE, TEST_IPA, VALID, ipaOfPage, pageDescPa, regionOf, tablesOf, vmidOf,
} from './layout.ts';
import { rangePages, TLBI_FORMS } from './tlbi.ts';

export type FindingKind = 'break-before-make' | 'missing-tlbi';

interface Entry {
  kind: 's2' | 'comb';
  vmid: number;
  base: number;
  size: number;
  deps: Set<number>;
  leaves: Set<number>;
  /** Made stale by a write; `table`: of a descriptor that was not the entry's leaf. */
  stale?: { table: boolean };
}

type Walk =
  | { ok: true; pa: number; level: number; path: number[]; leafPa: number; desc: bigint; run: number[] }
  | { ok: false; fault: 'translation' | 'access-flag' | 'permission' | 'address-size'; level: number; path: number[] };

/** What the oracle says about one command that prints a line. */
export interface Prediction {
  /** Compared between the two sides (false: the architecture permits more than one result). */
  comparable: boolean;
  /** The line both sides must print (where comparable and predicted). */
  expected?: ExpectedLine;
  /** Why it is not compared. */
  why?: string;
}

const BBM_MASK = OA_MASK | TABLE | 0x33cn | CONTIG; // OA, type, MemAttr[3:0] and SH, Contiguous (D8.14.1)

export class MmuOracle {
  readonly mem = new Map<number, bigint>();
  /** Descriptors some walk has read (the ones a TLB can hold). */
  private readonly walked = new Set<number>();
  private entries = new Map<string, Entry>();
  /** Stale entries a later walk replaced: the TLB may still hold them. */
  private ghosts: Entry[] = [];
  vm = 0;

  private desc(pa: number): bigint {
    return this.mem.get(pa) ?? 0n;
  }

  /** AArch64.S2Walk for this configuration (D8.3): levels 1-3, 4K granule. */
  walk(ipa: number, kind: ProbeKind | 'at-read' | 'at-write'): Walk {
    const path: number[] = [];
    let table = tablesOf(this.vm).root;
    for (let level = 1; level <= 3; level++) {
      const shift = GRANULE + 9 * (3 - level);
      const pa = table + (Math.floor(ipa / 2 ** shift) % (level === 1 ? 4 : 512)) * 8;
      path.push(pa);
      const d = this.desc(pa);
      if ((d & VALID) === 0n) return { ok: false, fault: 'translation', level, path };
      const oa = Number(d & OA_MASK);
      if (level < 3 && (d & TABLE) !== 0n) { table = oa; continue; }
      if (level === 3 && (d & TABLE) === 0n) return { ok: false, fault: 'translation', level, path };
      if (oa >= 2 ** 40) return { ok: false, fault: 'address-size', level, path };
      if ((d & (1n << 10n)) === 0n) return { ok: false, fault: 'access-flag', level, path };
      const s2ap = Number((d >> 6n) & 3n);
      const write = kind === 'write' || kind === 'at-write';
      if (kind !== 'exec' && ((s2ap & (write ? 2 : 1)) === 0)) return { ok: false, fault: 'permission', level, path };
      const run = (d & CONTIG) !== 0n ? runOf(pa) : [];
      return { ok: true, pa: oa - (oa % 2 ** shift) + (ipa % 2 ** shift), level, path, leafPa: pa, desc: d, run };
    }
    throw new Error('unreachable');
  }

  /** Entries (and ghosts) of the current VMID whose range covers `ipa`, stale ones. */
  private staleCovering(ipa: number, kinds: ('s2' | 'comb')[]): Entry[] {
    const v = vmidOf(this.vm);
    const covers = (e: Entry): boolean => e.vmid === v && kinds.includes(e.kind) && ipa >= e.base && ipa < e.base + e.size && e.stale !== undefined;
    return [...this.entries.values(), ...this.ghosts].filter(covers);
  }

  /** Only the live entries (what --strict tracks): the findings. */
  private staleLive(ipa: number, kinds: ('s2' | 'comb')[]): boolean {
    const v = vmidOf(this.vm);
    return [...this.entries.values()].some((e) => e.vmid === v && kinds.includes(e.kind) && ipa >= e.base && ipa < e.base + e.size && e.stale !== undefined);
  }

  private remember(kind: 's2' | 'comb', w: Extract<Walk, { ok: true }>, ipa: number): void {
    const span = 2 ** (GRANULE + 9 * (3 - w.level)) * (w.run.length > 0 ? w.run.length : 1);
    const base = ipa - (ipa % span);
    const key = `${kind}:${vmidOf(this.vm)}:${base}:${span}`;
    const old = this.entries.get(key);
    if (old?.stale) this.ghosts.push(old);
    this.entries.set(key, {
      kind, vmid: vmidOf(this.vm), base, size: span, deps: new Set([...w.path, ...w.run]), leaves: new Set([w.leafPa, ...w.run]),
    });
    for (const pa of [...w.path, ...w.run]) this.walked.add(pa);
  }

  /**
   * A contiguous run (D8.6.1) that is misprogrammed (some descriptor with the hint, but not
   * all sixteen valid, adjacent and alike): any translation of the run may be used.
   */
  private inconsistentRun(ipa: number): boolean {
    const off = ipa - TEST_IPA;
    if (off < 0 || off >= REGIONS * 0x20_0000 || off % 0x20_0000 >= PAGES_PER_REGION * 4096) return false;
    const page = Math.floor(off / 0x20_0000) * PAGES_PER_REGION + Math.floor((off % 0x20_0000) / 4096);
    // Only when the region's level-2 entry is the table the runs live in.
    const l2 = this.desc(tablesOf(this.vm).l2test + regionOf(page) * 8);
    if ((l2 & 3n) !== 3n || Number(l2 & OA_MASK) !== tablesOf(this.vm).l3test[regionOf(page)]) return false;
    const first = page - (page % RUN);
    const ds = Array.from({ length: RUN }, (_, i) => this.desc(pageDescPa(this.vm, first + i)));
    if (!ds.some((d) => (d & CONTIG) !== 0n)) return false;
    const attrs = (d: bigint): bigint => d & ~OA_MASK;
    const oa0 = Number(ds[0] & OA_MASK);
    return !(oa0 % (RUN * 4096) === 0 && ds.every((d, i) => (d & 3n) === 3n && (d & CONTIG) !== 0n && attrs(d) === attrs(ds[0]) && Number(d & OA_MASK) === oa0 + i * 4096));
  }

  /**
   * WRITE: the findings it must give (break-before-make where a walk of this sequence read
   * the descriptor; where none did, --strict may still remember it from an earlier sequence
   * of the boot: optional), and the entries it makes stale.
   */
  write(pa: number, value: bigint): { findings: FindingKind[]; optional: FindingKind[] } {
    const old = this.desc(pa);
    const out: FindingKind[] = [], optional: FindingKind[] = [];
    if ((old & VALID) !== 0n && (value & VALID) !== 0n && ((old ^ value) & BBM_MASK) !== 0n) (this.walked.has(pa) ? out : optional).push('break-before-make');
    if (this.walked.has(pa) && old !== value) {
      for (const e of this.entries.values()) if (!e.stale && e.deps.has(pa)) e.stale = { table: !e.leaves.has(pa) };
    }
    this.mem.set(pa, value);
    return { findings: out, optional };
  }

  switchVm(vm: number): void {
    this.vm = vm;
  }

  /** TLBI form `form` with its operand (IPA / VA of a page, or a range), then DSB. */
  tlbi(form: number, addr: number, rangeNum: number): void {
    const t = TLBI_FORMS[form];
    const v = vmidOf(this.vm);
    const inRange = (e: Entry, lo: number, hi: number): boolean => e.base < hi && e.base + e.size > lo;
    const drop = (e: Entry): boolean => {
      if (t.lastLevel && e.stale?.table) return false;
      switch (t.reach) {
        case 's2-ipa': return e.kind === 's2' && e.vmid === v && inRange(e, addr, addr + 1);
        case 's2-range': return e.kind === 's2' && e.vmid === v && inRange(e, addr, addr + rangePages(rangeNum) * 4096);
        case 'vmid-all': return e.vmid === v;
        case 'comb-all': return e.kind === 'comb' && e.vmid === v;
        case 'all': return true;
        case 'comb-va': return e.kind === 'comb' && e.vmid === v && inRange(e, addr, addr + 1);
        case 'comb-nonglobal': return false; // stage 1 off: every entry is global
      }
    };
    for (const [k, e] of this.entries) if (drop(e)) this.entries.delete(k);
    this.ghosts = this.ghosts.filter((e) => !drop(e));
  }

  /**
   * A guest access (stage 1 off). Returns the kind actually run (a store or a fetch whose
   * outcome is not predicted exactly becomes a load, so memory stays known), the check PA
   * of a store, the prediction and the findings.
   */
  access(kind: ProbeKind, size: number, ipa: number, value: bigint):
    { kind: ProbeKind; size: number; checkPa: number; prediction: Prediction; findings: FindingKind[] } {
    const unknown = this.staleCovering(ipa, ['s2', 'comb']).length > 0 ? 'a stale TLB entry covers it' :
      this.inconsistentRun(ipa) ? 'a misprogrammed contiguous run covers it' : undefined;
    let k = kind;
    const first = this.walk(ipa, k);
    if (k === 'write' && (unknown || !first.ok || !inPool(first.pa, size))) k = 'read';
    if (k === 'exec') {
      const d = first.ok ? first.desc : 0n;
      const readable = ((d >> 6n) & 1n) === 1n, normal = ((d >> 2n) & 0xcn) !== 0n;
      if (unknown || !first.ok || !readable || !normal || !inPool(first.pa, 4)) k = 'read';
    }
    const sz = k === 'exec' ? 4 : size;
    const w = k === kind ? first : this.walk(ipa, k);
    const findings: FindingKind[] = [];
    // --strict: a stage-2 use (or a faulting stage-2 walk) meets a stale entry covering the IPA.
    if (this.staleLive(ipa, ['s2', 'comb'])) findings.push('missing-tlbi');
    if (w.ok) {
      this.remember('s2', w, ipa);
      this.remember('comb', w, ipa);
    }
    const probe: Probe = { index: 0, kind: k, size: sz, ipa, value };
    if (unknown) return { kind: k, size: sz, checkPa: 0, prediction: { comparable: false, why: unknown }, findings };
    const o: Outcome = w.ok ? { ok: true, pa: w.pa } : { ok: false, fault: w.fault, level: w.level };
    return { kind: k, size: sz, checkPa: k === 'write' && w.ok ? w.pa : 0, prediction: { comparable: true, expected: expectLine(o, probe) }, findings };
  }

  /** AT S12E1R / S12E1W (stage 2 walked) or S1E1R (stage 1 only, off: PA = VA) at EL2. */
  at(form: number, ipa: number): { prediction: Prediction; findings: FindingKind[] } {
    if (form === 2) return { prediction: { comparable: true, expected: parLine({ ok: true, pa: ipa }) }, findings: [] };
    const unknown = this.staleCovering(ipa, ['s2', 'comb']).length > 0 ? 'a stale TLB entry covers it' :
      this.inconsistentRun(ipa) ? 'a misprogrammed contiguous run covers it' : undefined;
    const w = this.walk(ipa, form === 1 ? 'at-write' : 'at-read');
    const findings: FindingKind[] = [];
    // AT has no combined use: only its stage-2 walk meets stale entries (a fault: either kind).
    if (this.staleLive(ipa, w.ok ? ['s2'] : ['s2', 'comb'])) findings.push('missing-tlbi');
    if (w.ok) this.remember('s2', w, ipa);
    if (unknown) return { prediction: { comparable: false, why: unknown }, findings };
    return { prediction: { comparable: true, expected: parLine(w.ok ? { ok: true, pa: w.pa } : { ok: false, fsc: fscOf(w.fault) + w.level }) }, findings };
  }
}

const fscOf = (f: string): number => ({ 'address-size': 0, translation: 4, 'access-flag': 8, permission: 12 } as Record<string, number>)[f];

/** PAR_EL1 (D17.2.112): success F = 0 and PA[47:12]; fault F = 1, FST, PTW = 0, S = 1 (stage 2). */
function parLine(r: { ok: true; pa: number } | { ok: false; fsc: number }): ExpectedLine {
  const f: MaskedField = r.ok
    ? { value: BigInt(r.pa) & OA_MASK, mask: OA_MASK | 1n }
    : { value: 1n | BigInt(r.fsc) << 1n | 1n << 9n, mask: 1n | 0x7en | 1n << 8n | 1n << 9n };
  return { tag: 'P' as ExpectedLine['tag'], fields: [f] };
}

/** The descriptors of the contiguous run (aligned group of 16) a level-3 descriptor is in. */
function runOf(pa: number): number[] {
  const first = pa - (pa % (RUN * 8));
  return Array.from({ length: RUN }, (_, i) => first + i * 8);
}

export { ipaOfPage };
