// One case end to end: run the image on QEMU and on the model at the same time, compare,
// and turn the outcome into a verdict. Anything that stops a case from being run at all
// (missing QEMU, malformed image) surfaces as UsageError (exit code 2).

import { caseOptions } from './case-options.ts';
import { compareSides, INTERLEAVING_NOT_COMPARED } from './compare.ts';
import { UsageError } from './errors.ts';
import { runModel, type ModelProgress } from './model-runner.ts';
import { verdictWithImitations } from './follow-qemu.ts';
import { runQemu } from './qemu-runner.ts';
import type { CaseResult, RunOptions, SideResult } from './types.ts';
import { dir } from 'tmp-promise';

export interface CaseSpec {
  name: string;
  image: string;
  /** Per-case options over the run's (kvm-unit-tests: -append, -m, timeout). */
  opts?: Partial<RunOptions>;
  /** Set when the case cannot run here: verdict `skip` with this reason. */
  skip?: string;
}

/**
 * A side that crashed (QEMU killed by a signal or exiting with an error, the model throwing)
 * or a UART flood on both sides means the case could not be compared: verdict `error`, with
 * what happened (the model's stack) and what to do. Everything measured stays in the result.
 */
function runFailure(q: SideResult, m: SideResult, opts: RunOptions): string | undefined {
  const why: string[] = [];
  if (q.end === 'crash') why.push(`QEMU crashed: ${q.detail ?? 'no detail'}`);
  if (m.end === 'crash') why.push(`the model failed (a model bug or an instruction it does not implement): ${m.detail ?? 'no detail'}`);
  if (q.end === 'uart-cap' && m.end === 'uart-cap') {
    why.push(`UART flood: both sides printed more than ${opts.uartCapBytes} bytes and were stopped; ` +
      'fix the image (a print loop?) or raise the cap with --uart-cap');
  }
  return why.length > 0 ? why.join('\n') : undefined;
}

export async function runCase(spec: CaseSpec, opts: RunOptions, onModelProgress?: (p: ModelProgress) => void): Promise<CaseResult> {
  const work = await dir({ unsafeCleanup: true, prefix: 's2diff-' });
  try {
    const [q, m] = await Promise.allSettled([
      runQemu(spec.image, opts, { workDir: work.path }),
      runModel(spec.image, opts, onModelProgress),
    ]);
    // A side that could not run at all: missing tool or bad image -> the whole run is exit 2.
    for (const r of [q, m]) {
      if (r.status === 'rejected' && r.reason instanceof UsageError) throw r.reason;
    }
    if (q.status === 'rejected' || m.status === 'rejected') {
      const why = [q, m].map((r, i) => (r.status === 'rejected' ? `${i === 0 ? 'qemu' : 'model'}: ${String((r.reason as Error)?.stack ?? r.reason)}` : ''))
        .filter(Boolean).join('\n');
      return { name: spec.name, image: spec.image, verdict: 'error', divergences: [], error: why, options: caseOptions(opts) };
    }
    const unordered = (opts.smp ?? 1) > 1 && opts.icount === undefined;
    const { verdict, divergences, qemuDeviations } = compareSides(q.value, m.value, unordered ? opts.smp : undefined);
    const imitated = m.value.qemuImitations;
    const result: CaseResult = {
      name: spec.name, image: spec.image, verdict: verdictWithImitations(verdict, imitated), qemu: q.value, model: m.value, divergences,
      options: caseOptions(opts),
      ...(qemuDeviations.length > 0 ? { qemuDeviations } : {}),
      ...(imitated ? { qemuImitated: imitated } : {}),
      ...(unordered ? { notCompared: [INTERLEAVING_NOT_COMPARED] } : {}),
    };
    const failure = runFailure(q.value, m.value, opts);
    return failure ? { ...result, verdict: 'error', error: failure } : result;
  } finally {
    await work.cleanup();
  }
}
