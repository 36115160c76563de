// The per-block log reader on QEMU 7.2's log lines: block sizes from translations, later
// executions by host address, the lines that flag or drop a state, FP/SIMD state, and PCs above
// 2^53 (kernel addresses).

import { describe, expect, it } from 'vitest';
import { QemuBlockTraceParser, STATE_PC, type BlockRecord } from './qemu-block-trace.ts';

const hex16 = (v: bigint): string => v.toString(16).padStart(16, '0');

/** The state lines QEMU's aarch64_cpu_dump_state prints, X[n] = n * 0x1111 + seed. */
function state(host: string, pc: bigint, seed: number, fpu = false): string {
  const x = (n: number): string => hex16(BigInt(n * 0x1111 + seed));
  const lines = [`Trace 0: ${host} [0000000000000000/${hex16(pc)}/00000061/ff000200] sym`];
  let line = ` PC=${hex16(pc)} `;
  for (let i = 0; i < 31; i++) {
    line += `X${String(i).padStart(2, '0')}=${x(i)}`;
    if ((i + 2) % 3 === 0) { lines.push(line); line = ''; } else line += ' ';
  }
  lines.push(`${line} SP=${hex16(0x400b0000n + BigInt(seed))}`);
  lines.push(`PSTATE=800003c9 N--- EL2h  SVCR=00000000 --  BTYPE=0${fpu ? '     FPCR=03000000 FPSR=08000010' : ''}`);
  if (fpu) {
    for (let n = 0; n < 32; n += 2) {
      lines.push(`Z${String(n).padStart(2, '0')}=${hex16(BigInt(n) << 32n)}:${hex16(BigInt(n))} Z${String(n + 1).padStart(2, '0')}=${hex16(0n)}:${hex16(1n)}`);
    }
  }
  return lines.join('\n') + '\n';
}

function translation(pc: bigint, n: number): string {
  const lines = ['----------------', 'IN: sym'];
  for (let i = 0; i < n; i++) lines.push(`0x${(pc + BigInt(4 * i)).toString(16)}:  d503201f  nop`);
  return lines.join('\n') + '\n\n';
}

function parse(log: string, chunk = 97): BlockRecord[] {
  const p = new QemuBlockTraceParser();
  // Fed in odd-sized pieces: lines cut across chunks must read the same.
  for (let i = 0; i < log.length; i += chunk) p.feed(log.slice(i, i + chunk));
  p.end();
  return p.ready;
}

const pcOf = (r: BlockRecord): bigint => (BigInt(r.gpr[STATE_PC + 1] >>> 0) << 32n) | BigInt(r.gpr[STATE_PC] >>> 0);

describe('QEMU block trace reader', () => {
  it('takes each block size from its translation and re-executions from the host address', () => {
    // A loop into the middle of the first block: 0x40080000 (19 instructions) ... b.hs, then
    // 0x4008004c (2) looping back to 0x40080044, a block of its own (2).
    const log = translation(0x40080000n, 19) + state('0x7f00000100', 0x40080000n, 1) +
      translation(0x4008004cn, 2) + state('0x7f00000680', 0x4008004cn, 2) +
      translation(0x40080044n, 2) + state('0x7f00000840', 0x40080044n, 3) +
      state('0x7f00000680', 0x4008004cn, 4) + state('0x7f00000840', 0x40080044n, 5);
    const r = parse(log);
    expect(r.map((x) => x.count)).toEqual([19, 2, 2, 2, 2]);
    expect(r.map(pcOf)).toEqual([0x40080000n, 0x4008004cn, 0x40080044n, 0x4008004cn, 0x40080044n]);
    expect(r[2]!.gpr[2 * 7]).toBe(7 * 0x1111 + 3);
    expect(r[2]!.gpr[62]).toBe(0x400b0003); // SP
    expect(r[0]!.pstate).toBe(0x800003c9);
    expect(r.every((x) => !x.exception && !x.partial)).toBe(true);
  });

  it('flags a block an exception ended, drops one left at once, flags one cut before MMIO', () => {
    const log = translation(0x1000n, 3) + state('0x7f1', 0x1000n, 1) +
      'Taking exception 3 [Prefetch Abort] on CPU 0\n...from EL2 to EL2\n...with ESR 0x21/0x86000000\n' +
      translation(0x2000n, 1) + state('0x7f2', 0x2000n, 2) + 'Stopped execution of TB chain before 0x7f2 [0000000000002000] sym\n' +
      state('0x7f2', 0x2000n, 2) +
      translation(0x3000n, 4) + state('0x7f3', 0x3000n, 3) + 'cpu_io_recompile: rewound execution of TB to 0000000000003000\n';
    const r = parse(log);
    expect(r.map(pcOf)).toEqual([0x1000n, 0x2000n, 0x3000n]);
    expect(r.map((x) => [x.exception, x.partial])).toEqual([[true, false], [false, false], [false, true]]);
    expect(r[1]!.count).toBe(1); // the re-entry found its size by host address
  });

  it('reads FP/SIMD state, and PCs above 2^53', () => {
    const kpc = 0xffff800008010000n;
    const r = parse(translation(kpc, 2) + state('0x7f5', kpc, 9, true) + translation(kpc + 8n, 1) + state('0x7f6', kpc + 8n, 10, true), 61);
    expect(r.map(pcOf)).toEqual([kpc, kpc + 8n]);
    expect(r.map((x) => x.count)).toEqual([2, 1]);
    const v = r[0]!.v!;
    expect([r[0]!.fpcr, r[0]!.fpsr]).toEqual([0x03000000, 0x08000010]);
    expect([v[4 * 6], v[4 * 6 + 1], v[4 * 6 + 2], v[4 * 6 + 3]]).toEqual([6, 0, 0, 6]); // Z06 = 6<<96 | 6
    expect(v[4 * 7]).toBe(1);
  });

  it('does not bind a translation to a block entered elsewhere', () => {
    // A translation whose block is not the next one entered (its fetch faulted): the next block's
    // size stays unknown rather than taken from it.
    const r = parse(translation(0x5000n, 7) + state('0x7f7', 0x6000n, 1));
    expect(r[0]!.count).toBeUndefined();
  });
});
