// --strict: finds the places where a test relies on behaviour the architecture leaves
// UNPREDICTABLE or CONSTRAINED UNPREDICTABLE, which QEMU and the model may resolve
// differently (or the same way today, and differently on hardware):
//
//   break-before-make  a valid translation table descriptor replaced by another valid one
//                      that differs in output address, type or memory attributes (D8.14.1)
//   missing-tlbi       a translation used again after its descriptor changed, with no TLBI
//                      since that removes the TLB entry which may still hold the old one (D8.13)
//   missing-isb        a data access translated after a write to a register that controls
//                      translation, with no context synchronization event in between (D23.2),
//                      where the old and the new register value translate it differently
//                      (PA, memory type or fault); if both agree, nothing relied on either
//
// It keeps a shadow TLB: an entry for every translation the CPU used (stage 1 / combined
// entries per regime and VMID, stage-2 entries per VMID and IPA), with the descriptors each
// depends on. Descriptor writes mark entries stale; TLBI removes entries by its scope; a
// stale entry that covers an address translated again is a finding, whether the new walk
// succeeds or faults (an unmapped page whose TLB entry was not invalidated may still be
// reached). A descriptor with the Contiguous bit makes an entry that spans its whole run
// (D8.6.1: the TLB may cache the run as one entry) and depends on every descriptor of it.
// Last-level TLBI forms (…LE1) leave walk-cache entries: an entry made stale by a change of
// a table descriptor survives them. Instruction fetches are not checked for missing-isb
// (the ISB that follows an MSR is itself fetched before the synchronization).

import type { Cpu } from './cpu.ts';
import { ACC_EXEC } from './cpu.ts';
import { type FaultKind, type Mmu, type MmuObserver } from './mmu.ts';
import { regimeOf } from './arch/regime.ts';

export type StrictFindingKind = 'break-before-make' | 'missing-tlbi' | 'missing-isb';

export interface StrictFinding {
  kind: StrictFindingKind;
  /** The instruction that relied on the UNPREDICTABLE behaviour (PC and encoding). */
  pc: string;
  word?: number;
  /** The VA or IPA concerned, hex. */
  address?: string;
  /** The PE that relied on it, on a board of several PEs. */
  cpu?: number;
  /** The descriptor concerned: its PA and the old and new values. */
  descriptor?: { pa: string; old: string; new: string };
  detail: string;
}

import type { Regime } from './arch/regime.ts';
import type { SysRegDef } from './sysreg-table.ts';
import type { SysInsnDef, TlbiScope } from './sys-instructions.ts';
import type { SysRegName } from './sysreg-rooms.ts';

interface ShadowEntry {
  stage: 1 | 2; // 1: stage-1 or combined stage 1+2 entry; 2: stage-2-only entry
  regime: Regime;
  vmid: number;
  base: number;
  size: number;
  deps: number[];
  /** Combined entries (stage 1 with stage 2): the IPA range of their stage-2 leaf. */
  ipaBase?: number;
  ipaSize?: number;
  /** Not tagged with an ASID (stage 1 off, or a stage-1 leaf with nG = 0). */
  global: boolean;
  /** The leaf descriptors among deps (the others are table descriptors). */
  leaves: number[];
  /** Set when a descriptor it depends on was written: [pc, descriptor pa]; `table`: that
   * descriptor was not the entry's leaf (a walk-cache entry may hold it). */
  stale?: { pc: string; pa: number; old: string; now: string; table: boolean };
}

/** D8.6.1: entries of a contiguous run, per granule (log2 size) and level. */
export function contiguousRun(granule: number, level: number): number {
  if (granule === 12) return 16;
  if (granule === 14) return level === 3 ? 128 : 32;
  return 32;
}
const CONTIGUOUS = 1n << 52n;


const MAX_FINDINGS = 100;
const hex = (n: number | bigint): string => `0x${n.toString(16)}`;
const descValue = (lo: number, hi: number): bigint => (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);

/** What the checkers of several PEs share: one list of findings, de-duplicated across them. */
export interface StrictFindings {
  readonly findings: StrictFinding[];
  readonly seen: Set<string>;
}

/**
 * The checker of one PE: its shadow TLB is that PE's TLB. With several PEs the Machine gives
 * each PE one (sharing `into`), tells every one of each descriptor write (descriptorWritten)
 * and routes TLBIs by their shareability: a TLBI without IS/OS leaves the other PEs' entries,
 * which a later use there reports as missing-tlbi.
 */
