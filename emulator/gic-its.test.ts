// Unit tests of the ITS and the redistributors' LPIs (gic-its.ts, gic-lpi.ts): the command
// queue and its error rules, the LPI tables, QEMU's cached highest-priority pending LPI, and
// GICv4.0 residency and doorbells. The its-* and gicv4-* scenarios prove the same paths
// against QEMU; these reach the corners one at a time.
import { describe, expect, it } from 'vitest';
import { GITS_BASE } from './gic-its.ts';
import { ITS_CMD } from './gic-its-formats.ts';
import { GICD_BASE } from './gicv3.ts';
import { Machine } from './machine.ts';

const RAM = 0x4000_0000;
const CMDQ = RAM + 0x10_0000;
const DEVICES = RAM + 0x12_0000;
const COLLECTIONS = RAM + 0x14_0000;
const VPES = RAM + 0x16_0000;
const ITT = RAM + 0x18_0000;
const PROP = RAM + 0x20_0000;
const PEND = RAM + 0x21_0000;
const VPROP = RAM + 0x30_0000; // 64 KiB aligned, as GICR_(V)PENDBASER need
const VPEND = RAM + 0x31_0000;
const LPI = 8192;

function machine(gicVersion: 3 | 4 = 3, smp = 1): Machine {
  const m = new Machine({ profile: 'max', memMiB: 64, uartCapBytes: 1 << 16, gicVersion, smp });
  m.loadElf({ entry: 0x40080000n, segments: [] });
  return m;
}

const its = (m: Machine) => m.mem.deviceAt(GITS_BASE)!;
const w64 = (m: Machine, off: number, v: bigint): void => its(m).write64!(off, v);
const r64 = (m: Machine, off: number): bigint => its(m).read64!(off);
const ram8 = (m: Machine, pa: number): number => m.mem.ram[pa - RAM]!;

/** An ITS with flat device/collection(/vPE) tables of one 64 KiB page, a 4 KiB queue, enabled; LPIs on at PE `pe`s. */
function setUp(m: Machine): { queued: number } {
  w64(m, 0x100, (1n << 63n) | BigInt(DEVICES)); // GITS_BASER0: Valid, 64 KiB pages, one page
  w64(m, 0x108, (1n << 63n) | BigInt(COLLECTIONS));
  if (m.dist.revision === 4) w64(m, 0x110, (1n << 63n) | BigInt(VPES));
  w64(m, 0x80, (1n << 63n) | BigInt(CMDQ)); // GITS_CBASER: Valid, one 4 KiB page
  its(m).write(0, 4, 1); // GITS_CTLR.Enabled
  m.dist.mmio.write(0, 4, 0x12); // GICD_CTLR: EnableGrp1
  for (const pe of m.dist.pes) {
    pe.redistributorWrite64(0x70, BigInt(PROP) | 15n); // GICR_PROPBASER: 16 ID bits
    pe.redistributorWrite64(0x78, BigInt(PEND + pe.index * 0x10000));
    pe.redistributorWrite(0, 4, 1); // EnableLPIs
    pe.pmr = 0xf8;
    pe.igrpen1 = 1;
  }
  return { queued: 0 };
}

/** Appends commands at the queue's end and moves GITS_CWRITER past them. */
function run(m: Machine, q: { queued: number }, ...cmds: bigint[][]): void {
  for (const c of cmds) {
    for (let i = 0; i < 4; i++) m.mem.dmaWrite(CMDQ + q.queued * 32 + i * 8, 8, c[i] ?? 0n);
    q.queued++;
  }
  w64(m, 0x88, BigInt(q.queued * 32));
}

const mapd = (dev: number, itt: number, bits: number): bigint[] => [BigInt(ITS_CMD.MAPD) | (BigInt(dev) << 32n), BigInt(bits - 1), (1n << 63n) | BigInt(itt)];
const mapc = (icid: number, rd: number): bigint[] => [BigInt(ITS_CMD.MAPC), 0n, (1n << 63n) | (BigInt(rd) << 16n) | BigInt(icid)];
const mapti = (dev: number, ev: number, lpi: number, icid: number): bigint[] => [BigInt(ITS_CMD.MAPTI) | (BigInt(dev) << 32n), (BigInt(lpi) << 32n) | BigInt(ev), BigInt(icid)];
const int = (dev: number, ev: number): bigint[] => [BigInt(ITS_CMD.INT) | (BigInt(dev) << 32n), BigInt(ev)];
const inv = (dev: number, ev: number): bigint[] => [BigInt(ITS_CMD.INV) | (BigInt(dev) << 32n), BigInt(ev)];
const config = (m: Machine, lpi: number, prio: number, enabled = true): void => { m.mem.ram[PROP + lpi - LPI - RAM] = prio | (enabled ? 1 : 0); };
const creadr = (m: Machine): number => Number(r64(m, 0x90));

