// Unit tests of the GICv3 model and interrupt routing: the rules the gic-timer scenario
// proves against QEMU on one path each, here across the combinations a scenario does not
// reach (routing to EL1, TGE, the host regime, priority masking, EOImode, LR states).
import { describe, expect, it } from 'vitest';
import { GICD_BASE, GICR_BASE } from './gicv3.ts';
import { takePendingInterrupt } from './interrupts.ts';
import { Machine } from './machine.ts';

function machine(): Machine {
  const m = new Machine({ profile: 'max', memMiB: 64, uartCapBytes: 1 << 16 });
  m.loadElf({ entry: 0x40080000n, segments: [] });
  return m;
}

const SGI_BASE = GICR_BASE + 0x10000;
const w32 = (m: Machine, pa: number, v: number): void => {
  if (pa < GICR_BASE) m.dist.mmio.write(pa - GICD_BASE, 4, v);
  else m.gic.redistributorWrite(pa - GICR_BASE, 4, v);
};

/** GIC on, INTID `i` enabled in group 1 at `prio`, PMR open, pending. */
function pend(m: Machine, i: number, prio = 0xa0): void {
  w32(m, GICD_BASE, 0x12); // EnableGrp1, ARE
  w32(m, SGI_BASE + 0x80, 0xffffffff);
  if (i < 32) {
    m.gic.redistributorWrite(SGI_BASE - GICR_BASE + 0x400 + i, 1, prio); // byte access: one INTID
    w32(m, SGI_BASE + 0x100, 1 << i);
    w32(m, SGI_BASE + 0x200, 1 << i);
  } else {
    w32(m, GICD_BASE + 0x80 + (i >> 5) * 4, 0xffffffff);
    m.dist.mmio.write(0x400 + i, 1, prio);
    w32(m, GICD_BASE + 0x100 + (i >> 5) * 4, 1 << (i & 31));
    w32(m, GICD_BASE + 0x200 + (i >> 5) * 4, 1 << (i & 31));
  }
  m.gic.pmr = 0xf8;
  m.gic.igrpen1 = 1;
  m.gic.update();
}

describe('interrupt routing and masking (D1.3.6)', () => {
  const cases: [string, number, bigint, number, boolean, number | undefined][] = [
    // name, EL, HCR_EL2, DAIF, expect taken, target EL
    ['EL2, IMO, I clear', 2, 1n << 4n, 0, true, 2],
    ['EL2, IMO, I set', 2, 1n << 4n, 2, false, undefined],
    ['EL2, IMO = 0: the IRQ targets EL1, not taken at EL2', 2, 0n, 0, false, undefined],
    ['EL1, IMO: to EL2 whatever PSTATE.I', 1, 1n << 4n, 2, true, 2],
    ['EL1, IMO = 0, I clear: to EL1', 1, 0n, 0, true, 1],
    ['EL1, IMO = 0, I set: masked', 1, 0n, 2, false, undefined],
    ['EL0, TGE: to EL2', 0, 1n << 27n, 2, true, 2],
    ['EL0 in the host regime (E2H, TGE): PSTATE.I masks', 0, (1n << 34n) | (1n << 27n), 2, false, undefined],
  ];
  it.each(cases)('%s', (_name, el, hcr, daif, taken, target) => {
    const m = machine();
    pend(m, 40);
    const c = m.cpu;
    c.el = el;
    c.daif = daif;
    c.sr.set('HCR_EL2', hcr);
    expect(c.irqLine).toBe(true);
    expect(takePendingInterrupt(c)).toBe(taken);
    if (taken) expect(c.el).toBe(target);
  });

  it('a virtual IRQ (HCR_EL2.VI) is taken at EL1 only with IMO, TGE = 0 and PSTATE.I clear', () => {
    const m = machine();
    const c = m.cpu;
    c.el = 1;
    c.daif = 0;
    c.sr.set('HCR_EL2', (1n << 7n) | (1n << 4n));
    expect(takePendingInterrupt(c)).toBe(true);
    expect(m.events.at(-1)).toMatchObject({ event: 'exception-taken', kind: 'irq', virtual: true });
    const m2 = machine();
    m2.cpu.el = 1;
    m2.cpu.daif = 0;
    m2.cpu.sr.set('HCR_EL2', 1n << 7n); // VI without IMO: no virtual IRQ
    expect(takePendingInterrupt(m2.cpu)).toBe(false);
  });
});

