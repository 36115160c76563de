import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyKnownDivergences, loadKnownDivergences } from './known-divergences.ts';
import type { CaseResult } from './types.ts';

const diverging = (name: string, qemu: string): CaseResult => ({
  name, image: `${name}.elf`, verdict: 'diverge',
  divergences: [{ kind: 'uart', summary: 'UART differs at line 3', qemu, model: 'PAR=0x0000000040080b00' }],
});

describe('known divergences', () => {
  const dir = mkdtempSync(join(tmpdir(), 's2diff-known-'));
  const file = join(dir, 'known.json');
  writeFileSync(file, JSON.stringify([
    { case: 'par-*', kind: 'uart', pattern: 'PAR=0x[0-9a-f]+a00', reason: 'QEMU 7.2 PAR_EL1.SH', link: 'https://example.invalid/1' },
    { case: 'gone', reason: 'fixed upstream' },
  ]));

  it('turns a matching divergence into known, leaves others, and returns stale entries', () => {
    const entries = loadKnownDivergences(file);
    const results = [diverging('par-attrs', 'PAR=0x0000000040080a00'), diverging('par-other', 'PAR=0x1'), diverging('s2-x', 'PAR=0x0000000040080a00')];
    const stale = applyKnownDivergences(results, entries);
    expect(results.map((r) => r.verdict)).toEqual(['known', 'diverge', 'diverge']);
    expect(results[0].error).toMatch(/QEMU 7.2 PAR_EL1.SH \(https:\/\/example.invalid\/1\)/);
    expect(stale.map((e) => e.case)).toEqual(['gone']);
  });

  it('rejects a malformed file with a fix hint', () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify([{ case: 'x' }]));
    expect(() => loadKnownDivergences(join(dir, 'bad.json'))).toThrow(/needs "case" and "reason"/);
    writeFileSync(join(dir, 'badre.json'), JSON.stringify([{ case: 'x', reason: 'r', pattern: '(' }]));
    expect(() => loadKnownDivergences(join(dir, 'badre.json'))).toThrow(/bad pattern/);
  });
});
