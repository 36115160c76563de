// `s2diff fuzz`: fast-check fuzzing of stage-2 mappings on both sides (harness/fuzz/), the
// report on stdout and, with --json / --junit, in files.

import { writeFileSync } from 'node:fs';
import { UsageError } from '../errors.ts';
import { formatFuzzReport, fuzzJUnit, runFuzz } from '../fuzz/fuzz.ts';
import { DEFAULT_MMU_RUNS, formatMmuFuzzReport, runFuzzMmu } from '../fuzz-mmu/fuzz.ts';
import { DEFAULT_ITS_RUNS, formatItsFuzzReport, runFuzzIts } from '../fuzz-its/fuzz.ts';
import { dir } from 'tmp-promise';
import { DEFAULT_TRAP_RUNS, formatTrapFuzzReport, fuzzTraps } from '../fuzz-traps/run.ts';
import { DEFAULT_TIMER_RUNS, fuzzTimers } from '../fuzz-timers/run.ts';
import { formatBatchFuzzReport } from '../fuzz-batch.ts';
import type { RunOptions } from '../types.ts';

export interface FuzzArgs {
  cpu: RunOptions['cpu'];
  runs: number;
  /** True when --runs was given (with --time-budget alone the runs are unlimited). */
  runsGiven: boolean;
  timeBudget?: string;
  seed?: number;
  path?: string;
  batch: number;
  json?: string;
  junit?: string;
  out: string;
  quiet?: boolean;
  /** --mmu: the stateful MMU fuzzer (harness/fuzz-mmu) instead of the stage-2 case fuzzer. */
  mmu?: boolean;
  /** --its: random ITS command sequences (harness/fuzz-its). */
  its?: boolean;
  /** --traps: trap configurations x EL1/EL0 instructions (harness/fuzz-traps). */
  traps?: boolean;
  /** --timers: timer and interrupt cases under -icount (harness/fuzz-timers). */
  timers?: boolean;
}

function parseDuration(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(s.trim());
  if (!m) throw new UsageError(`--time-budget ${s}: expected a duration such as 90s, 10m or 1h`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
}

/** `options` is called after the arguments are checked: it may run the ID probe on QEMU. */
export async function fuzzCommand(a: FuzzArgs, options: () => Promise<RunOptions>): Promise<number> {
  if (a.cpu !== 'max') throw new UsageError('s2diff fuzz needs --cpu max (its oracle assumes FEAT_XNX, FEAT_TTST and FEAT_LPA)');
  if (!Number.isInteger(a.runs) || a.runs < 1) throw new UsageError(`--runs ${a.runs}: must be a positive integer`);
  if (!Number.isInteger(a.batch) || a.batch < 1 || a.batch > 5000) throw new UsageError(`--batch ${a.batch}: must be 1..5000`);
  if (a.path !== undefined && a.seed === undefined) throw new UsageError('--path needs the --seed it came from');
  if (a.path !== undefined && !/^\d+(:\d+)*$/.test(a.path)) throw new UsageError(`--path ${a.path}: expected a fast-check path such as 42:0:3`);
  const budget = a.timeBudget !== undefined ? parseDuration(a.timeBudget) : undefined;
  const live = process.stderr.isTTY && !process.env.CI && a.quiet !== true;
  if ([a.mmu, a.its, a.traps, a.timers].filter(Boolean).length > 1) throw new UsageError('--mmu, --its, --traps and --timers are separate fuzzers: name one');
  if (a.traps) return fuzzTrapsCommand(a, budget, await options());
  if (a.timers) return fuzzTimersCommand(a, budget, await options());
  if (a.mmu) return fuzzMmuCommand(a, budget, await options());
  if (a.its) return fuzzItsCommand(a, budget, await options());
  const r = await runFuzz({
    runs: budget !== undefined && !a.runsGiven ? Number.MAX_SAFE_INTEGER : a.runs,
    timeBudgetMs: budget, seed: a.seed, path: a.path, batchSize: a.batch, opts: await options(), outDir: a.out,
    log: (l) => { if (live) process.stderr.write('\r\x1b[K'); process.stderr.write(l + '\n'); },
    live: live ? (l) => process.stderr.write(`\r\x1b[K${l}`) : undefined,
  });
  if (live) process.stderr.write('\r\x1b[K');
  process.stdout.write(formatFuzzReport(r) + '\n');
  if (a.json) {
    const failures = r.failures.map((f) => ({ seed: f.seed, path: f.path, summary: f.summary, mappings: f.mappings, probes: f.probes,
      shrunk: f.shrunk, reproDir: f.reproDir, case: f.case, readable: f.readable }));
    writeFileSync(a.json, JSON.stringify({ ...r, failures }, null, 2) + '\n');
  }
  if (a.junit) writeFileSync(a.junit, fuzzJUnit(r));
  return r.failures.length > 0 ? 1 : 0;
}

/** s2diff fuzz --traps: cases in batches of 2,000 per boot; the report on stdout, --json in a file. */
async function fuzzTrapsCommand(a: FuzzArgs, budget: number | undefined, opts: RunOptions): Promise<number> {
  if (a.path !== undefined) throw new UsageError('fuzz --traps replays by --seed and --runs, not --path');
  const work = await dir({ unsafeCleanup: true, prefix: 's2diff-fuzz-traps-' });
  try {
    const r = await fuzzTraps({
      runs: a.runsGiven ? a.runs : budget !== undefined ? Number.MAX_SAFE_INTEGER : DEFAULT_TRAP_RUNS, timeBudgetMs: budget,
      seed: a.seed ?? Math.floor(Math.random() * 2 ** 31), env: { opts, workDir: work.path }, log: (l) => process.stderr.write(l + '\n'),
    });
    process.stdout.write(formatTrapFuzzReport(r) + '\n');
    if (a.json) writeFileSync(a.json, JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v), 2) + '\n');
    return r.failure ? 1 : 0;
  } finally {
    await work.cleanup();
  }
}