describe('GICv3 CPU interface', () => {
  it('acknowledges by priority, masks by the running priority, and EOImode splits drop from deactivation', () => {
    const m = machine();
    pend(m, 40, 0xa0);
    pend(m, 41, 0x90);
    const g = m.gic;
    expect(g.acknowledge(1)).toBe(41); // 0x90 beats 0xa0
    expect(g.runningPriority()).toBe(0x90);
    expect(m.cpu.irqLine).toBe(false); // 40 (0xa0) cannot preempt 0x90
    g.endOfInterrupt(41);
    expect(m.dist.spi.active[41]).toBe(0);
    expect(m.cpu.irqLine).toBe(true);
    g.ctlr = 2; // EOImode: EOIR drops the priority only
    expect(g.acknowledge(1)).toBe(40);
    g.endOfInterrupt(40);
    expect(g.runningPriority()).toBe(0xff);
    expect(m.dist.spi.active[40]).toBe(1);
    g.deactivate(40);
    expect(m.dist.spi.active[40]).toBe(0);
    expect(g.acknowledge(1)).toBe(1023); // nothing left
  });

  it('PMR masks at its 5 implemented bits', () => {
    const m = machine();
    pend(m, 40, 0xa7); // 0xa7 & 0xf8 = 0xa0
    m.gic.pmr = 0xa0;
    m.gic.update();
    expect(m.cpu.irqLine).toBe(false);
    m.gic.pmr = 0xa8;
    m.gic.update();
    expect(m.cpu.irqLine).toBe(true);
  });

  it('list registers: pending -> active on ICV_IAR1, deactivation on EOI, and the physical INTID with HW', () => {
    const m = machine();
    const g = m.gic;
    pend(m, 27);
    expect(g.acknowledge(1)).toBe(27);
    g.ichHcr = 1;
    g.ichVmcr |= 2; // VENG1
    g.ichVmcr = (g.ichVmcr & 0x00ffffff) | (0xf8 << 24);
    g.setLr(0, (1n << 62n) | (1n << 61n) | (1n << 60n) | (0xa0n << 48n) | (27n << 32n) | 27n);
    expect(m.cpu.gicVirq).toBe(true);
    expect(g.emptyLrs() & 1).toBe(0);
    expect(g.virtualAcknowledge(1)).toBe(27);
    expect(m.cpu.gicVirq).toBe(false);
    g.virtualEndOfInterrupt(27);
    expect(g.emptyLrs() & 1).toBe(1);
    expect(g.local.active[27]).toBe(0); // HW = 1: the physical interrupt deactivated too
  });

  it('a virtual interrupt at the VPMR priority is masked; ICV_HPPIR1 still names it (HighestPriorityVirtualInterrupt applies no mask)', () => {
    const m = machine();
    const g = m.gic;
    g.ichHcr = 1;
    g.ichVmcr = ((g.ichVmcr | 2) & 0x00ffffff | (0xa0 << 24)) >>> 0; // VENG1, VPMR 0xa0
    g.setLr(0, (1n << 62n) | (1n << 60n) | (0xa0n << 48n) | 40n);
    expect(m.cpu.gicVirq).toBe(false);
    expect(g.virtualAcknowledge(1)).toBe(1023);
    expect(g.virtualHighestPending(1)).toBe(40);
    g.ichVmcr = ((g.ichVmcr & 0x00ffffff) | (0xa8 << 24)) >>> 0;
    g.update();
    expect(m.cpu.gicVirq).toBe(true);
    expect(g.virtualAcknowledge(1)).toBe(40);
  });
});