export class StrictChecker implements MmuObserver {
  readonly findings: StrictFinding[];
  private readonly seen: Set<string>;
  private readonly entries = new Map<string, ShadowEntry>();
  /** Last value of every descriptor a walk read, with the stage that read it. */
  private readonly known = new Map<number, { v: bigint; stage: 1 | 2 }>();
  /** Translation registers written since the last context synchronization event: where,
   * and the value they held at that event (which the CPU may still be using). */
  private readonly pendingSync = new Map<SysRegName, { at: string; old: bigint; regimes: readonly Regime[] }>();
  private cur: number[] = [];
  private curS2: number[] = [];
  private minShift = 64;
  /** The last successful stage-2 walk of this translation: its leaf's range and run. */
  private lastS2?: { base: number; size: number; run: number[]; leaf: number };
  /** The stale entries (few): what a translation is checked against. */
  private readonly stale = new Set<ShadowEntry>();
  /** Test hook / fuzzer: every finding as it is made (before de-duplication and the cap). */
  onFinding?: (f: StrictFinding) => void;
  /** The contiguous hint (D8.6.1) widens entries; a test can plant its absence. */
  contiguousHint = true;

  /** `into`: findings shared with the other PEs' checkers, which the Machine then tells of descriptor writes itself. */
  constructor(private readonly c: Cpu, private readonly mmu: Mmu, into?: StrictFindings) {
    this.findings = into?.findings ?? [];
    this.seen = into?.seen ?? new Set<string>();
    if (into === undefined) c.mem.onWatchedWrite = (off) => this.descriptorWritten(c.mem.ramBase + (off & ~7), c);
  }

  /** The PE number findings name, on a board of several PEs. */
  cpuIndex: number | undefined;

  // ---- MmuObserver ------------------------------------------------------------------

  begin(): void {
    this.cur = [];
    this.curS2 = [];
    this.minShift = 64;
    this.lastS2 = undefined;
  }

  descriptor(stage: 1 | 2, pa: number, lo: number, hi: number): void {
    this.cur.push(pa);
    if (stage === 2) this.curS2.push(pa);
    this.known.set(pa, { v: descValue(lo, hi), stage });
    this.c.mem.watch(pa);
  }

  walk(stage: 1 | 2, granule: number, level: number, outcome: FaultKind | 'ok', addr?: number): void {
    if (outcome !== 'ok') {
      // A stage-2 walk that faults now: a stale entry for that IPA may still translate it.
      if (stage === 2 && addr !== undefined && this.stale.size > 0) this.checkStaleAt(2, 'el10', this.vmid(), addr, true);
      this.begin();
      return;
    }
    let shift = (3 - level) * (granule - 3) + granule;
    const run = this.contiguousDeps(stage === 2 ? this.curS2 : this.cur, granule, level);
    if (run.length > 0) shift += Math.log2(run.length);
    this.minShift = Math.min(this.minShift, shift);
    if (stage === 2 && addr !== undefined) {
      const base = floorTo(addr, shift);
      const leaf = this.curS2[this.curS2.length - 1];
      this.lastS2 = { base, size: 2 ** shift, run, leaf };
      this.use({ stage: 2, regime: 'el10', vmid: this.vmid(), base, size: 2 ** shift, deps: [...this.curS2, ...run], global: true, leaves: [leaf, ...run] }, addr);
      this.curS2 = [];
    }
  }

  /**
   * The Contiguous bit of the leaf just read (the last descriptor of `descs`): every
   * descriptor of its run (aligned group), watched like walked ones; [] without the hint.
   */
  private contiguousDeps(descs: number[], granule: number, level: number): number[] {
    const leaf = descs[descs.length - 1];
    const k = leaf === undefined ? undefined : this.known.get(leaf);
    if (!this.contiguousHint || k === undefined || (k.v & CONTIGUOUS) === 0n) return [];
    const n = contiguousRun(granule, level);
    const first = leaf - (leaf % (n * 8));
    const run: number[] = [];
    for (let i = 0; i < n; i++) {
      const pa = first + i * 8;
      run.push(pa);
      if (!this.known.has(pa) && this.c.mem.isRam(pa, 8)) {
        const o = (pa - this.c.mem.ramBase) >>> 2;
        this.known.set(pa, { v: descValue(this.c.mem.ram32[o], this.c.mem.ram32[o + 1]), stage: k.stage });
        this.c.mem.watch(pa);
      }
    }
    return run;
  }

