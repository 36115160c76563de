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
// stale entry used again is a finding. Instruction fetches are not checked for missing-isb
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
  /** Set when a descriptor it depends on was written: [pc, descriptor pa]. */
  stale?: { pc: string; pa: number; old: string; now: string };
}


const MAX_FINDINGS = 100;
const hex = (n: number | bigint): string => `0x${n.toString(16)}`;
const descValue = (lo: number, hi: number): bigint => (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);

export class StrictChecker implements MmuObserver {
  readonly findings: StrictFinding[] = [];
  private readonly seen = new Set<string>();
  private readonly entries = new Map<string, ShadowEntry>();
  /** Last value of every descriptor a walk read, with the stage that read it. */
  private readonly known = new Map<number, { v: bigint; stage: 1 | 2 }>();
  /** Translation registers written since the last context synchronization event: where,
   * and the value they held at that event (which the CPU may still be using). */
  private readonly pendingSync = new Map<SysRegName, { at: string; old: bigint; regimes: readonly Regime[] }>();
  private cur: number[] = [];
  private curS2: number[] = [];
  private minShift = 64;

  constructor(private readonly c: Cpu, private readonly mmu: Mmu) {
    c.mem.onWatchedWrite = (off) => this.descriptorWritten(c.mem.ramBase + (off & ~7));
  }

  // ---- MmuObserver ------------------------------------------------------------------

  begin(): void {
    this.cur = [];
    this.curS2 = [];
    this.minShift = 64;
  }

  descriptor(stage: 1 | 2, pa: number, lo: number, hi: number): void {
    this.cur.push(pa);
    if (stage === 2) this.curS2.push(pa);
    this.known.set(pa, { v: descValue(lo, hi), stage });
    this.c.mem.watch(pa);
  }

  walk(stage: 1 | 2, granule: number, level: number, outcome: FaultKind | 'ok', addr?: number): void {
    if (outcome !== 'ok') { this.begin(); return; }
    const shift = (3 - level) * (granule - 3) + granule;
    this.minShift = Math.min(this.minShift, shift);
    if (stage === 2 && addr !== undefined) {
      this.use({ stage: 2, regime: 'el10', vmid: this.vmid(), base: floorTo(addr, shift), size: 2 ** shift, deps: this.curS2 }, addr);
      this.curS2 = [];
    }
  }

  translated(c: Cpu, vaLo: number, vaHi: number, acc: number, el: number): void {
    const regime = regimeOf(c, el);
    const va = (vaHi >>> 0) * 4294967296 + (vaLo >>> 0);
    if ((acc & 3) !== ACC_EXEC && this.pendingSync.size > 0) this.checkSync(c, vaLo, vaHi, acc, el, regime, va);
    if (this.cur.length > 0 && this.minShift < 64) {
      const shift = this.minShift;
      this.use({ stage: 1, regime, vmid: regime === 'el10' ? this.vmid() : 0, base: floorTo(va, shift), size: 2 ** shift, deps: this.cur }, va);
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

  /** TLBI (C5.5.x): removes the shadow entries in its scope (sys-instructions.ts `tlbi`). */
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
    const drop = inScope[d.tlbi];
    for (const [k, e] of this.entries) if (drop(e)) this.entries.delete(k);
  }

  // ---- internals --------------------------------------------------------------------

  private use(e: ShadowEntry, addr: number): void {
    const key = `${e.stage}:${e.regime}:${e.vmid}:${e.base}:${e.size}`;
    const old = this.entries.get(key);
    if (old?.stale) {
      const what = e.stage === 2 ? `IPA ${hex(addr)} (stage 2, VMID ${e.vmid})` : `VA ${hex(addr)} (${e.regime}${e.regime === 'el10' ? `, VMID ${e.vmid}` : ''})`;
      const needed = e.stage === 2 ? 'TLBI IPAS2E1(IS) or VMALLS12E1(IS)' :
        e.regime === 'el10' ? 'TLBI VAE1/VMALLE1(IS) (after a stage-2 change: as well as IPAS2E1)' : 'TLBI VAE2/ALLE2(IS)';
      this.add({
        kind: 'missing-tlbi', pc: hex(this.c.pc), word: this.word(), address: hex(addr),
        descriptor: { pa: hex(old.stale.pa), old: old.stale.old, new: old.stale.now },
        detail: `${what} translated again after its descriptor was written at ${old.stale.pc}, with no ${needed} since: ` +
          'the TLB may still hold the old translation',
      }, `tlbi:${key}:${old.stale.pc}`);
    }
    this.entries.set(key, { ...e, deps: [...e.deps] });
  }

  private descriptorWritten(pa: number): void {
    const k = this.known.get(pa);
    if (k === undefined) return;
    const o = (pa - this.c.mem.ramBase) >>> 2;
    const now = descValue(this.c.mem.ram32[o], this.c.mem.ram32[o + 1]);
    if (now === k.v) return;
    if ((k.v & 1n) !== 0n && (now & 1n) !== 0n && needsBreakBeforeMake(k.v, now, k.stage)) {
      this.add({
        kind: 'break-before-make', pc: hex(this.c.pc), word: this.word(),
        descriptor: { pa: hex(pa), old: hex(k.v), new: hex(now) },
        detail: `a valid stage-${k.stage} descriptor was replaced by another valid one with a different ` +
          'output address, type or memory attributes without first writing an invalid descriptor and invalidating the TLB',
      }, `bbm:${pa}:${hex(this.c.pc)}`);
    }
    for (const e of this.entries.values()) {
      if (!e.stale && e.deps.includes(pa)) e.stale = { pc: hex(this.c.pc), pa, old: hex(k.v), now: hex(now) };
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

  private word(): number | undefined {
    return this.c.op?.raw;
  }

  private add(f: StrictFinding, key: string): void {
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
 * table into a block (or back), or changes memory type / cacheability / shareability.
 * Permission and access-flag changes do not need it.
 */
function needsBreakBeforeMake(old: bigint, now: bigint, stage: 1 | 2): boolean {
  const OA = 0x0000_ffff_ffff_f000n;
  const TYPE = 2n;
  const ATTRS = stage === 1 ? 0x31cn : 0x33cn; // stage 1: AttrIndx[4:2], SH[9:8]; stage 2: MemAttr[5:2], SH[9:8]
  return ((old ^ now) & (OA | TYPE | ATTRS)) !== 0n;
}
