// The JSON report keeps each case's run options (design.md §4 `options`), and
// `s2diff repro REPORT.json` reruns the case with them: the kernel command line and memory
// size of a raw image reach the lockstep run, the repro folder's command lines and its
// "Rerun:" line.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { dir } from 'tmp-promise';
import { describe, expect, it } from 'vitest';
import { sourceLine, symbolFile } from './disasm.ts';
import type { JsonReport } from './report.ts';
import { buildScenarios, REPO_ROOT } from './scenarios.ts';

const BIN = join(REPO_ROOT, 'harness', 'bin.mjs');
const FAKE = join(REPO_ROOT, 'harness', 'fixtures', 'fake-qemu.sh');

describe('repro REPORT.json reruns each case with its options', () => {
  it('--append and -m are in the report, the lockstep run, the repro folder and its Rerun line', async () => {
    const work = await dir({ unsafeCleanup: true, prefix: 's2diff-repro-opts-' });
    try {
      const [hello] = await buildScenarios(['hello']);
      const flat = join(work.path, 'hello.flat');
      await execa('aarch64-linux-gnu-objcopy', ['-O', 'binary', hello, flat]);
      const json = join(work.path, 'r.json');
      // A planted divergence (QEMU's UART edited) so the report has a case to reproduce.
      const run = await execa('node', [BIN, 'run', '--image', flat, '--append', "one 'two'", '-m', '128', '--json', json], {
        reject: false, all: true, timeout: 120_000,
        env: { S2DIFF_QEMU: FAKE, FAKE_QEMU_MODE: 'sed', FAKE_QEMU_SED: 's/^PSCI version 1\\.1$/PSCI version 9.9/' },
      });
      expect(run.exitCode, run.all).toBe(1);
      const rep = JSON.parse(readFileSync(json, 'utf8')) as JsonReport;
      expect(rep.results[0].options).toMatchObject({ cpu: 'max', memMiB: 128, smp: 1, append: "one 'two'", icount: null });

      // The repro, with the real QEMU and no options on its command line: they come from the report.
      const out = join(work.path, 'repro');
      const r = await execa('node', [BIN, 'repro', json, '--out', out, '--limit', '2000'], { reject: false, all: true, timeout: 300_000 });
      // Agreeing up to --limit is its own outcome, not a failure; the report's case still gets a folder.
      expect(r.exitCode, r.all).toBe(0);
      // Compared by blocks, the limit is met at the first block entry at or after it.
      const agreed = /agreed for (\d+) instructions, limit reached/.exec(r.all);
      expect(Number(agreed?.[1])).toBeGreaterThanOrEqual(2000);
      expect(Number(agreed?.[1])).toBeLessThan(2000 + 512);
      const folder = join(out, 'hello.flat');
      const modelCmd = readFileSync(join(folder, 'model-command.txt'), 'utf8');
      expect(modelCmd, r.all).toContain("-m 128 --append 'one '\\''two'\\'''");
      const [normalCmd, lockstepCmd] = readFileSync(join(folder, 'qemu-command.txt'), 'utf8').split('# lockstep:\n');
      for (const c of [normalCmd, lockstepCmd]) expect(c).toMatch(/-m 128 .*-append /); // the lockstep run had them too
      expect(readFileSync(join(folder, 'README.txt'), 'utf8')).toMatch(/^Rerun: npx s2diff repro \S+hello\.flat --cpu max -m 128 --append 'one '\\''two'\\'''$/m);
      const again = JSON.parse(readFileSync(join(folder, 'report.json'), 'utf8')) as { case: { options: { append: string; memMiB: number }; model: { uart: string } } };
      expect(again.case.options).toMatchObject({ append: "one 'two'", memMiB: 128 });
      // -m 128 reached the model: QEMU's DTB, and so x0, is at RAM + 64 MiB.
      expect(again.case.model.uart).toContain('x0=0x0000000044000000');
    } finally {
      await work.cleanup();
    }
  }, 400_000);

  it('a .flat image finds the .elf beside it for source lines, at the address QEMU loads it', async () => {
    const work = await dir({ unsafeCleanup: true, prefix: 's2diff-flat-sym-' });
    try {
      const [hello] = await buildScenarios(['hello']);
      const flat = join(work.path, 'hello.flat');
      expect(symbolFile(flat)).toBeUndefined(); // nothing there yet
      await execa('aarch64-linux-gnu-objcopy', ['-O', 'binary', hello, flat]);
      expect(symbolFile(flat)).toBeUndefined(); // no .elf beside it
      await execa('cp', [hello, join(work.path, 'hello.elf')]);
      const sym = symbolFile(flat)!;
      expect(sym.elf).toBe(join(work.path, 'hello.elf'));
      // hello.elf is linked at 0x40080000, where QEMU also loads a raw image: no bias.
      expect(sym.bias).toBe(0n);
      expect(await sourceLine(sym.elf, 0x40080000n - sym.bias)).toMatch(/^_start at .*start\.S:\d+/);
    } finally {
      await work.cleanup();
    }
  }, 120_000);
});