  translated(c: Cpu, vaLo: number, vaHi: number, acc: number, el: number): void {
    const regime = regimeOf(c, el);
    const va = (vaHi >>> 0) * 4294967296 + (vaLo >>> 0);
    if ((acc & 3) !== ACC_EXEC && this.pendingSync.size > 0) this.checkSync(c, vaLo, vaHi, acc, el, regime, va);
    if (this.cur.length > 0 && this.minShift < 64) {
      // The stage-1 leaf: the last descriptor read at stage 1 (none with stage 1 off).
      let s1Leaf: bigint | undefined, s1LeafPa = -1;
      for (const pa of this.cur) { const k = this.known.get(pa); if (k?.stage === 1) { s1Leaf = k.v; s1LeafPa = pa; } }
      const shift = this.minShift;
      const s2 = this.lastS2;
      this.use({
        stage: 1, regime, vmid: regime === 'el10' ? this.vmid() : 0, base: floorTo(va, shift), size: 2 ** shift,
        deps: s2 ? [...this.cur, ...s2.run] : this.cur, ipaBase: s2?.base, ipaSize: s2?.size,
        global: s1Leaf === undefined || (s1Leaf & (1n << 11n)) === 0n,
        leaves: [s1LeafPa, ...(s2 ? [s2.leaf, ...s2.run] : [])],
      }, va);
    }
    this.begin();
  }

  /**
   * missing-isb: for each unsynchronized register this regime reads, translate the access
   * again with the register's old value (side-effect free); a different outcome means the
   * access relies on which value the CPU uses, which is UNPREDICTABLE until an ISB.
   */
  private checkSync(c: Cpu, vaLo: number, vaHi: number, acc: number, el: number, regime: Regime, va: number): void {
    let now: string | undefined;
    for (const [name, p] of this.pendingSync) {
      if (!p.regimes.includes(regime)) continue;
      now ??= this.mmu.probeOutcome(c, vaLo, vaHi, acc, el);
      const cur = c.sr.get(name);
      c.sr.set(name, p.old);
      const before = this.mmu.probeOutcome(c, vaLo, vaHi, acc, el);
      c.sr.set(name, cur);
      if (before === now) continue;
      this.add({ kind: 'missing-isb', pc: hex(c.pc), word: this.word(), address: hex(va),
        detail: `${name} written at ${p.at} and used by this access with no ISB (or exception entry/return) in between: ` +
          `the old value gives ${before}, the new one ${now}` }, `isb:${name}:${p.at}`);
    }
  }

  // ---- CPU events -------------------------------------------------------------------

  /**
   * An MSR wrote register `d`, which held `old` before. Its row names the regimes whose
   * translation reads it (sysreg-table.ts `strictRegimes`). HCR_EL2 only matters to the EL2
   * regimes through E2H, which nobody flips without an ISB: its row lists EL1&0 only, so a
   * hypervisor that writes HCR_EL2 before an ERET is not flagged.
   */
  sysregWritten(d: SysRegDef, old: bigint): void {
    const regimes = d.strictRegimes;
    if (regimes === undefined) return;
    const pending = this.pendingSync.get(d.name);
    // Until a synchronization, the CPU may use the value of the last one: keep the first old.
    this.pendingSync.set(d.name, { at: hex(this.c.pc), old: pending?.old ?? old, regimes });
  }

  contextSynchronized(): void {
    this.pendingSync.clear();
  }

