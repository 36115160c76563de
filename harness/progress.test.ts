// The live progress line: drawn in place on a terminal only, naming each running case with the
// model's instructions, MIPS and elapsed time; cleared before each finished case's line.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Progress } from './progress.ts';
import { formatModelProgress } from './run-suite.ts';

/** A stream that records what is written, a terminal or not. */
function fakeOut(isTTY: boolean): { out: typeof process.stderr; text: () => string } {
  let text = '';
  const out = { isTTY, columns: 120, write: (s: string) => { text += s; return true; } } as unknown as typeof process.stderr;
  return { out, text: () => text };
}

describe('live progress', () => {
  const ci = process.env.CI;
  beforeEach(() => { delete process.env.CI; vi.spyOn(process.stdout, 'write').mockImplementation(() => true); });
  afterEach(() => { if (ci !== undefined) process.env.CI = ci; vi.restoreAllMocks(); });

  it('shows a running case with the model instructions, MIPS and elapsed time on a terminal', () => {
    const { out, text } = fakeOut(true);
    const p = new Progress(3, true, out);
    expect(p.live).toBe(true);
    p.start('kut-pmu');
    p.detail('kut-pmu', formatModelProgress({ instructions: 12_300_000, elapsedMs: 4100, line: 'PASS: pmu: cycle-counter\n' }));
    expect(text()).toContain('[0/3] kut-pmu: 12.3M insns 3.0 MIPS 4s | PASS: pmu: cycle-counter');
    p.finish('kut-pmu', 'MATCH   kut-pmu');
    expect(text().split('\r\x1b[K').pop()).toMatch(/^\[1\/3\] {2}ETA \d+s$/);
    expect(process.stdout.write).toHaveBeenCalledWith('MATCH   kut-pmu\n');
    // Cut to the terminal's width.
    p.detail('x', 'y'.repeat(500));
    expect(text().split('\r\x1b[K').pop()!.length).toBeLessThan(120);
  });

  it('draws nothing where the output is not a terminal, or under CI', () => {
    const { out, text } = fakeOut(false);
    const p = new Progress(2, true, out);
    p.start('a');
    p.detail('a', formatModelProgress({ instructions: 1e6, elapsedMs: 1000, line: '' }));
    expect(p.live).toBe(false);
    expect(text()).toBe('');
    process.env.CI = 'true';
    const t = fakeOut(true);
    expect(new Progress(2, true, t.out).live).toBe(false);
  });

  it('formats the model figures without an empty console part', () => {
    expect(formatModelProgress({ instructions: 2_500_000, elapsedMs: 500, line: '  ' })).toBe('2.5M insns 5.0 MIPS 1s');
  });
});
