// An internal error (a bug in s2diff, not bad input) prints one line and a pointer to
// --verbose, exits 2, and leaves the reports written so far in place.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeElf, POWER_OFF } from '../emulator/test-support.ts';
import type { JsonReport } from './report.ts';
import type { CaseResult } from './types.ts';

// The second case's run fails inside s2diff: everything else is real.
vi.mock('./run-case.ts', () => ({
  runCase: async (spec: { name: string; image: string }): Promise<CaseResult> => {
    if (spec.name.startsWith('second')) throw new Error('planted failure in runCase\nwith a second line');
    return { name: spec.name, image: spec.image, verdict: 'match', divergences: [] };
  },
}));

const { main } = await import('./cli.ts');

const dir = mkdtempSync(join(tmpdir(), 's2diff-internal-'));
const image = (name: string): string => {
  const p = join(dir, name);
  writeFileSync(p, makeElf(new Uint8Array(new Uint32Array(POWER_OFF).buffer)));
  return p;
};

async function run(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => { stderr += String(s); return true; });
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    return { code: await main(args), stderr };
  } finally {
    spy.mockRestore();
    out.mockRestore();
  }
}

afterEach(() => { vi.restoreAllMocks(); });

describe('internal errors', () => {
  const first = image('first.elf'), second = image('second.elf');

  it('one line naming the failure and --verbose, no stack trace, exit 2, the report so far kept', async () => {
    const json = join(dir, 'r.json');
    const r = await run(['run', '--image', first, '--image', second, '--json', json, '--no-id-probe']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^s2diff: internal error: planted failure in runCase \(run again with --verbose for the stack trace; reports written so far are kept\)\n$/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const rep = JSON.parse(readFileSync(json, 'utf8')) as JsonReport;
    expect(rep.results.map((c) => [c.name, c.verdict])).toEqual([['first.elf', 'match']]);
  });

  it('--verbose shows the stack', async () => {
    const r = await run(['run', '--image', second, '--no-id-probe', '--verbose']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/s2diff: internal error: planted failure in runCase\n/);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});