  /**
   * TLBI (C5.5.x): removes the shadow entries in its scope (sys-instructions.ts `tlbi`).
   * Within a scope: ASIDE1 leaves global entries (it matches non-global ones by ASID; the
   * shadow entries carry no ASID, so every non-global one goes); the range forms remove
   * their range only (RIPAS2*: Xt holds TG, SCALE, NUM, TTL, BaseADDR); the last-level forms
   * (…LE1) leave an entry made stale through a table descriptor (its walk may be cached).
   */
  tlbi(d: SysInsnDef, lo: number, hi: number): void {
    const vmid = this.vmid();
    const vaOperand = ((hi & 0xfff) >>> 0) * 2 ** 44 + (lo >>> 0) * 4096; // Xt[43:0] = VA[55:12]
    const ipaOperand = ((hi & 0xf) >>> 0) * 2 ** 44 + (lo >>> 0) * 4096; // Xt[35:0] = IPA[47:12]
    const e20 = regimeOf(this.c, 0) === 'el20';
    const el1Regime: Regime = e20 ? 'el20' : 'el10';
    // EL1 forms: ASIDE1 drops every ASID's entries (the model does not tag entries by ASID).
    const el1s1 = (e: ShadowEntry): boolean => e.stage === 1 && e.regime === el1Regime && (e20 || e.vmid === vmid);
    const el2 = (e: ShadowEntry): boolean => e.regime !== 'el10';
    const s2 = (e: ShadowEntry): boolean => e.stage === 2 && e.vmid === vmid;
    const contains = (e: ShadowEntry, a: number): boolean => a >= e.base && a < e.base + e.size;
    const inScope: Record<TlbiScope, (e: ShadowEntry) => boolean> = {
      'el1-all': el1s1,
      'el1-va': (e) => el1s1(e) && contains(e, vaOperand),
      'el2-all': el2,
      'el2-va': (e) => el2(e) && contains(e, vaOperand),
      's2-ipa': (e) => s2(e) && contains(e, ipaOperand),
      's2-all': s2,
      'el10-all': (e) => e.regime === 'el10',
      'el10-vmid': (e) => e.regime === 'el10' && e.vmid === vmid,
    };
    if (d.tlbi === undefined) return;
    let drop = inScope[d.tlbi];
    const name = d.name;
    if (/^TLBI ASIDE1/.test(name)) drop = (e) => el1s1(e) && !e.global;
    const range = /^TLBI RIPAS2/.test(name) ? tlbiRange(lo, hi) : undefined;
    if (range) drop = (e) => s2(e) && e.base < range.end && e.base + e.size > range.start;
    const lastLevel = /^TLBI (R?IPAS2LE1|VALE1|VAALE1|VALE2|RVALE1|RVAALE1|RVALE2)/.test(name);
    for (const [k, e] of this.entries) {
      if (drop(e) && !(lastLevel && e.stale?.table)) { this.entries.delete(k); this.stale.delete(e); }
    }
  }

  // ---- internals --------------------------------------------------------------------

  private use(e: ShadowEntry, addr: number): void {
    const key = `${e.stage}:${e.regime}:${e.vmid}:${e.base}:${e.size}`;
    if (this.stale.size > 0) this.checkStaleAt(e.stage, e.regime, e.vmid, addr, false);
    const old = this.entries.get(key);
    if (old) this.stale.delete(old);
    this.entries.set(key, { ...e, deps: [...e.deps] });
  }

  /**
   * missing-tlbi: a stale entry of this stage, regime and VMID covers `addr` (for a faulting
   * stage-2 walk, `ipa`: stage-2 entries and the combined entries whose stage-2 leaf covers it).
   */
  private checkStaleAt(stage: 1 | 2, regime: Regime, vmid: number, addr: number, ipa: boolean): void {
    const found: ShadowEntry[] = [];
    for (const e of this.stale) {
      if (e.regime !== regime || e.vmid !== vmid) continue;
      if (e.stage === stage && addr >= e.base && addr < e.base + e.size) found.push(e);
      else if (ipa && e.stage === 1 && e.ipaBase !== undefined && e.ipaSize !== undefined && addr >= e.ipaBase && addr < e.ipaBase + e.ipaSize) found.push(e);
    }
    for (const old of found) {
      const st = old.stale!;
      const key = `${old.stage}:${old.regime}:${old.vmid}:${old.base}:${old.size}`;
      const what = stage === 2 ? `IPA ${hex(addr)} (stage 2, VMID ${vmid})` : `VA ${hex(addr)} (${regime}${regime === 'el10' ? `, VMID ${vmid}` : ''})`;
      const needed = old.stage === 2 ? 'TLBI IPAS2E1(IS) or VMALLS12E1(IS)' :
        old.regime === 'el10' ? 'TLBI VAE1/VMALLE1(IS) (after a stage-2 change: as well as IPAS2E1)' : 'TLBI VAE2/ALLE2(IS)';
      this.add({
        kind: 'missing-tlbi', pc: hex(this.c.pc), word: this.word(), address: hex(addr), ...this.onPe(),
        descriptor: { pa: hex(st.pa), old: st.old, new: st.now },
        detail: `${what} translated again${this.cpuIndex !== undefined ? ` on PE ${this.cpuIndex}` : ''} after its descriptor was written at ${st.pc}, ` +
          `with no ${needed} since${this.cpuIndex !== undefined ? ' that reached this PE (a TLBI without IS/OS invalidates only the PE that issues it)' : ''}: ` +
          'the TLB may still hold the old translation',
      }, `tlbi:${this.cpuIndex ?? ''}:${key}:${st.pc}`);
    }
  }

