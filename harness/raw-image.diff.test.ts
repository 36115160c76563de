// Raw images (design.md §2) on both sides: the hello scenario as a flat binary boots through
// QEMU's bootloader with x0 = the DTB address on both sides, with and without an initrd
// (which moves the DTB), and -append reaches the DTB's /chosen/bootargs the model gets.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { runCase } from './run-case.ts';
import { buildScenarios } from './scenarios.ts';
import { DEFAULT_RUN_OPTIONS } from './types.ts';

describe('raw images', () => {
  const dir = mkdtempSync(join(tmpdir(), 's2diff-raw-'));
  const flat = join(dir, 'hello.bin');

  it.each([
    ['no initrd', undefined, 0x4800_0000],
    ['a 3 MiB initrd', 3 << 20, 0x4840_0000], // initrd at RAM + 128M, DTB 2M-aligned after it
  ])('boot like an arm64 kernel (%s)', async (_what, initrdSize, dtbAt) => {
    const [elf] = await buildScenarios(['hello']);
    await execa('aarch64-linux-gnu-objcopy', ['-O', 'binary', elf, flat]);
    let initrd: string | undefined;
    if (initrdSize !== undefined) {
      initrd = join(dir, 'initrd.img');
      writeFileSync(initrd, Buffer.alloc(initrdSize, 0x5a));
    }
    const r = await runCase({ name: 'hello.bin', image: flat },
      { ...DEFAULT_RUN_OPTIONS, append: 'console=ttyAMA0 s2diff', initrd });
    expect(r.verdict, JSON.stringify(r.divergences)).toBe('match');
    expect(r.model?.uart).toContain(`x0=0x${dtbAt.toString(16).padStart(16, '0')}`);
  }, 60_000);
});
