// The parser of QEMU's per-instruction log: states in order, and a block QEMU entered but
// left unexecuted ("Stopped execution of TB chain before", e.g. an interrupt or the -icount
// budget due at its start) does not count as an executed instruction.
import { describe, expect, it } from 'vitest';
import { QemuTraceParser, type ArchState } from './qemu-trace.ts';

/** The states the parser yields for a whole log. */
function* parseQemuTrace(log: string): Generator<ArchState> {
  const p = new QemuTraceParser();
  for (const line of log.split('\n')) p.line(line);
  p.end();
  yield* p.ready;
}

function state(pc: number, x0: number, cpu = 0): string {
  const hex = (v: number): string => v.toString(16).padStart(16, '0');
  const regs = Array.from({ length: 31 }, (_, i) => `X${String(i).padStart(2, '0')}=${hex(i === 0 ? x0 : 0)}`);
  return [
    `Trace ${cpu}: 0x7fe4bc034600 [0000000000000000/${hex(pc)}/00000061/ff020201] main`,
    ` PC=${hex(pc)} ${regs.slice(0, 3).join(' ')}`,
    ` ${regs.slice(3).join(' ')}  SP=${hex(0x40100000)}`,
    'PSTATE=800003c9 N--- EL2h  BTYPE=0',
  ].join('\n');
}

async function parse(log: string): Promise<[bigint, bigint][]> {
  const out: [bigint, bigint][] = [];
  for (const s of parseQemuTrace(log)) out.push([s.pc, s.x[0]]);
  return out;
}

describe('parseQemuTrace', () => {
  it('yields every executed state in order', async () => {
    expect(await parse([state(0x40080000, 1), state(0x40080004, 2), state(0x40080008, 3)].join('\n')))
      .toEqual([[0x40080000n, 1n], [0x40080004n, 2n], [0x40080008n, 3n]]);
  });

  it('drops a state whose block QEMU left without executing it', async () => {
    const log = [
      state(0x40080430, 7),
      state(0x40080434, 8),
      'Stopped execution of TB chain before 0x7fe4bc0344c0 [0000000040080434] main',
      'Taking exception 5 [IRQ] on CPU 0',
      state(0x40084280, 8),
    ].join('\n');
    expect(await parse(log)).toEqual([[0x40080430n, 7n], [0x40084280n, 8n]]);
  });

  it('drops a state logged before an MMIO access was rewound for I/O (-icount cpu_io_recompile)', async () => {
    const log = [
      state(0x40080430, 7),
      'cpu_io_recompile: rewound execution of TB to 0000000040080430',
      state(0x40080430, 7),
      state(0x40080434, 8),
    ].join('\n');
    expect(await parse(log)).toEqual([[0x40080430n, 7n], [0x40080434n, 8n]]);
  });

  it('names the vCPU of each state from its Trace line', async () => {
    const cpus: (number | undefined)[] = [];
    for (const s of parseQemuTrace([state(0x40080000, 1, 0), state(0x40090000, 2, 3), state(0x40080004, 1, 12)].join('\n'))) cpus.push(s.cpu);
    expect(cpus).toEqual([0, 3, 12]);
  });

  it('reads V registers (low half first), FPCR and FPSR from the -d fpu lines of either CPU kind', async () => {
    for (const letter of ['Q', 'Z']) {
      const fpu = [
        state(0x40080000, 1).replace('BTYPE=0', 'BTYPE=0     FPCR=03c00000 FPSR=0000009f'),
        ...(letter === 'Z' ? ['P00=0000 P01=0000', 'FFR=0000'] : []),
        ...Array.from({ length: 16 }, (_, k) => [2 * k, 2 * k + 1].map((n) =>
          `${letter}${String(n).padStart(2, '0')}=${(n + 0x100).toString(16).padStart(16, '0')}:${n.toString(16).padStart(16, '0')}`).join(' ')),
        state(0x40080004, 2),
      ].join('\n');
      const out = [];
      for (const s of parseQemuTrace(fpu)) out.push(s);
      expect(out[0].fpcr).toBe(0x03c00000);
      expect(out[0].fpsr).toBe(0x9f);
      expect(out[0].v?.[2 * 5]).toBe(5n);
      expect(out[0].v?.[2 * 5 + 1]).toBe(0x105n);
      expect(out[0].v?.[63]).toBe(0x11fn);
      expect(out[1].v).toBeUndefined();
    }
  });
});