  /** A store by PE `writer` to a descriptor this PE's walks may have read. */
  descriptorWritten(pa: number, writer: Cpu): void {
    const k = this.known.get(pa);
    if (k === undefined) return;
    const o = (pa - this.c.mem.ramBase) >>> 2;
    const now = descValue(this.c.mem.ram32[o], this.c.mem.ram32[o + 1]);
    if (now === k.v) return;
    if ((k.v & 1n) !== 0n && (now & 1n) !== 0n && needsBreakBeforeMake(k.v, now, k.stage)) {
      this.add({
        kind: 'break-before-make', pc: hex(writer.pc), word: writer.op?.raw,
        descriptor: { pa: hex(pa), old: hex(k.v), new: hex(now) },
        detail: `a valid stage-${k.stage} descriptor was replaced by another valid one with a different ` +
          'output address, type or memory attributes without first writing an invalid descriptor and invalidating the TLB',
      }, `bbm:${pa}:${hex(writer.pc)}`);
    }
    for (const e of this.entries.values()) {
      if (!e.stale && e.deps.includes(pa)) {
        e.stale = { pc: hex(writer.pc), pa, old: hex(k.v), now: hex(now), table: !e.leaves.includes(pa) };
        this.stale.add(e);
      }
    }
    this.known.set(pa, { v: now, stage: k.stage });
    // The model's own TLB would keep using the old translation; drop it so the next access
    // walks again and the shadow TLB sees the use.
    this.c.contextChanged();
  }

  private vmid(): number {
    const vs = (this.c.sr.get('VTCR_EL2') >> 19n) & 1n;
    return Number((this.c.sr.get('VTTBR_EL2') >> 48n) & (vs !== 0n ? 0xffffn : 0xffn));
  }

  private onPe(): { cpu?: number } {
    return this.cpuIndex !== undefined ? { cpu: this.cpuIndex } : {};
  }

  private word(): number | undefined {
    return this.c.op?.raw;
  }

  private add(f: StrictFinding, key: string): void {
    this.onFinding?.(f);
    if (this.seen.has(key) || this.findings.length >= MAX_FINDINGS) return;
    this.seen.add(key);
    this.findings.push(f);
  }
}

function floorTo(a: number, shift: number): number {
  const size = 2 ** shift;
  return a - (a % size);
}

/**
 * D8.14.1: break-before-make is needed when a change alters the output address, turns a
 * table into a block (or back), changes memory type / cacheability / shareability, or the
 * Contiguous bit. Permission and access-flag changes do not need it.
 */
function needsBreakBeforeMake(old: bigint, now: bigint, stage: 1 | 2): boolean {
  const OA = 0x0000_ffff_ffff_f000n;
  const TYPE = 2n;
  const ATTRS = stage === 1 ? 0x31cn : 0x33cn; // stage 1: AttrIndx[4:2], SH[9:8]; stage 2: MemAttr[5:2], SH[9:8]
  return ((old ^ now) & (OA | TYPE | ATTRS | CONTIGUOUS)) !== 0n;
}

/**
 * TLBI RIPAS2E1 and the other range forms (C5.5.x, FEAT_TLBIRANGE): Xt = TG[47:46],
 * SCALE[45:44], NUM[43:39], TTL[38:37], BaseADDR[36:0] in granules; the range is
 * (NUM + 1) << (5 * SCALE + 1) granules from BaseADDR. TG = 0b00 is reserved: no range
 * (the caller then drops nothing).
 */
function tlbiRange(lo: number, hi: number): { start: number; end: number } {
  const tg = (hi >>> 14) & 3, scale = (hi >>> 12) & 3, num = (hi >>> 7) & 31;
  if (tg === 0) return { start: 0, end: 0 };
  const g = tg === 1 ? 12 : tg === 2 ? 14 : 16;
  const base = ((hi & 0x1f) >>> 0) * 2 ** 32 + (lo >>> 0);
  const start = base * 2 ** g;
  return { start, end: start + (num + 1) * 2 ** (5 * scale + 1) * 2 ** g };
}

