// What `s2diff fuzz --its` draws: sequences of ITS commands (every GICv3 one, with parameters
// around the edges QEMU checks: DeviceIDs, EventIDs, ICIDs, RDbases and INTIDs just inside and
// just outside their ranges), MSIs, LPI configuration changes, EnableLPIs toggles and
// acknowledgements, for scenarios/fuzz-its to run (the step encoding is its main.c's).

import fc from 'fast-check';
import { ITS_CMD } from '../../emulator/gic-its-formats.ts';

/** Where scenarios/fuzz-its keeps things (its main.c has the same numbers). */
export const ITS_MAGIC = 0x31535449505a5546n; // "FUZPITS1"
export const ITS_BLOB_PA = 0x4600_0000;
const ITT_BASE = 0x4803_0000;
const ITT_SLOT = 0x1000;
const LPI = 8192;

export type Step =
  | { kind: 'cmd'; words: bigint[]; text: string }
  | { kind: 'msi'; eventid: number }
  | { kind: 'cfg'; intid: number; value: number }
  | { kind: 'ack' }
  | { kind: 'lpis'; rd: number; on: boolean };

export interface ItsSequence { steps: Step[] }

// Parameters: mostly valid, sometimes one past what QEMU accepts.
const devid = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 3 }) }, { weight: 1, arbitrary: fc.constantFrom(8191, 8192, 0x10000) });
const eventid = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 7 }) }, { weight: 1, arbitrary: fc.constantFrom(31, 32, 63, 0xffffffff) });
const icid = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 3 }) }, { weight: 1, arbitrary: fc.constantFrom(8191, 8192, 0xffff) });
const rdbase = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 1 }) }, { weight: 1, arbitrary: fc.constantFrom(2, 0xffff) });
/** LPIs 8192-8223, and INTIDs around the edges: not an LPI, beyond the tables' 13 ID bits, beyond 16. */
const intid = fc.oneof({ weight: 10, arbitrary: fc.integer({ min: LPI, max: LPI + 31 }) }, { weight: 1, arbitrary: fc.constantFrom(8191, 16383, 16384, 0x10000) });
/** MAPD Size (EventID bits - 1): 0-5 fit the image's 4 KiB ITTs; 16 is beyond GITS_TYPER.IDbits. */
const size = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 5 }) }, { weight: 1, arbitrary: fc.constant(16) });
const valid = fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) });

const B = BigInt;
const cmd = (op: number, w0 = 0n, w1 = 0n, w2 = 0n, w3 = 0n): bigint[] => [B(op) | w0, w1, w2, w3];
const dev = (d: number): bigint => B(d) << 32n;
const hex = (n: number): string => `0x${n.toString(16)}`;

const mapdStep = (d: number, s: number, slot: number, v: boolean): Step => ({
  kind: 'cmd', text: `MAPD ${hex(d)} size ${s} itt ${slot}${v ? '' : ' (V=0)'}`,
  words: cmd(ITS_CMD.MAPD, dev(d), B(s), (v ? 1n << 63n : 0n) | B(ITT_BASE + slot * ITT_SLOT)),
});
const mapcStep = (c: number, rd: number, v: boolean): Step => ({
  kind: 'cmd', text: `MAPC ${hex(c)} rd ${rd}${v ? '' : ' (V=0)'}`, words: cmd(ITS_CMD.MAPC, 0n, 0n, (v ? 1n << 63n : 0n) | (B(rd) << 16n) | B(c)),
});
const maptiStep = (d: number, e: number, i: number, c: number): Step => ({
  kind: 'cmd', text: `MAPTI ${hex(d)} ${hex(e)} -> ${i} icid ${hex(c)}`, words: cmd(ITS_CMD.MAPTI, dev(d), (B(i) << 32n) | B(e), B(c)),
});

const commandArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ d: devid, s: size, slot: fc.integer({ min: 0, max: 3 }), v: valid }).map(({ d, s, slot, v }) => mapdStep(d, s, slot, v)),
  fc.record({ c: icid, rd: rdbase, v: valid }).map(({ c, rd, v }) => mapcStep(c, rd, v)),
  fc.record({ d: devid, e: eventid, i: intid, c: icid }).map(({ d, e, i, c }) => maptiStep(d, e, i, c)),
  fc.record({ d: devid, i: intid, c: icid }).map(({ d, i, c }) => ({
    kind: 'cmd' as const, text: `MAPI ${hex(d)} ${i} icid ${hex(c)}`, words: cmd(ITS_CMD.MAPI, dev(d), B(i), B(c)),
  })),
  // INT is most of what makes LPIs pending: drawn as often as all the other commands together.
  ...(['INT', 'INT', 'INT', 'INT', 'INT', 'INT', 'INT', 'INT', 'INT', 'INT', 'CLEAR', 'DISCARD', 'INV'] as const).map((name) => fc.record({ d: devid, e: eventid }).map(({ d, e }) => ({
    kind: 'cmd' as const, text: `${name} ${hex(d)} ${hex(e)}`, words: cmd(ITS_CMD[name], dev(d), B(e)),
  }))),
  fc.record({ d: devid, e: eventid, c: icid }).map(({ d, e, c }) => ({
    kind: 'cmd' as const, text: `MOVI ${hex(d)} ${hex(e)} icid ${hex(c)}`, words: cmd(ITS_CMD.MOVI, dev(d), B(e), B(c)),
  })),
  fc.record({ a: rdbase, b: rdbase }).map(({ a, b }) => ({
    kind: 'cmd' as const, text: `MOVALL rd ${a} -> ${b}`, words: cmd(ITS_CMD.MOVALL, 0n, 0n, B(a) << 16n, B(b) << 16n),
  })),
  fc.record({ c: icid }).map(({ c }) => ({ kind: 'cmd' as const, text: `INVALL ${hex(c)}`, words: cmd(ITS_CMD.INVALL, 0n, 0n, B(c)) })),
  fc.constant({ kind: 'cmd' as const, text: 'SYNC', words: cmd(ITS_CMD.SYNC) }),
  fc.constantFrom(0x00, 0x3f, 0x29).map((op) => ({ kind: 'cmd' as const, text: `opcode ${hex(op)}`, words: cmd(op) })),
);