describe('ITS commands and LPIs (IHI 0069 5.3)', () => {
  it('MAPD, MAPC, MAPTI then INT: the LPI is pending in the table and acknowledged through ICC_IAR1', () => {
    const m = machine();
    const q = setUp(m);
    config(m, LPI + 5, 0xa0);
    run(m, q, mapd(2, ITT, 4), mapc(0, 0), mapti(2, 3, LPI + 5, 0), int(2, 3));
    expect(creadr(m)).toBe(4 * 32);
    expect(ram8(m, PEND + Math.floor((LPI + 5) / 8)) & (1 << ((LPI + 5) % 8))).not.toBe(0);
    expect(m.gic.hppi()).toBe(LPI + 5);
    expect(m.cpu.irqLine).toBe(true);
    expect(m.gic.acknowledge(1)).toBe(LPI + 5);
    expect(ram8(m, PEND + Math.floor((LPI + 5) / 8))).toBe(0); // no active state: pending cleared
    expect(m.gic.runningPriority()).toBe(0xa0);
    m.gic.endOfInterrupt(LPI + 5);
    expect(m.gic.runningPriority()).toBe(0xff);
  });

  it('an MSI (GITS_TRANSLATER) is DeviceID 0; the priority order picks the lowest value, then the lowest INTID', () => {
    const m = machine();
    const q = setUp(m);
    config(m, LPI + 1, 0xc0);
    config(m, LPI + 2, 0x80);
    config(m, LPI + 3, 0x80);
    run(m, q, mapd(0, ITT, 4), mapc(7, 0), mapti(0, 1, LPI + 1, 7), mapti(0, 2, LPI + 3, 7), mapti(0, 3, LPI + 2, 7));
    for (const ev of [1, 2, 3]) its(m).write(0x10040, 4, ev);
    expect([m.gic.acknowledge(1), m.gic.acknowledge(1), m.gic.acknowledge(1)]).toEqual([LPI + 2, 1023, 1023]);
    m.gic.endOfInterrupt(LPI + 2);
    expect(m.gic.acknowledge(1)).toBe(LPI + 3);
    m.gic.endOfInterrupt(LPI + 3);
    expect(m.gic.acknowledge(1)).toBe(LPI + 1);
  });

  it('a command with bad parameters is skipped and the queue goes on; a table outside RAM stalls it, a queue there reads as zeros', () => {
    const m = machine();
    const q = setUp(m);
    config(m, LPI, 0xa0);
    // DeviceID beyond the table (64 KiB / 8 = 8192 entries), an unmapped event, an LPI INTID out of range.
    run(m, q, mapd(9000, ITT, 4), mapd(1, ITT, 4), int(1, 0), mapc(0, 0), mapti(1, 0, 100, 0), mapti(1, 0, LPI, 0), int(1, 0));
    expect(creadr(m)).toBe(7 * 32);
    expect(m.gic.hppi()).toBe(LPI);
    const zeros = machine();
    w64(zeros, 0x80, (1n << 63n) | 0x5000_0000n); // a queue beyond RAM
    its(zeros).write(0, 4, 1);
    w64(zeros, 0x88, 64n);
    expect(creadr(zeros)).toBe(64); // two commands 0x00, skipped
    const stalled = machine();
    w64(stalled, 0x100, (1n << 63n) | 0x5000_0000n); // a device table beyond RAM
    w64(stalled, 0x80, (1n << 63n) | BigInt(CMDQ));
    its(stalled).write(0, 4, 1);
    run(stalled, { queued: 0 }, mapd(1, ITT, 4), mapd(2, ITT, 4));
    expect(creadr(stalled)).toBe(1); // Stalled at the first MAPD, offset 0
  });

  it('BASER and CBASER are read-only while the ITS is enabled; BASER Type and Entry_Size always', () => {
    const m = machine();
    setUp(m);
    const before = r64(m, 0x100);
    w64(m, 0x100, 0n);
    expect(r64(m, 0x100)).toBe(before);
    its(m).write(0, 4, 0);
    w64(m, 0x100, 0n);
    expect(r64(m, 0x100)).toBe(0x0107_0000_0000_0000n);
  });

  it('a configuration change is seen after INV, not before (QEMU caches the highest-priority pending LPI)', () => {
    const m = machine();
    const q = setUp(m);
    config(m, LPI + 1, 0xa0);
    config(m, LPI + 2, 0xc0);
    run(m, q, mapd(0, ITT, 4), mapc(0, 0), mapti(0, 1, LPI + 1, 0), mapti(0, 2, LPI + 2, 0), int(0, 1), int(0, 2));
    expect(m.gic.hppi()).toBe(LPI + 1);
    config(m, LPI + 1, 0xa0, false); // disabled in memory ...
    expect(m.gic.hppi()).toBe(LPI + 1); // ... but the cache still offers it
    run(m, q, inv(0, 1));
    expect(m.gic.hppi()).toBe(LPI + 2);
  });

  it('MOVI moves a pending LPI to the collection on another PE; MOVALL moves them all back', () => {
    const m = machine(3, 2);
    const q = setUp(m);
    config(m, LPI + 4, 0xa0);
    run(m, q, mapd(0, ITT, 4), mapc(0, 0), mapc(1, 1), mapti(0, 4, LPI + 4, 0), int(0, 4));
    const [pe0, pe1] = m.dist.pes;
    expect([pe0!.hppi(), pe1!.hppi()]).toEqual([LPI + 4, 1023]);
    run(m, q, [BigInt(ITS_CMD.MOVI), 4n, 1n]);
    expect([pe0!.hppi(), pe1!.hppi()]).toEqual([1023, LPI + 4]);
    run(m, q, [BigInt(ITS_CMD.MOVALL), 0n, 1n << 16n, 0n]);
    expect([pe0!.hppi(), pe1!.hppi()]).toEqual([LPI + 4, 1023]);
  });
});

