// s2diff fuzz --mmu: batches of fast-check command sequences (fc.commands) through the
// stateful MMU fuzz image on both sides, each sequence judged against the architecture's
// oracle; the first failing sequence is shrunk (batched delta debugging over its commands:
// every candidate of a round runs in the same boot, so a round costs one boot) and reported
// with its seed and path (replayable with --seed/--path).

import { mkdir, writeFile, copyFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { dir } from 'tmp-promise';
import type { Machine } from '../../emulator/machine.ts';
import { formatCommand } from '../qemu-command.ts';
import { buildScenarios } from '../scenarios.ts';
import type { RunOptions } from '../types.ts';
import { buildSequence, sequenceArb, type MmuCommand, type Sequence } from './commands.ts';
import { formatSequence, judgeSequence, runMmuBatch, type MmuBatchEnv, type SeqFailure } from './batch.ts';

/** The default budget of s2diff fuzz --mmu (sequences), the one its planted-bug tests use. */
export const DEFAULT_MMU_RUNS = 3000;

export interface MmuFuzzArgs {
  runs: number;
  timeBudgetMs?: number;
  seed?: number;
  path?: string;
  batchSize: number;
  /** Commands per sequence at most (fc.commands maxCommands). */
  maxCommands?: number;
  opts: RunOptions;
  outDir: string;
  image?: string;
  patchModel?: (m: Machine) => void;
  log: (line: string) => void;
}

export interface MmuFuzzFailure {
  seed: number;
  path: string;
  summary: string;
  failure: SeqFailure;
  /** The shrunk sequence's fuzzed steps, and all of it readable. */
  steps: string[];
  readable: string;
  originalSteps: number;
  reproDir: string;
}

export interface MmuFuzzReport {
  runs: number;
  durationMs: number;
  sequencesPerSecond: number;
  commands: number;
  seed: number;
  batches: number;
  failures: MmuFuzzFailure[];
}

const sample = (seed: number, start: number, n: number, max?: number): MmuCommand[][] =>
  fc.sample(sequenceArb(max), { seed, path: String(start), numRuns: n }).map((it) => [...it]);

/** Runs sequences in one boot; the index of each that fails (real failures only). */
async function failing(cands: MmuCommand[][], env: MmuBatchEnv, tag: string): Promise<(SeqFailure | undefined)[]> {
  const seqs = cands.map((c) => buildSequence(c));
  const run = await runMmuBatch(seqs, env, tag);
  return seqs.map((s, i) => judgeSequence(s, i, run));
}

/** Batched delta debugging: drop chunks (halves, quarters, ... single commands) while it still fails. */
async function shrink(steps: MmuCommand[], env: MmuBatchEnv, log: (l: string) => void): Promise<MmuCommand[]> {
  let cur = steps, rounds = 0;
  for (let chunk = Math.max(1, Math.floor(cur.length / 2)); chunk >= 1;) {
    const cands: MmuCommand[][] = [];
    for (let i = 0; i < cur.length; i += chunk) cands.push([...cur.slice(0, i), ...cur.slice(i + chunk)]);
    const res = await failing(cands, env, `shrink${rounds++}`);
    const k = res.findIndex((f) => f !== undefined);
    if (k >= 0) { cur = cands[k]; chunk = Math.min(chunk, Math.max(1, Math.floor(cur.length / 2))); continue; }
    if (chunk === 1) break;
    chunk = Math.floor(chunk / 2);
  }
  log(`  shrinking: ${rounds} round(s) (one boot each), ${steps.length} -> ${cur.length} command(s)`);
  return cur;
}

export async function runFuzzMmu(a: MmuFuzzArgs): Promise<MmuFuzzReport> {
  const image = a.image ?? (await buildScenarios(['fuzz-mmu']))[0];
  const seed = a.seed ?? (Date.now() ^ (Math.random() * 2 ** 31)) >>> 0;
  const work = await dir({ unsafeCleanup: true, prefix: 's2diff-fuzz-mmu-' });
  const env: MmuBatchEnv = { image, workDir: work.path, opts: a.opts, patchModel: a.patchModel };
  const t0 = performance.now();
  const rep: MmuFuzzReport = { runs: 0, durationMs: 0, sequencesPerSecond: 0, commands: 0, seed, batches: 0, failures: [] };
  try {
    let bad: { path: string; steps: MmuCommand[]; failure: SeqFailure } | undefined;
    if (a.path !== undefined) {
      const steps = sample(seed, Number(a.path), 1, a.maxCommands)[0];
      const [f] = await failing([steps], env, 'replay');
      rep.runs = 1;
      if (f) bad = { path: a.path, steps, failure: f };
    }
    while (!bad && a.path === undefined && rep.runs < a.runs && (a.timeBudgetMs === undefined || performance.now() - t0 < a.timeBudgetMs)) {
      const n = Math.min(a.batchSize, a.runs - rep.runs);
      const cands = sample(seed, rep.runs, n, a.maxCommands);
      const seqs = cands.map((c) => buildSequence(c));
      const run = await runMmuBatch(seqs, env, `batch${rep.batches++}`);
      let first = -1;
      for (let i = 0; i < seqs.length && first < 0; i++) {
        const f = judgeSequence(seqs[i], i, run);
        if (f) { first = i; bad = { path: String(rep.runs + i), steps: cands[i], failure: f }; }
      }
      const done = first >= 0 ? first + 1 : n;
      rep.runs += done;
      rep.commands += seqs.slice(0, done).reduce((s, q) => s + q.cmds.length, 0);
      a.log(`fuzz --mmu: ${rep.runs}${a.timeBudgetMs === undefined ? `/${a.runs}` : ''} sequences, ` +
        `${Math.round(rep.runs / ((performance.now() - t0) / 1000))}/s, seed ${seed}`);
    }
    const elapsed = performance.now() - t0;
    rep.sequencesPerSecond = Math.round((rep.runs / elapsed) * 1000 * 10) / 10;
    if (bad) {
      a.log(`fuzz --mmu: sequence at path ${bad.path} failed: ${bad.failure.reason}; shrinking...`);
      const steps = await shrink(bad.steps, env, a.log);
      const seq: Sequence = buildSequence(steps);
      const run = await runMmuBatch([seq], env, 'final');
      const failure = judgeSequence(seq, 0, run) ?? { ...bad.failure, reason: `${bad.failure.reason} (does not fail alone)` };
      const readable = formatSequence(seq, 0, run, failure);
      const folder = resolve(a.outDir, `fuzz-mmu-seed${seed}-path${bad.path}`);
      await mkdir(folder, { recursive: true });
      await copyFile(image, join(folder, 'fuzz-mmu.elf'));
      await copyFile(run.blobFile, join(folder, 'blob.bin'));
      await writeFile(join(folder, 'sequence.txt'), readable + '\n');
      await writeFile(join(folder, 'commands.txt'), ['# QEMU', formatCommand(run.qemuArgv.map((x) => x.replace(run.blobFile, join(folder, 'blob.bin')))), '',
        '# the model, with --strict', `npx s2diff model ${join(folder, 'fuzz-mmu.elf')} -m 256 --strict --load ${join(folder, 'blob.bin')}@0x46000000`, '',
        '# shrink again from the generator', `npx s2diff fuzz --mmu --seed ${seed} --path ${bad.path}`, ''].join('\n'));
      rep.failures.push({
        seed, path: bad.path, failure, steps: seq.steps, readable, originalSteps: bad.steps.length, reproDir: folder,
        summary: `${failure.reason}${failure.cmd !== undefined ? ` at command ${failure.cmd}` : ''}: QEMU ${failure.qemu ?? '-'}, model ${failure.model ?? '-'}` +
          `${failure.expected ? `, expected ${failure.expected}` : ''}`,
      });
    }
    rep.durationMs = Math.round(performance.now() - t0);
    return rep;
  } finally {
    await work.cleanup();
  }
}

export function formatMmuFuzzReport(r: MmuFuzzReport): string {
  const out = [`fuzz --mmu: ${r.runs} sequence(s), ${r.commands} image commands, ${r.sequencesPerSecond} sequences/s (both sides, ` +
    `the model with --strict), seed ${r.seed}, ${(r.durationMs / 1000).toFixed(1)} s in all`];
  for (const f of r.failures) {
    out.push('', `FAILURE (seed ${f.seed}, path ${f.path}, shrunk from ${f.originalSteps} to ${f.steps.length} command(s)): ${f.summary}`, f.readable,
      `replay: npx s2diff fuzz --mmu --seed ${f.seed} --path ${f.path}`, `repro folder: ${f.reproDir}`);
  }
  if (r.failures.length === 0) out.push('no failure');
  return out.join('\n');
}
