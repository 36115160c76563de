// The commands of a stateful MMU fuzz sequence, as fast-check model-based commands
// (fc.commands): each checks its precondition against the oracle's state and, when run,
// advances the oracle and appends the image's encoded commands (with what each must print
// and which --strict findings it must give) to the sequence being built. Raw steps (one
// descriptor write, one TLBI, an access...) can be put together wrongly on purpose; the
// maintained idioms (break-before-make remap, full maintenance of a page in its own VMID)
// make correct sequences common too.

import fc from 'fast-check';
import type { ProbeKind } from '../fuzz/case.ts';
import {
  CONTIG, OA_MASK, PAGES, POOL_PA, POOL_PAGES, REGIONS, RUN, RUNS, VMS, ipaOfPage, leafDesc, pageDescPa, poolPagePa, preludeWrites,
  regionDescPa, tableDesc, tablesOf, vttbrOf, type LeafAttrs,
} from './layout.ts';
import { MmuOracle, type FindingKind, type Prediction } from './oracle.ts';
import { rangeOperand, TLBI_ALLE1, TLBI_FORMS, TLBI_IPAS2E1IS, TLBI_VMALLE1IS } from './tlbi.ts';

/** One command of the image (scenarios/fuzz-mmu/main.c): four words, and what it must give. */
export interface EncodedCmd {
  words: [bigint, bigint, bigint, bigint];
  text: string;
  /** ACCESS and AT print a line: what the oracle says of it. */
  prediction?: Prediction;
  findings: FindingKind[];
  /** Findings --strict may give here or not (it remembers descriptors from earlier sequences). */
  optional?: FindingKind[];
}

export interface Real { cmds: EncodedCmd[] }
export interface Model { o: MmuOracle }
export type MmuCommand = fc.Command<Model, Real>;

const OP = { WRITE: 1n, TLBI: 2n, DSB: 3n, ISB: 4n, VTTBR: 5n, ACCESS: 6n, AT: 7n } as const;
const hex = (n: number | bigint): string => `0x${n.toString(16)}`;

function emitWrite(m: Model, r: Real, pa: number, v: bigint, what: string): void {
  const w = m.o.write(pa, v);
  r.cmds.push({ words: [OP.WRITE, BigInt(pa), v, 0n], text: `write ${hex(pa)} = ${hex(v)} (${what})`, findings: w.findings, optional: w.optional });
}
function emitTlbi(m: Model, r: Real, form: number, page: number, num = 0): void {
  const t = TLBI_FORMS[form], ipa = ipaOfPage(page);
  const x = t.operand === 'ipa' ? BigInt(ipa / 4096) : t.operand === 'va' ? BigInt(ipa / 4096) : t.operand === 'range' ? rangeOperand(ipa, num) : 0n;
  m.o.tlbi(form, ipa, num);
  const arg = t.operand === 'none' ? '' : t.operand === 'range' ? ` ${hex(ipa)} +${(num + 1) * 2} pages` : ` ${hex(ipa)}`;
  r.cmds.push({ words: [OP.TLBI | BigInt(form) << 8n, x, 0n, 0n], text: `tlbi ${t.name}${arg}; dsb ish`, findings: [] });
}
function emitVm(m: Model, r: Real, vm: number): void {
  m.o.switchVm(vm);
  r.cmds.push({ words: [OP.VTTBR, vttbrOf(vm), 0n, 0n], text: `vttbr = VM${vm} (VMID ${vm + 1}); isb`, findings: [] });
}
/**
 * Maintenance after changing VM `vm`'s stage-2 entry for `page`: TLBI IPAS2E1IS + VMALLE1IS in
 * that VMID ('right'), or in whichever VMID is loaded ('current': the hypervisor bug of
 * invalidating with the wrong VMID when `vm` is not the running one), or none.
 */
export type Maint = 'none' | 'right' | 'current';
function emitMaintain(m: Model, r: Real, vm: number, page: number, how: Maint = 'right'): void {
  if (how === 'none') return;
  const back = m.o.vm;
  if (how === 'current') vm = back;
  if (vm !== back) emitVm(m, r, vm);
  emitTlbi(m, r, TLBI_IPAS2E1IS, page);
  emitTlbi(m, r, TLBI_VMALLE1IS, page);
  if (vm !== back) emitVm(m, r, back);
}

