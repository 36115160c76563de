// s2diff fuzz --its: batches of random ITS sequences (sequence.ts) through scenarios/fuzz-its
// on both sides, compared sequence by sequence; the first sequence that differs is shrunk
// (one step left out at a time, every candidate of a round in the same boot) and written to
// a repro folder with its seed, so `--seed N --runs M` draws the same sequences again.

import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { dir } from 'tmp-promise';
import type { Machine } from '../../emulator/machine.ts';
import { buildScenarios } from '../scenarios.ts';
import type { RunOptions } from '../types.ts';
import { formatItsSequence, judgeItsSequence, runItsBatch, type ItsBatchEnv, type ItsBatchRun, type ItsFailure } from './batch.ts';
import { sequenceArb, type ItsSequence } from './sequence.ts';

export const DEFAULT_ITS_RUNS = 1000;

export interface ItsFuzzArgs {
  runs: number;
  timeBudgetMs?: number;
  seed?: number;
  batchSize: number;
  opts: RunOptions;
  outDir: string;
  image?: string;
  patchModel?: (m: Machine) => void;
  log: (line: string) => void;
}

export interface ItsFuzzFailure { seed: number; index: number; summary: string; readable: string; originalSteps: number; steps: number; reproDir: string }

export interface ItsFuzzReport { runs: number; steps: number; durationMs: number; sequencesPerSecond: number; seed: number; batches: number; failures: ItsFuzzFailure[] }

const describeFailure = (f: ItsFailure): string =>
  f.qemu === undefined && f.model === undefined ? 'no output' : `output line ${f.line + 1}: QEMU "${f.qemu ?? '(none)'}", the model "${f.model ?? '(none)'}"`;

/** Leaves steps out while the sequence still differs; each round's candidates share one boot. */
async function shrink(seq: ItsSequence, env: ItsBatchEnv, log: (l: string) => void): Promise<{ seq: ItsSequence; failure: ItsFailure; run: ItsBatchRun; id: number }> {
  let cur = seq, run = await runItsBatch([cur], env, 'shrink-0'), id = 0;
  let failure = judgeItsSequence(0, run)!;
  for (let round = 1; cur.steps.length > 1; round++) {
    const candidates = cur.steps.map((_, i) => ({ steps: cur.steps.filter((__, j) => j !== i) }));
    const r = await runItsBatch(candidates, env, `shrink-${round}`);
    const k = candidates.findIndex((_, i) => judgeItsSequence(i, r) !== undefined);
    if (k < 0) break;
    [cur, run, id, failure] = [candidates[k]!, r, k, judgeItsSequence(k, r)!];
    log(`fuzz --its: shrunk to ${cur.steps.length} steps`);
  }
  return { seq: cur, failure, run, id };
}

export async function runFuzzIts(a: ItsFuzzArgs): Promise<ItsFuzzReport> {
  const seed = a.seed ?? Math.floor(Math.random() * 2 ** 31);
  const image = a.image ?? (await buildScenarios(['fuzz-its']))[0]!;
  const work = await dir({ unsafeCleanup: true, prefix: 's2diff-fuzz-its-' });
  const env: ItsBatchEnv = { image, workDir: work.path, opts: a.opts, patchModel: a.patchModel };
  const start = Date.now();
  const failures: ItsFuzzFailure[] = [];
  let runs = 0, steps = 0, batches = 0;
  try {
    while (runs < a.runs && failures.length === 0 && (a.timeBudgetMs === undefined || Date.now() - start < a.timeBudgetMs)) {
      const n = Math.min(a.batchSize, a.runs - runs);
      const seqs = fc.sample(sequenceArb(), { seed, path: String(runs), numRuns: n });
      const run = await runItsBatch(seqs, env, `batch-${batches}`);
      batches++;
      const bad = seqs.findIndex((_, i) => judgeItsSequence(i, run) !== undefined);
      const done = bad < 0 ? n : bad + 1;
      runs += done;
      steps += seqs.slice(0, done).reduce((t, s) => t + s.steps.length, 0);
      a.log(`fuzz --its: ${runs} sequences, seed ${seed}${bad >= 0 ? ', a difference: shrinking' : ''}`);
      if (bad < 0) continue;
      const s = await shrink(seqs[bad]!, env, a.log);
      const reproDir = resolve(a.outDir, `fuzz-its-${seed}-${runs - 1}`);
      await mkdir(reproDir, { recursive: true });
      const readable = formatItsSequence(s.seq, s.id, s.run);
      await writeFile(join(reproDir, 'sequence.txt'), `${describeFailure(s.failure)}\n${readable}\n`);
      await copyFile(join(work.path, `batch-${batches - 1}.bin`), join(reproDir, 'batch.bin'));
      await writeFile(join(reproDir, 'sequence.json'), JSON.stringify(s.seq, (_, v) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v), 2) + '\n');
      failures.push({ seed, index: runs - 1, summary: describeFailure(s.failure), readable, originalSteps: seqs[bad]!.steps.length, steps: s.seq.steps.length, reproDir });
    }
  } finally {
    await work.cleanup();
  }
  const durationMs = Date.now() - start;
  return { runs, steps, durationMs, sequencesPerSecond: runs / Math.max(durationMs / 1000, 1e-3), seed, batches, failures };
}

export function formatItsFuzzReport(r: ItsFuzzReport): string {
  const head = `fuzz --its: ${r.runs} sequences (${r.steps} steps) in ${r.batches} boots, ${(r.durationMs / 1000).toFixed(1)} s ` +
    `(${r.sequencesPerSecond.toFixed(1)} sequences/s), seed ${r.seed}: ${r.failures.length === 0 ? 'QEMU and the model agree on every one' : 'a difference'}`;
  return [head, ...r.failures.map((f) => `sequence ${f.index} (shrunk from ${f.originalSteps} steps to ${f.steps}): ${f.summary}\n${f.readable}\nrepro: ${f.reproDir}`)].join('\n');
}
