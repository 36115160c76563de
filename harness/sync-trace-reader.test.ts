// The synchronous reader of QEMU's log gives the states the async parser gives, whatever
// the chunk boundaries (a state split across two reads), and undefined at the end.
import { closeSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SyncTraceReader } from './sync-trace-reader.ts';

function state(cpu: number, pc: number): string {
  const hex = (v: number): string => v.toString(16).padStart(16, '0');
  const regs = Array.from({ length: 31 }, (_, i) => `X${String(i).padStart(2, '0')}=${hex(i + pc)}`);
  return [`Trace ${cpu}: 0x7fe4bc034600 [0000000000000000/${hex(pc)}/00000061/ff020201] f`,
    ` PC=${hex(pc)} ${regs.slice(0, 2).join(' ')}`, ` ${regs.slice(2).join(' ')}  SP=${hex(0x40100000)}`,
    'PSTATE=800003c9 N--- EL2h  BTYPE=0'].join('\n');
}

describe('SyncTraceReader', () => {
  it('reads every state of a log larger than one read, with the vCPU of each, then ends', () => {
    const n = 6000; // ~4 MiB: several 1 MiB reads, so states straddle read boundaries
    const file = join(mkdtempSync(join(tmpdir(), 's2diff-sync-')), 'trace.log');
    writeFileSync(file, Array.from({ length: n }, (_, i) => state(i % 3, 0x40080000 + 4 * i)).join('\n') + '\n');
    const fd = openSync(file, 'r');
    const r = new SyncTraceReader(fd);
    for (let i = 0; i < n; i++) {
      const s = r.next();
      expect(s?.pc).toBe(BigInt(0x40080000 + 4 * i));
      expect(s?.cpu).toBe(i % 3);
      expect(s?.x[30]).toBe(BigInt(30 + 0x40080000 + 4 * i));
    }
    expect(r.next()).toBeUndefined();
    expect(r.next()).toBeUndefined();
    closeSync(fd);
  });
});