const attrsText = (a: LeafAttrs): string => `S2AP ${a.s2ap}${a.af ? '' : ' AF=0'}${a.memAttr !== 0xf ? ` MemAttr ${hex(a.memAttr)}` : ''}`;

class MapPage implements MmuCommand {
  constructor(readonly vm: number, readonly page: number, readonly q: number, readonly a: LeafAttrs, readonly bbm: boolean) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    const pa = pageDescPa(this.vm, this.page);
    if (this.bbm) {
      emitWrite(m, r, pa, 0n, `VM${this.vm} page ${this.page}: break`);
      emitMaintain(m, r, this.vm, this.page);
    }
    emitWrite(m, r, pa, leafDesc(poolPagePa(this.q), this.a, true), `VM${this.vm} page ${this.page} -> pool page ${this.q}, ${attrsText(this.a)}`);
  }
  toString = (): string => `map${this.bbm ? 'BBM' : ''}(VM${this.vm}, page ${this.page}, pool ${this.q}, ${attrsText(this.a)})`;
}

class Unmap implements MmuCommand {
  constructor(readonly vm: number, readonly page: number, readonly maintain: Maint) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    emitWrite(m, r, pageDescPa(this.vm, this.page), 0n, `VM${this.vm} page ${this.page}: unmap`);
    emitMaintain(m, r, this.vm, this.page, this.maintain);
  }
  toString = (): string => `unmap${this.maintain === 'none' ? '' : this.maintain === 'right' ? '+tlbi' : '+tlbi-in-current-vmid'}(VM${this.vm}, page ${this.page})`;
}

class Protect implements MmuCommand {
  constructor(readonly vm: number, readonly page: number, readonly s2ap: number, readonly maintain: Maint) {}
  check = (m: Readonly<Model>): boolean => ((m.o.mem.get(pageDescPa(this.vm, this.page)) ?? 0n) & 1n) === 1n;
  run(m: Model, r: Real): void {
    const pa = pageDescPa(this.vm, this.page);
    const v = ((m.o.mem.get(pa) ?? 0n) & ~(3n << 6n)) | BigInt(this.s2ap) << 6n;
    emitWrite(m, r, pa, v, `VM${this.vm} page ${this.page}: S2AP ${this.s2ap}`);
    emitMaintain(m, r, this.vm, this.page, this.maintain);
  }
  toString = (): string => `protect${this.maintain === 'none' ? '' : this.maintain === 'right' ? '+tlbi' : '+tlbi-in-current-vmid'}(VM${this.vm}, page ${this.page}, S2AP ${this.s2ap})`;
}

/** A contiguous run (D8.6.1): sixteen page descriptors with the hint, to 64K-aligned pool pages. */
class MapRun implements MmuCommand {
  constructor(readonly vm: number, readonly runIndex: number, readonly qRun: number, readonly a: LeafAttrs, readonly hint: boolean) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    for (let i = 0; i < RUN; i++) {
      const page = this.runIndex * RUN + i;
      emitWrite(m, r, pageDescPa(this.vm, page), leafDesc(poolPagePa(this.qRun * RUN + i), this.a, true, this.hint),
        `VM${this.vm} run ${this.runIndex} page ${page}${this.hint ? ' contiguous' : ''}`);
    }
  }
  toString = (): string => `mapRun(VM${this.vm}, run ${this.runIndex}, pool run ${this.qRun}, ${attrsText(this.a)}${this.hint ? ', contiguous' : ''})`;
}

/** Merge: the region's level-2 entry becomes a 2 MiB block over the pool. */
class MapBlock implements MmuCommand {
  constructor(readonly vm: number, readonly region: number, readonly a: LeafAttrs) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    emitWrite(m, r, regionDescPa(this.vm, this.region), leafDesc(POOL_PA, this.a, false), `VM${this.vm} region ${this.region}: 2 MiB block`);
  }
  toString = (): string => `block(VM${this.vm}, region ${this.region}, ${attrsText(this.a)})`;
}

