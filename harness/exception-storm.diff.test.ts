// An image that storms (scenario exception-storm: VBAR_EL2 on UDF instructions) ends in a
// couple of seconds on both sides, with a timeout verdict naming the exception and the
// instruction, instead of running until --timeout.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { dir } from 'tmp-promise';
import { describe, expect, it } from 'vitest';
import { STORM_REPEATS } from '../emulator/exception-storm.ts';
import { stormInLog } from './qemu-storm.ts';
import type { JsonReport } from './report.ts';
import { REPO_ROOT } from './scenarios.ts';

const record = (elr: string, pc: string): string =>
  `Taking exception 1 [Undefined Instruction] on CPU 0\n...from EL2 to EL2\n...with ESR 0x0/0x2000000\n` +
  `...with ELR ${elr}\n...to EL2 PC ${pc} PSTATE 0x3c9\n`;

describe('exception storm', () => {
  it("QEMU's log: a storm only where ELR is the vector itself, STORM_REPEATS times in a row", () => {
    expect(stormInLog(record('0x40080a00', '0x40080a00').repeat(STORM_REPEATS))).toMatchObject({
      record: { type: 'Undefined Instruction', esr: '0x2000000', elr: '0x40080a00', pc: '0x40080a00' }, repeats: STORM_REPEATS,
    });
    expect(stormInLog(record('0x40080a00', '0x40080a00').repeat(STORM_REPEATS - 1))).toBeUndefined();
    // ELR elsewhere: the handler ran before the next exception (a trap-and-return loop).
    expect(stormInLog(record('0x40081000', '0x40080a00').repeat(3 * STORM_REPEATS))).toBeUndefined();
  });

  it("QEMU's log: an ERET between identical entries ends the run (the log cannot show whether the instruction changed)", () => {
    const eret = (pc: string): string => `Exception return from AArch64 EL2 to AArch64 EL2 PC ${pc}\n`;
    expect(stormInLog((record('0x40081000', '0x40080a00') + eret('0x40081000')).repeat(3 * STORM_REPEATS))).toBeUndefined();
  });

  it('s2diff run exception-storm: timeout on both sides within seconds, naming exception and instruction; exit 1', async () => {
    const work = await dir({ unsafeCleanup: true, prefix: 's2diff-storm-' });
    try {
      const json = join(work.path, 'r.json');
      const r = await execa('node', [join(REPO_ROOT, 'harness', 'bin.mjs'), 'run', 'exception-storm', '--json', json, '--timeout', '60'],
        { reject: false, all: true, timeout: 90_000 });
      expect(r.exitCode).toBe(1);
      const rep = JSON.parse(readFileSync(json, 'utf8')) as JsonReport;
      const c = rep.results[0];
      expect(c.verdict).toBe('timeout');
      for (const side of [c.qemu!, c.model!]) {
        expect(side.detail).toMatch(/^exception storm: Undefined Instruction, ESR 0x2000000 taken \d+ times in a row by the instruction at 0x[0-9a-f]+/);
        expect(side.durationMs).toBeLessThan(5000); // the case's wall time: both sides run at once
      }
      expect(c.model!.detail).toMatch(/\(udf #0\)/); // the model names the instruction by its disassembly
      expect(c.model!.storm?.record.elr).toBe(c.qemu!.storm?.record.elr);
      expect(r.all).toMatch(/TIMEOUT +exception-storm[^\n]*\n +qemu: +exception storm: Undefined Instruction/);
    } finally {
      await work.cleanup();
    }
  });
});
