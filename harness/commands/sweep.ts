// `s2diff sweep`: sampled A64 encodings run once each at EL0 on both sides
// (harness/undefined-sweep.ts), printed as one DIFFER line per encoding that ends differently.

import { dir } from 'tmp-promise';
import { UsageError } from '../errors.ts';
import type { RunOptions } from '../types.ts';
import { runSweep, sampleSimdFpWords, sampleWords } from '../undefined-sweep.ts';

/** Words per boot: each boot's UART output stays well under the flood cap. */
const WORDS_PER_BOOT = 65536;

export async function sweepCommand(words: number, seed: number, opts: RunOptions, simdFp = false): Promise<number> {
  if (!Number.isInteger(words) || words < 1 || words > 4_000_000) throw new UsageError(`--words ${words}: must be 1..4000000`);
  const work = await dir({ unsafeCleanup: true, prefix: 's2diff-sweep-' });
  try {
    let differences = 0;
    const byClass: Record<string, number> = {};
    const sample = simdFp ? sampleSimdFpWords : sampleWords;
    for (let start = 0; start < words; start += WORDS_PER_BOOT) {
      const r = await runSweep(sample(seed + start, Math.min(WORDS_PER_BOOT, words - start)), work.path, { ...opts, uartCapBytes: 1 << 24 });
      for (const [k, n] of Object.entries(r.byClass)) byClass[k] = (byClass[k] ?? 0) + n;
      for (const d of r.differences) {
        process.stdout.write(`DIFFER ${d.word.toString(16).padStart(8, '0')}  ${d.disasm}: QEMU ${d.qemu}, model ${d.model}\n`);
      }
      differences += r.differences.length;
      if (r.qemuCrash) {
        process.stdout.write(`QEMU CRASH ${r.qemuCrash.word.toString(16).padStart(8, '0')}  ${r.qemuCrash.disasm}: ${r.qemuCrash.detail} ` +
          '(a QEMU bug: the words after it in that boot were not compared)\n');
        differences++;
      }
    }
    process.stdout.write(`sweep: ${words} ${simdFp ? 'SIMD&FP ' : ''}words (seed ${seed}), outcomes by exception class on QEMU ${JSON.stringify(byClass)}, ${differences} difference(s)\n`);
    return differences > 0 ? 1 : 0;
  } finally {
    await work.cleanup();
  }
}