/** Split: the region's level-2 entry points at its table of pages again. */
class SplitBlock implements MmuCommand {
  constructor(readonly vm: number, readonly region: number) {}
  check = (m: Readonly<Model>): boolean => ((m.o.mem.get(regionDescPa(this.vm, this.region)) ?? 0n) & 3n) === 1n;
  run(m: Model, r: Real): void {
    emitWrite(m, r, regionDescPa(this.vm, this.region), tableDesc(tablesOf(this.vm).l3test[this.region]), `VM${this.vm} region ${this.region}: table`);
  }
  toString = (): string => `split(VM${this.vm}, region ${this.region})`;
}

class Tlbi implements MmuCommand {
  constructor(readonly form: number, readonly page: number, readonly num: number) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void { emitTlbi(m, r, this.form, this.page, this.num); }
  toString = (): string => `tlbi(${TLBI_FORMS[this.form].name}, page ${this.page})`;
}

class Barrier implements MmuCommand {
  constructor(readonly isb: boolean) {}
  check = (): boolean => true;
  run(_m: Model, r: Real): void { r.cmds.push({ words: [this.isb ? OP.ISB : OP.DSB, 0n, 0n, 0n], text: this.isb ? 'isb' : 'dsb ish', findings: [] }); }
  toString = (): string => (this.isb ? 'isb' : 'dsb');
}

class SwitchVm implements MmuCommand {
  constructor(readonly vm: number) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void { emitVm(m, r, this.vm); }
  toString = (): string => `switch(VM${this.vm})`;
}

const KINDS: ProbeKind[] = ['read', 'write', 'exec'];

class Access implements MmuCommand {
  /** `vm`: run the guest of that VM (switching VTTBR first when another is loaded), or -1: the loaded one. */
  constructor(readonly kind: ProbeKind, readonly sizeLog: number, readonly page: number, readonly offset: number, readonly value: bigint,
    readonly vm: number) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    if (this.vm >= 0 && this.vm !== m.o.vm) emitVm(m, r, this.vm);
    const size = this.kind === 'exec' ? 4 : 2 ** this.sizeLog;
    const ipa = ipaOfPage(this.page) + (this.offset % 4096) - ((this.offset % 4096) % size);
    const a = m.o.access(this.kind, size, ipa, this.value);
    const entry = a.kind === 'exec' ? 8 : (a.kind === 'write' ? 4 : 0) + Math.log2(a.size);
    r.cmds.push({
      words: [OP.ACCESS | BigInt(entry) << 8n, BigInt(ipa), this.value, BigInt(a.checkPa)],
      text: `guest ${a.kind} ${a.kind === 'exec' ? '' : `${a.size} byte(s) `}at IPA ${hex(ipa)}${a.kind === 'write' ? ` = ${hex(this.value)}` : ''}` +
        `${a.kind !== this.kind ? ` (a ${this.kind} turned into a ${a.kind}: ${a.prediction.why ?? 'its outcome is not predicted exactly'})` : ''}`,
      prediction: a.prediction, findings: a.findings,
    });
  }
  toString = (): string => `access(${this.vm >= 0 ? `VM${this.vm}, ` : ''}${this.kind}, ${this.kind === 'exec' ? 4 : 2 ** this.sizeLog}, page ${this.page} + ${hex(this.offset % 4096)})`;
}

class At implements MmuCommand {
  constructor(readonly form: number, readonly page: number, readonly offset: number) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    const ipa = ipaOfPage(this.page) + (this.offset % 4096);
    const a = m.o.at(this.form, ipa);
    r.cmds.push({ words: [OP.AT | BigInt(this.form) << 8n, BigInt(ipa), 0n, 0n],
      text: `at ${['S12E1R', 'S12E1W', 'S1E1R'][this.form]} ${hex(ipa)}`, prediction: a.prediction, findings: a.findings });
  }
  toString = (): string => `at(${['S12E1R', 'S12E1W', 'S1E1R'][this.form]}, page ${this.page})`;
}

