// Pinning in a Linux boot: a model bug planted in FDIV (its double result one ulp off, no
// exception or branch changed at once) first shows 900 million instructions into the boot,
// in busybox awk's 1/3 of the default init script; the exception stream and the counts
// between entries still agree, and pinFirstDifference (via narrowDivergence, as `s2diff repro
// --checkpoints` runs it) names that FDIV, its PC and the register one ulp apart. Minutes on
// 2 cores: the nightly runs it (S2DIFF_LINUX_PIN=1, ci/nightly.sh), like a user's repro.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { dir } from 'tmp-promise';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LINUX_APPEND } from '../commands/linux.ts';
import { withIdProbe } from '../id-probe.ts';
import { initramfsFile, LINUX_DIR } from '../linux/linux-files.ts';
import { DEFAULT_RUN_OPTIONS } from '../types.ts';
import { narrowDivergence } from './narrow.ts';
import { isFdivDouble, plantFdivOneUlpOff } from './planted-fdiv.ts';

const kernel = join(LINUX_DIR, 'Image');
const wanted = process.env.S2DIFF_LINUX_PIN === '1';

describe.skipIf(!wanted || !existsSync(kernel))('pinning a planted model bug late in a Linux boot', () => {
  it('names the FDIV whose result is one ulp off, 900M instructions in, with both values', async () => {
    const { opts } = await withIdProbe({
      ...DEFAULT_RUN_OPTIONS, cpu: 'cortex-a57', append: DEFAULT_LINUX_APPEND, icount: 0,
      timeoutSec: 900, maxSteps: 3_000_000_000, initrd: initramfsFile({}),
    });
    const work = await dir({ unsafeCleanup: true });
    try {
      const r = await narrowDivergence(kernel, opts, work.path, { patch: plantFdivOneUlpOff });
      expect(r.divergence).toBeUndefined(); // no exception or count changed: data only
      const p = r.pinned!;
      expect(p.instruction, p.unresolved).toBeDefined();
      expect(p.instruction!.count).toBeGreaterThan(800_000_000);
      expect(isFdivDouble(p.instruction!.word!)).toBe(true);
      const d = p.differences!;
      expect(d.map((x) => x.name)).toEqual([`v${p.instruction!.word! & 31}`]);
      expect(BigInt(d[0]!.qemu.replace('_', '')) ^ BigInt(d[0]!.model.replace('_', ''))).toBe(1n);
    } finally {
      await work.cleanup();
    }
  }, 1_800_000);
});
