// The console lines a person reads: one line per case (verdict, name, instructions, time),
// details only for cases that did not match, deviation notes of matching cases only with
// --verbose, and the verdict table.
import { describe, expect, it } from 'vitest';
import { buildReport, formatCaseLine, formatSummaryTable } from './report.ts';
import { NZCV_CLEARED_ON_EXCEPTION_ENTRY } from './qemu-deviations.ts';
import type { CaseResult, SideResult } from './types.ts';

const side = (ms: number, instructions?: number): SideResult => ({ exitStatus: 0, end: 'poweroff', uart: '', exceptions: [], durationMs: ms, instructions });
const matched: CaseResult = {
  name: 'hvc-exit', image: 'x.elf', verdict: 'match', qemu: side(300), model: side(1250, 181617), divergences: [],
  qemuDeviations: [{ ...NZCV_CLEARED_ON_EXCEPTION_ENTRY, count: 8 }],
};
const diverged: CaseResult = {
  ...matched, name: 'hello', verdict: 'diverge', qemuDeviations: undefined,
  divergences: [{ kind: 'uart', summary: 'UART differs at line 4, after:\n  | two', qemu: 'PSCI version 9.9', model: 'PSCI version 1.1' }],
  unimplementedFeature: 'the model does not implement FEAT_X',
};

describe('console output', () => {
  it('a matching case is one line: verdict, name, instructions, wall time (the slower side)', () => {
    expect(formatCaseLine(matched)).toBe(`MATCH   ${'hvc-exit'.padEnd(24)} ${'181617 insns'.padStart(16)}  1.3 s`);
  });

  it('its QEMU-deviation notes only with --verbose', () => {
    const v = formatCaseLine(matched, { verbose: true }).split('\n');
    expect(v).toHaveLength(2);
    expect(v[1]).toBe(`        QEMU deviates from the Arm ARM (8x): ${NZCV_CLEARED_ON_EXCEPTION_ENTRY.summary}`);
  });

  it('a divergent case: the first divergence indented under it, then the feature it met', () => {
    expect(formatCaseLine(diverged).split('\n')).toEqual([
      `DIVERGE ${'hello'.padEnd(24)} ${'181617 insns'.padStart(16)}  1.3 s`,
      '        uart: UART differs at line 4, after:',
      '          | two',
      '        qemu:  PSCI version 9.9',
      '        model: PSCI version 1.1',
      '        feature: the model does not implement FEAT_X',
    ]);
  });

  it('the verdict table has every verdict, aligned', () => {
    const t = formatSummaryTable(buildReport({ cpu: 'max', startedAt: new Date(0), durationMs: 1, results: [matched, diverged], qemu: { binary: 'q', version: 'v' } }));
    expect(t.split('\n')).toEqual([
      '       match  diverge  known  flaky  timeout  skip  error',
      'cases      1        1      0      0        0     0      0',
    ]);
  });
});