export const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 12, arbitrary: commandArb },
  { weight: 3, arbitrary: eventid.map((e) => ({ kind: 'msi' as const, eventid: e })) },
  { weight: 2, arbitrary: fc.record({ i: fc.integer({ min: LPI, max: LPI + 31 }), p: fc.integer({ min: 0, max: 63 }), en: fc.boolean() })
    .map(({ i, p, en }) => ({ kind: 'cfg' as const, intid: i, value: (p << 2) | (en ? 1 : 0) })) },
  { weight: 3, arbitrary: fc.constant({ kind: 'ack' as const }) },
  { weight: 1, arbitrary: fc.record({ rd: fc.integer({ min: 0, max: 1 }), on: fc.boolean() }).map(({ rd, on }) => ({ kind: 'lpis' as const, rd, on })) },
);

/** A mostly valid start (devices 0-3 and collections 0-3 mapped, a few events translated), so that the random steps reach LPIs. */
const preludeArb: fc.Arbitrary<Step[]> = fc.tuple(
  fc.array(fc.record({ s: fc.integer({ min: 2, max: 5 }), v: valid }), { minLength: 4, maxLength: 4 }),
  fc.array(fc.record({ rd: rdbase, v: valid }), { minLength: 4, maxLength: 4 }),
  fc.array(fc.record({ d: fc.integer({ min: 0, max: 3 }), e: fc.integer({ min: 0, max: 7 }), i: intid, c: fc.integer({ min: 0, max: 3 }) }), { minLength: 8, maxLength: 24 }),
).map(([devs, colls, maps]) => [
  ...devs.map(({ s, v }, d) => mapdStep(d, s, d, v)),
  ...colls.map(({ rd, v }, c) => mapcStep(c, rd, v)),
  ...maps.map(({ d, e, i, c }) => maptiStep(d, e, i, c)),
]);

export const sequenceArb = (maxSteps = 40): fc.Arbitrary<ItsSequence> =>
  fc.tuple(preludeArb, fc.array(stepArb, { minLength: 4, maxLength: maxSteps })).map(([prelude, steps]) => ({ steps: [...prelude, ...steps] }));

const KIND = { cmd: 1, msi: 2, cfg: 3, ack: 4, lpis: 5 } as const;

function stepWords(s: Step): bigint[] {
  switch (s.kind) {
    case 'cmd': return [B(KIND.cmd), ...s.words];
    case 'msi': return [B(KIND.msi), B(s.eventid), 0n, 0n, 0n];
    case 'cfg': return [B(KIND.cfg), B(s.intid), B(s.value), 0n, 0n];
    case 'ack': return [B(KIND.ack), 0n, 0n, 0n, 0n];
    case 'lpis': return [B(KIND.lpis), B(s.rd), s.on ? 1n : 0n, 0n, 0n];
  }
}

export function stepText(s: Step): string {
  switch (s.kind) {
    case 'cmd': return s.text;
    case 'msi': return `MSI event ${hex(s.eventid)}`;
    case 'cfg': return `config ${s.intid} = ${hex(s.value)} (priority ${hex(s.value & 0xfc)}, ${s.value & 1 ? 'enabled' : 'disabled'})`;
    case 'ack': return 'ICC_IAR1_EL1 (and EOI)';
    case 'lpis': return `EnableLPIs ${s.on ? 1 : 0} on redistributor ${s.rd}`;
  }
}

/** The blob the image reads: magic, count, then per sequence its id, its step count and the steps. */
export function encodeBatch(seqs: ItsSequence[]): Buffer {
  const words: bigint[] = [ITS_MAGIC, B(seqs.length)];
  seqs.forEach((s, id) => { words.push(B(id), B(s.steps.length)); for (const st of s.steps) words.push(...stepWords(st)); });
  const buf = Buffer.alloc(words.length * 8);
  words.forEach((w, i) => buf.writeBigUInt64LE(BigInt.asUintN(64, w), i * 8));
  return buf;
}
