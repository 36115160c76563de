// One case end to end: run the image on QEMU and on the model at the same time, compare,
// and turn the outcome into a verdict. Anything that stops a case from being run at all
// (missing QEMU, malformed image) surfaces as UsageError (exit code 2).

import { compareSides } from './compare.ts';
import { UsageError } from './errors.ts';
import { runModel } from './model-runner.ts';
import { runQemu } from './qemu-runner.ts';
import type { CaseResult, RunOptions } from './types.ts';
import { dir } from 'tmp-promise';

export interface CaseSpec {
  name: string;
  image: string;
}

export async function runCase(spec: CaseSpec, opts: RunOptions): Promise<CaseResult> {
  const work = await dir({ unsafeCleanup: true, prefix: 's2diff-' });
  try {
    const [q, m] = await Promise.allSettled([
      runQemu(spec.image, opts, { workDir: work.path }),
      runModel(spec.image, opts),
    ]);
    // A side that could not run at all: missing tool or bad image -> the whole run is exit 2.
    for (const r of [q, m]) {
      if (r.status === 'rejected' && r.reason instanceof UsageError) throw r.reason;
    }
    if (q.status === 'rejected' || m.status === 'rejected') {
      const why = [q, m].map((r, i) => (r.status === 'rejected' ? `${i === 0 ? 'qemu' : 'model'}: ${String((r.reason as Error)?.stack ?? r.reason)}` : ''))
        .filter(Boolean).join('\n');
      return { name: spec.name, image: spec.image, verdict: 'error', divergences: [], error: why };
    }
    const { verdict, divergences, qemuDeviations } = compareSides(q.value, m.value);
    return {
      name: spec.name, image: spec.image, verdict, qemu: q.value, model: m.value, divergences,
      ...(qemuDeviations.length > 0 ? { qemuDeviations } : {}),
    };
  } finally {
    await work.cleanup();
  }
}
