// s2diff risu: random instruction streams (generate.ts) through scenarios/random-stream on
// both sides, stopping at the first stream whose state differs. Two modes:
// - lockstep: every instruction's state compared (QEMU single-stepped, ~14,000 instructions/s);
// - signature (the CLI's default): both sides run freely and compare a CRC of the whole state
//   after every item (signature.ts); a stream that differs is run again in lockstep, which names
//   the first differing instruction. Hundreds of times faster, as strong for the items' results.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newFpStats, sumFpStats, type FpStats } from '../../emulator/fp-stats.ts';
import { formatCaseLine } from '../report.ts';
import { formatLockstep, LOCKSTEP_FOLLOWED, runLockstep, type LockstepOptions, type LockstepResult } from '../lockstep.ts';
import { runCase } from '../run-case.ts';
import { buildScenarios } from '../scenarios.ts';
import type { CaseResult, RunOptions } from '../types.ts';
import { CLASSES, encodeStream, generateStream, STREAM_BLOB, usesVectorState, type StreamClass } from './generate.ts';
import { layoutFor } from './signature.ts';

export type RisuMode = 'lockstep' | 'signature';

export interface RisuArgs {
  seed: number;
  /** Random instructions in total, split into streams of `perStream`. */
  instructions: number;
  perStream?: number;
  classes?: readonly StreamClass[];
  opts: RunOptions;
  workDir: string;
  log: (line: string) => void;
  /** Lockstep unless told (the tests' per-instruction proof); the CLI defaults to signature. */
  mode?: RisuMode;
  /** Test hooks: a free run other than runCase, a model bug planted in lockstep. */
  runFree?: typeof runCase;
  patchModel?: LockstepOptions['patchModel'];
}

export interface RisuReport {
  instructions: number;
  streams: number;
  counts: Record<StreamClass, number>;
  /** Instructions both sides executed in lockstep (set-up and checkpoints included). */
  lockstepInstructions: number;
  /** Signature mode: instructions the model executed in the free runs (set-up and folds included). */
  freeInstructions: number;
  /** Signature mode: what the FP/SIMD instructions met, from the model (emulator/fp-stats.ts). */
  fpStats?: FpStats;
  /** Signature mode: how often the model imitated each QEMU deviation lockstep follows too. */
  imitated: Record<string, number>;
  /** The stream that differed: the lockstep result naming its instruction when lockstep found one. */
  divergence?: { seed: number; stream: number; text: string; result?: LockstepResult; freeRun?: CaseResult };
}

export async function runRisu(a: RisuArgs): Promise<RisuReport> {
  const [image] = await buildScenarios(['random-stream']);
  const per = a.perStream ?? 50_000;
  const mode = a.mode ?? 'lockstep';
  const vector = usesVectorState(a.classes ?? CLASSES);
  const rep: RisuReport = {
    instructions: 0, streams: 0, counts: Object.fromEntries(CLASSES.map((c) => [c, 0])) as Record<StreamClass, number>,
    lockstepInstructions: 0, freeInstructions: 0, imitated: {}, ...(mode === 'signature' ? { fpStats: newFpStats() } : {}),
  };
  for (let k = 0; rep.instructions < a.instructions; k++) {
    const seed = a.seed + k;
    const s = generateStream(seed, Math.min(per, a.instructions - rep.instructions), a.classes, layoutFor(mode, vector));
    const work = mkdtempSync(join(a.workDir, `stream-${seed}-`));
    const file = join(work, 'stream.bin');
    writeFileSync(file, encodeStream(s));
    const opts: RunOptions = { ...a.opts, loads: [{ file, addr: STREAM_BLOB }] };
    rep.streams++;
    for (const c of CLASSES) rep.counts[c] += s.counts[c];
    const n = Object.values(s.counts).reduce((x, y) => x + y, 0);
    rep.instructions += n;
    if (mode === 'signature') {
      rep.divergence = await signatureStream(a, image, opts, { seed, stream: k, n, work, vector }, rep);
      if (rep.divergence) break;
      continue;
    }
    const r = await runLockstep(image, { opts, workDir: work, vector, patchModel: a.patchModel });
    rep.lockstepInstructions += r.instructions;
    a.log(`risu: stream seed ${seed}: ${n} random instructions, ${r.instructions} in lockstep, ${r.divergence ? 'DIVERGED' : r.end}`);
    if (r.divergence || r.end !== 'both-ended') {
      rep.divergence = { seed, stream: k, text: formatLockstep(r, `risu seed ${seed}`), result: r };
      break;
    }
  }
  return rep;
}

/**
 * One signature stream: both sides run freely (following the QEMU deviations lockstep follows,
 * so both modes agree on the same streams); a stream that differs runs again in lockstep, which
 * names the instruction. Adds the run's figures to `rep`; the divergence, if any.
 */
async function signatureStream(a: RisuArgs, image: string, opts: RunOptions,
  st: { seed: number; stream: number; n: number; work: string; vector: boolean }, rep: RisuReport): Promise<RisuReport['divergence']> {
  const followQemu = [...new Set([...(opts.followQemu ?? []), ...LOCKSTEP_FOLLOWED])];
  const free = await (a.runFree ?? runCase)({ name: `risu-${st.seed}`, image }, { ...opts, followQemu, fpStats: true });
  rep.freeInstructions += free.model?.instructions ?? 0;
  if (free.model?.fpStats) rep.fpStats = sumFpStats([rep.fpStats!, free.model.fpStats]);
  for (const [id, count] of Object.entries(free.qemuImitated ?? {})) rep.imitated[id] = (rep.imitated[id] ?? 0) + count;
  a.log(`risu: stream seed ${st.seed}: ${st.n} random instructions, ${free.model?.instructions ?? 0} run freely, ${free.verdict}`);
  if (free.verdict === 'match' || free.verdict === 'known') return undefined;
  a.log(`risu: stream seed ${st.seed} differs; running it in lockstep to find the instruction`);
  const r = await runLockstep(image, { opts, workDir: st.work, vector: st.vector, patchModel: a.patchModel });
  rep.lockstepInstructions += r.instructions;
  const named = r.divergence !== undefined || r.end !== 'both-ended';
  return {
    seed: st.seed, stream: st.stream, freeRun: free, ...(named ? { result: r } : {}),
    text: [formatCaseLine(free), ...(named ? [formatLockstep(r, `risu seed ${st.seed}`)]
      : ['  (in lockstep the stream agreed: the free runs differ in something lockstep does not compare)'])].join('\n'),
  };
}
