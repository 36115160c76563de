// The engine the case-batch fuzzers share (s2diff fuzz --traps, --timers): cases drawn with
// fast-check from a seed, a batch encoded into a blob the fuzz image reads at 0x46000000, one
// boot per side, each side's UART line per case compared (the line starts with the case index in
// hex); the first case that differs is shrunk (every simpler candidate of a round in one boot,
// the first still differing kept) and reported with both sides' lines.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { runModelImage } from '../emulator/index.ts';
import type { Machine } from '../emulator/machine.ts';
import type { QemuDeviationId } from '../emulator/qemu-deviation-ids.ts';
import { modelConfig } from './model-config.ts';
import { runQemu } from './qemu-runner.ts';
import { buildScenarios } from './scenarios.ts';
import type { RunOptions } from './types.ts';

export const FUZZ_BLOB = 0x4600_0000;

export interface BatchEnv {
  opts: RunOptions;
  workDir: string;
  patchModel?: (m: Machine) => void;
}

export interface BatchFuzzer<C> {
  /** The fuzz image (a scenario with "suite": false) and its command line name. */
  image: string;
  name: string;
  arb: fc.Arbitrary<C>;
  encode: (cases: readonly C[]) => Buffer;
  /** Simpler variants of a case, for shrinking. */
  simpler: (c: C) => C[];
  format: (c: C) => string;
  /** A side's line for a case (after its index) as the report shows it; as printed when absent. */
  formatLine?: (rest: string) => string;
  /** Options every batch runs with (deviations to follow, icount ...). */
  opts?: Partial<RunOptions>;
}

export interface BatchOutcome {
  qemu: Map<number, string>;
  model: Map<number, string>;
  imitated: Partial<Record<QemuDeviationId, number>>;
}

/** "<index hex> <rest>" lines by index, the rest through `formatLine`. */
function linesByCase(uart: string, formatLine: (rest: string) => string = (r) => r): Map<number, string> {
  const m = new Map<number, string>();
  for (const line of uart.split('\n')) {
    const f = /^([0-9a-f]+) (.+)$/.exec(line.trim());
    if (f) m.set(parseInt(f[1], 16), formatLine(f[2]));
  }
  return m;
}

/** One boot per side; throws when a side did not run the batch to its end. */
export async function runBatch<C>(f: BatchFuzzer<C>, cases: readonly C[], env: BatchEnv, tag = 'batch'): Promise<BatchOutcome> {
  const [image] = await buildScenarios([f.image]);
  const file = join(env.workDir, `${tag}.bin`);
  await writeFile(file, f.encode(cases));
  const opts: RunOptions = { ...env.opts, ...f.opts, followQemu: [...(env.opts.followQemu ?? []), ...(f.opts?.followQemu ?? [])],
    loads: [{ file, addr: FUZZ_BLOB }], timeoutSec: Math.max(env.opts.timeoutSec, 120), uartCapBytes: Math.max(env.opts.uartCapBytes, 16 << 20) };
  const qemuP = runQemu(image!, opts, { workDir: env.workDir });
  const model = runModelImage(image!, await modelConfig(image!, opts), env.patchModel);
  const qemu = await qemuP;
  for (const [name, side] of [['QEMU', qemu], ['the model', model]] as const) {
    if (side.end !== 'poweroff' || !side.uart.includes('DONE ')) {
      throw new Error(`fuzz ${f.name}: ${name} did not finish the batch (${side.end}${side.detail ? `: ${String(side.detail).split('\n')[0]}` : ''}); blob ${file}`);
    }
  }
  return { qemu: linesByCase(qemu.uart, f.formatLine), model: linesByCase(model.uart, f.formatLine), imitated: model.qemuImitations ?? {} };
}

export const differs = (o: BatchOutcome, i: number): boolean => o.qemu.get(i) !== o.model.get(i);

/** Replaces the case with its first simpler variant that still differs, while one does. */
export async function shrinkCase<C>(f: BatchFuzzer<C>, c: C, env: BatchEnv): Promise<C> {
  let cur = c;
  for (let round = 0; round < 200; round++) {
    const cands = f.simpler(cur);
    if (cands.length === 0) break;
    const o = await runBatch(f, cands, env, `shrink-${round}`);
    const i = cands.findIndex((_, k) => differs(o, k));
    if (i < 0) break;
    cur = cands[i]!;
  }
  return cur;
}

export interface BatchFailure<C> { seed: number; index: number; original: C; shrunk: C; qemu: string; model: string; text: string }

export interface BatchFuzzReport<C> {
  runs: number;
  durationMs: number;
  seed: number;
  failure?: BatchFailure<C>;
  /** Imitations of the followed deviations over the batches run. */
  imitated: Partial<Record<QemuDeviationId, number>>;
}

export interface FuzzRun { runs: number; seed: number; timeBudgetMs?: number; batch?: number; env: BatchEnv; log: (s: string) => void }

/** Batches from seed, seed + 1, ... until `runs` cases agreed, the time budget ran out, or a case differed. */
export async function fuzzInBatches<C>(f: BatchFuzzer<C>, a: FuzzRun, describe: (c: C, o: BatchOutcome) => Promise<string> | string):
  Promise<BatchFuzzReport<C>> {
  const t0 = performance.now();
  const imitated: Partial<Record<QemuDeviationId, number>> = {};
  let done = 0;
  for (let batch = 0; done < a.runs && (a.timeBudgetMs === undefined || performance.now() - t0 < a.timeBudgetMs); batch++) {
    const n = Math.min(a.batch ?? 2000, a.runs - done);
    const cases = fc.sample(f.arb, { seed: a.seed + batch, numRuns: n });
    const o = await runBatch(f, cases, a.env, `batch-${batch}`);
    for (const [id, k] of Object.entries(o.imitated) as [QemuDeviationId, number][]) imitated[id] = (imitated[id] ?? 0) + k;
    const bad = cases.findIndex((_, i) => differs(o, i));
    if (bad >= 0) {
      const shrunk = await shrinkCase(f, cases[bad]!, a.env);
      const s = await runBatch(f, [shrunk], a.env, 'shrunk');
      const qemu = s.qemu.get(0) ?? '(none)', model = s.model.get(0) ?? '(none)';
      const text = `case ${done + bad} (seed ${a.seed + batch}, index ${bad}) differs; shrunk to:\n  ${f.format(shrunk)}\n  ` +
        `${await describe(shrunk, s)}QEMU:  ${qemu}\n  model: ${model}\n  original: ${f.format(cases[bad]!)}`;
      a.log(text);
      return { runs: done + bad + 1, durationMs: Math.round(performance.now() - t0), seed: a.seed, imitated,
        failure: { seed: a.seed + batch, index: bad, original: cases[bad]!, shrunk, qemu, model, text } };
    }
    done += n;
    a.log(`fuzz ${f.name}: ${done}/${a.runs} cases agree`);
  }
  return { runs: done, durationMs: Math.round(performance.now() - t0), seed: a.seed, imitated };
}

export function formatBatchFuzzReport<C>(name: string, r: BatchFuzzReport<C>): string {
  const imitated = Object.entries(r.imitated).map(([id, n]) => `${id} ${n}x`).join(', ');
  const head = `fuzz ${name}: ${r.runs} cases (seed ${r.seed}) in ${(r.durationMs / 1000).toFixed(1)} s` +
    (imitated ? ` (the model imitated catalogued QEMU deviations: ${imitated})` : '');
  return r.failure ? `${head}: a case differs\n${r.failure.text}\n  replay: s2diff fuzz ${name} --seed ${r.seed} --runs ${r.runs}` : `${head}: QEMU and the model agree on every case`;
}