// ---- arbitraries ----
const vmArb = fc.integer({ min: 0, max: VMS - 1 });
/** Pages: mostly a few (so that commands meet), sometimes any of the 64. */
const pageArb = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(0, 1, 16, 17, 33) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: PAGES - 1 }) });
const attrsArb: fc.Arbitrary<LeafAttrs> = fc.record({
  s2ap: fc.oneof({ weight: 4, arbitrary: fc.constant(3) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 }) }),
  af: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  memAttr: fc.oneof({ weight: 6, arbitrary: fc.constant(0xf) }, { weight: 1, arbitrary: fc.constantFrom(0x5, 0x0, 0x1) }),
});
const maintArb = fc.constantFrom<Maint>('none', 'right', 'current');
const qArb = fc.oneof(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: POOL_PAGES - 1 }));

export const COMMAND_ARBS: fc.Arbitrary<MmuCommand>[] = [
  fc.tuple(vmArb, pageArb, qArb, attrsArb, fc.boolean()).map(([v, p, q, a, b]) => new MapPage(v, p, q, a, b)),
  fc.tuple(vmArb, pageArb, maintArb).map(([v, p, t]) => new Unmap(v, p, t)),
  fc.tuple(vmArb, pageArb, fc.integer({ min: 0, max: 3 }), maintArb).map(([v, p, s, t]) => new Protect(v, p, s, t)),
  fc.tuple(vmArb, fc.integer({ min: 0, max: RUNS - 1 }), fc.integer({ min: 0, max: POOL_PAGES / RUN - 1 }), attrsArb,
    fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) })).map(([v, r, q, a, h]) => new MapRun(v, r, q, a, h)),
  fc.tuple(vmArb, fc.integer({ min: 0, max: REGIONS - 1 }), attrsArb).map(([v, g, a]) => new MapBlock(v, g, a)),
  fc.tuple(vmArb, fc.integer({ min: 0, max: REGIONS - 1 })).map(([v, g]) => new SplitBlock(v, g)),
  fc.tuple(fc.integer({ min: 0, max: TLBI_FORMS.length - 1 }), pageArb, fc.integer({ min: 0, max: 31 })).map(([f, p, n]) => new Tlbi(f, p, n)),
  fc.boolean().map((i) => new Barrier(i)),
  vmArb.map((v) => new SwitchVm(v)),
  fc.tuple(fc.constantFrom(...KINDS), fc.integer({ min: 0, max: 3 }), pageArb, fc.nat({ max: 4095 }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
    fc.oneof({ weight: 3, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: vmArb }))
    .map(([k, s, p, o, v, vm]) => new Access(k, s, p, o, v, vm)),
  fc.tuple(fc.integer({ min: 0, max: 2 }), pageArb, fc.nat({ max: 4095 })).map(([f, p, o]) => new At(f, p, o)),
];

/** Accesses weigh more: they are what observes the state. */
export const sequenceArb = (maxCommands = 32): fc.Arbitrary<Iterable<MmuCommand>> =>
  fc.commands([...COMMAND_ARBS, COMMAND_ARBS[9], COMMAND_ARBS[9], COMMAND_ARBS[9], COMMAND_ARBS[0], COMMAND_ARBS[0]], { maxCommands, size: 'large' });

/** A sequence with its prelude (both VMs' base tables, VM 0, TLBI ALLE1) and cleanup (every descriptor zeroed, TLBI ALLE1). */
export interface Sequence {
  cmds: EncodedCmd[];
  /** The fuzzed commands, readable. */
  steps: string[];
  /** Index of the first fuzzed command's first encoded command. */
  firstFuzzed: number;
}

export function buildSequence(steps: Iterable<MmuCommand>): Sequence {
  const m: Model = { o: new MmuOracle() };
  const r: Real = { cmds: [] };
  for (const [pa, v] of preludeWrites()) emitWrite(m, r, pa, v, 'prelude');
  emitVm(m, r, 0);
  emitTlbi(m, r, TLBI_ALLE1, 0);
  const firstFuzzed = r.cmds.length;
  const ran: string[] = [];
  fc.modelRun(() => ({ model: m, real: r }), { [Symbol.iterator]: function* () {
    for (const c of steps) { ran.push(String(c)); yield c; }
  } });
  for (const [pa, v] of [...m.o.mem]) if (v !== 0n) emitWrite(m, r, pa, 0n, 'cleanup');
  emitTlbi(m, r, TLBI_ALLE1, 0);
  return { cmds: r.cmds, steps: ran, firstFuzzed };
}

export { CONTIG, OA_MASK };