describe('GICv4.0 virtual LPIs', () => {
  const vmapp = (vpe: number, rd: number): bigint[] => [BigInt(ITS_CMD.VMAPP), BigInt(vpe) << 32n, (1n << 63n) | (BigInt(rd) << 16n), BigInt(VPEND) | 15n];
  const vmapti = (dev: number, ev: number, vpe: number, vintid: number, doorbell: number): bigint[] =>
    [BigInt(ITS_CMD.VMAPTI) | (BigInt(dev) << 32n), (BigInt(vpe) << 32n) | BigInt(ev), (BigInt(doorbell) << 32n) | BigInt(vintid)];

  it('a resident vPE gets the vLPI through the virtual interface; a descheduled one rings the doorbell', () => {
    const m = machine(4);
    const q = setUp(m);
    const g = m.gic;
    m.mem.ram[VPROP + 0x20 - RAM] = 0x90 | 1; // vLPI 8192 + 0x20 enabled at 0x90
    config(m, LPI + 100, 0xa0); // the doorbell
    g.redistributorWrite64(0x20070, BigInt(VPROP) | 15n);
    g.redistributorWrite64(0x20078, (1n << 63n) | BigInt(VPEND)); // resident
    g.ichHcr = 1;
    g.ichVmcr = (g.ichVmcr | 2) >>> 0; // VENG1
    g.ichVmcr = ((g.ichVmcr & 0x00ffffff) | (0xf8 << 24)) >>> 0; // VPMR
    run(m, q, mapd(0, ITT, 4), mapc(0, 0), vmapp(3, 0), vmapti(0, 1, 3, LPI + 0x20, LPI + 100), int(0, 1));
    expect(m.cpu.gicVirq).toBe(true);
    expect(g.virtualHighestPending(1)).toBe(LPI + 0x20);
    expect(g.virtualAcknowledge(1)).toBe(LPI + 0x20);
    g.virtualEndOfInterrupt(LPI + 0x20);
    expect(g.ichHcr >>> 27).toBe(0); // no EOIcount for a vLPI
    // Descheduled: PendingLast clear (nothing pending), then the INT goes to memory and the doorbell.
    g.redistributorWrite64(0x20078, BigInt(VPEND));
    expect(g.redistributorRead64(0x20078) >> 61n & 1n).toBe(0n);
    run(m, q, int(0, 1));
    expect(m.cpu.gicVirq).toBe(false);
    expect(g.hppi()).toBe(LPI + 100);
    expect(ram8(m, VPEND + (LPI + 0x20) / 8) & 1).toBe(1);
    // Resident again: the vLPI pending in its table is found.
    g.redistributorWrite64(0x20078, (1n << 63n) | BigInt(VPEND));
    expect(g.virtualHighestPending(1)).toBe(LPI + 0x20);
    expect(g.redistributorRead64(0x20078) >> 61n & 1n).toBe(1n); // PendingLast RES1 on scheduling
  });

  it('GITS_TYPER and the ID registers follow the GIC version', () => {
    expect(r64(machine(3), 8)).toBe(0x1f_0001_efb1n);
    expect(r64(machine(4), 8)).toBe(0x3f_0001_efb3n);
    expect(its(machine(4)).read(0xffe8, 4)).toBe(0x4b);
    expect(machine(4).dist.mmio.read(4, 4)).toBe(0x037e0007);
    expect(machine(3).dist.mmio.read(0xffe8, 4)).toBe(0x3b);
    expect(GICD_BASE).toBe(0x0800_0000);
  });
});