/** s2diff fuzz --timers: cases in batches of 500 per boot; the report on stdout, --json in a file. */
async function fuzzTimersCommand(a: FuzzArgs, budget: number | undefined, opts: RunOptions): Promise<number> {
  if (a.path !== undefined) throw new UsageError('fuzz --timers replays by --seed and --runs, not --path');
  const work = await dir({ unsafeCleanup: true, prefix: 's2diff-fuzz-timers-' });
  try {
    const r = await fuzzTimers({
      runs: a.runsGiven ? a.runs : budget !== undefined ? Number.MAX_SAFE_INTEGER : DEFAULT_TIMER_RUNS, timeBudgetMs: budget,
      seed: a.seed ?? Math.floor(Math.random() * 2 ** 31), env: { opts, workDir: work.path }, log: (l) => process.stderr.write(l + '\n'),
    });
    process.stdout.write(formatBatchFuzzReport('--timers', r) + '\n');
    if (a.json) writeFileSync(a.json, JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? `0x${BigInt.asUintN(64, v).toString(16)}` : v), 2) + '\n');
    return r.failure ? 1 : 0;
  } finally {
    await work.cleanup();
  }
}

/** s2diff fuzz --its: sequences per boot = --batch (at most 200: a batch is one boot of both sides). */
async function fuzzItsCommand(a: FuzzArgs, budget: number | undefined, opts: RunOptions): Promise<number> {
  if (a.path !== undefined) throw new UsageError('fuzz --its replays by --seed and --runs, not --path');
  const r = await runFuzzIts({
    runs: a.runsGiven ? a.runs : budget !== undefined ? Number.MAX_SAFE_INTEGER : DEFAULT_ITS_RUNS, timeBudgetMs: budget, seed: a.seed,
    batchSize: Math.min(a.batch, 200), opts, outDir: a.out, log: (l) => process.stderr.write(l + '\n'),
  });
  process.stdout.write(formatItsFuzzReport(r) + '\n');
  if (a.json) writeFileSync(a.json, JSON.stringify(r, null, 2) + '\n');
  return r.failures.length > 0 ? 1 : 0;
}

/** s2diff fuzz --mmu: sequences per boot = --batch; the report on stdout, --json / --junit in files. */
async function fuzzMmuCommand(a: FuzzArgs, budget: number | undefined, opts: RunOptions): Promise<number> {
  const r = await runFuzzMmu({
    runs: a.runsGiven ? a.runs : budget !== undefined ? Number.MAX_SAFE_INTEGER : DEFAULT_MMU_RUNS, timeBudgetMs: budget, seed: a.seed, path: a.path,
    batchSize: a.batch, opts, outDir: a.out, log: (l) => process.stderr.write(l + '\n'),
  });
  process.stdout.write(formatMmuFuzzReport(r) + '\n');
  if (a.json) writeFileSync(a.json, JSON.stringify(r, null, 2) + '\n');
  if (a.junit) {
    const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    const cases = r.failures.map((f) => `    <testcase classname="s2diff.fuzz-mmu" name="seed ${f.seed} path ${f.path}">\n` +
      `      <failure message="${esc(f.summary)}">${esc(f.readable)}</failure>\n    </testcase>`);
    if (cases.length === 0) cases.push(`    <testcase classname="s2diff.fuzz-mmu" name="${r.runs} sequences, seed ${r.seed}"/>`);
    writeFileSync(a.junit, `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  <testsuite name="s2diff fuzz --mmu" tests="${cases.length}" ` +
      `failures="${r.failures.length}" time="${(r.durationMs / 1000).toFixed(3)}">\n${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`);
  }
  return r.failures.length > 0 ? 1 : 0;
}
