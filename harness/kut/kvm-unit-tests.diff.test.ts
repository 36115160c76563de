// s2diff run --kvm-unit-tests on a kvm-unit-tests-shaped tree made of the project's own
// scenarios as flat binaries (the real upstream tree is not part of the project).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { buildScenarios } from '../scenarios.ts';
import type { JsonReport } from '../report.ts';

const BIN = new URL('../bin.mjs', import.meta.url).pathname;

describe('s2diff run --kvm-unit-tests', () => {
  it('runs each arm64 test as a raw image with its test_args and -m, and skips what the board cannot run', async () => {
    const tree = mkdtempSync(join(tmpdir(), 's2diff-kut-'));
    mkdirSync(join(tree, 'arm'));
    const [hello, zero, skips] = await buildScenarios(['hello', 'kut-zero-tests', 'kut-skips-itself']);
    for (const [elf, flat] of [[hello, 'hello.flat'], [zero, 'zero.flat'], [skips, 'skips.flat']]) {
      await execa('aarch64-linux-gnu-objcopy', ['-O', 'binary', elf, join(tree, 'arm', flat)]);
    }
    writeFileSync(join(tree, 'arm', 'unittests.cfg'), [
      '[hello-args]', 'file = hello.flat', "test_args = 'one two'", 'qemu_params = -m 128', 'groups = mine', '',
      '[hello-smp]', 'file = hello.flat', 'smp = $((($MAX_SMP < 4)?4:$MAX_SMP))', 'groups = mine', '',
      '[hello-smp16]', 'file = hello.flat', 'smp = 16', 'groups = mine', '',
      '[arm32-only]', 'file = hello.flat', 'arch = arm', '',
      '[hello-migration]', 'file = hello.flat', 'groups = migration', '',
      '[zero-tests]', 'file = zero.flat', '',
      '[skips-itself]', 'file = skips.flat', '',
    ].join('\n'));
    const json = join(tree, 'out.json');
    const r = await execa('node', [BIN, 'run', '--kvm-unit-tests', tree, '--json', json], { reject: false, timeout: 120_000 });
    const rep = JSON.parse(readFileSync(json, 'utf8')) as JsonReport;
    const by = new Map(rep.results.map((x) => [x.name, x]));
    expect([...by.keys()].sort()).toEqual(['hello-args', 'hello-migration', 'hello-smp', 'hello-smp16', 'skips-itself', 'zero-tests']); // arch = arm is 32-bit only
    expect(by.get('hello-args')?.verdict).toBe('match');
    // -m 128: the DTB QEMU builds, and so the model's x0, move to RAM + 64 MiB.
    expect(by.get('hello-args')?.model?.uart).toContain('x0=0x0000000044000000');
    // smp over $MAX_SMP = 8: run with 8 PEs on both sides; more than the board has: not run.
    expect(by.get('hello-smp')).toMatchObject({ verdict: 'match', options: { smp: 8 } });
    expect(by.get('hello-smp16')).toMatchObject({ verdict: 'skip', error: expect.stringMatching(/needs smp=16; the model's board has at most 8 PEs/) });
    expect(by.get('hello-migration')?.verdict).toBe('skip');
    expect(r.stdout).toMatch(/^FAIL hello-args \[s2diff: QEMU and the model agree\]$/m); // hello exits with status 0, not 1
    expect(r.stdout).toMatch(/^SKIP hello-smp16 \(not run by s2diff: needs smp=16/m);
    // 0 tests run is not agreement: skip, saying why; a test that skips itself was run and compared.
    expect(by.get('zero-tests')).toMatchObject({ verdict: 'skip', error: expect.stringMatching(/ran 0 tests/) });
    expect(r.stdout).toMatch(/^PASS zero-tests \(0 tests\) \[s2diff: not counted as agreeing: the test ran 0 tests on both sides/m);
    expect(by.get('skips-itself')?.verdict).toBe('match');
    expect(r.stdout).toMatch(/^SKIP \(by the test\) skips-itself \(1 tests, 1 skipped\) \[s2diff: QEMU and the model agree\]$/m);
    expect(r.stdout).toMatch(/^SUMMARY: 6 tests: QEMU 1 PASS, 2 FAIL, 1 SKIP \(by the test\); 2 not run by s2diff; model vs QEMU: 3 match, 1 ran 0 tests \(not counted\)/m);
    expect(r.exitCode).toBe(0);
  }, 120_000);
});
