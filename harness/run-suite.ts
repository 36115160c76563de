// `s2diff run`: resolve the cases (scenario names, image paths), build what needs building,
// run each case, print a line per case and the summary, write the reports.

import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { isElf, parseElf } from '../emulator/elf.ts';
import { loadImageFile } from '../emulator/index.ts';
import { UsageError } from './errors.ts';
import { log } from './logger.ts';
import { qemuVersion, qemuBinary } from './qemu-runner.ts';
import { buildReport, formatCaseLine, formatSummary, writeJsonReport } from './report.ts';
import { runCase, type CaseSpec } from './run-case.ts';
import { buildScenarios, discoverScenarios } from './scenarios.ts';
import type { CaseResult, RunOptions } from './types.ts';

export interface SuiteArgs {
  cases: string[];
  images: string[];
  opts: RunOptions;
  json?: string;
  junit?: string;
  jobs?: number;
  shard?: string;
  expect?: string;
  quiet: boolean;
}

/** Scenario names and image paths -> case specs; scenarios are built (incrementally). */
export async function resolveCases(names: string[], images: string[]): Promise<CaseSpec[]> {
  const known = await discoverScenarios();
  const byName = new Map(known.map((s) => [s.name, s]));
  const scenarioNames: string[] = [];
  const specs: CaseSpec[] = [];
  const wanted = names.length === 0 && images.length === 0 ? known.map((s) => s.name) : names;
  for (const n of wanted) {
    if (byName.has(n)) scenarioNames.push(n);
    else if (existsSync(n)) images.push(n);
    else {
      throw new UsageError(`"${n}" is neither a scenario nor an existing image file`,
        `run "s2diff list" for the scenario names, or pass a path to an image`);
    }
  }
  if (scenarioNames.length > 0) {
    const built = await buildScenarios(scenarioNames);
    scenarioNames.forEach((n, i) => specs.push({ name: n, image: built[i] }));
  }
  for (const img of images) {
    const path = resolve(img);
    if (!existsSync(path)) throw new UsageError(`${img}: no such file`, 'pass the path of an existing image');
    checkImage(path);
    specs.push({ name: basename(img), image: path });
  }
  return specs;
}

/** Rejects a malformed image before either side starts (ImageError -> exit code 2). */
export function checkImage(path: string): void {
  const bytes = loadImageFile(path);
  if (isElf(bytes)) parseElf(bytes, path);
}

export async function runSuite(a: SuiteArgs): Promise<number> {
  if (a.junit || (a.jobs ?? 1) !== 1 || a.shard || a.expect) {
    throw new UsageError('--junit, --jobs, --shard and --expect are not available yet', 'run without them');
  }
  const startedAt = new Date();
  const t0 = performance.now();
  const specs = await resolveCases(a.cases, [...a.images]);
  const results: CaseResult[] = [];
  const report = async (): Promise<void> => {
    if (!a.json) return;
    const r = buildReport({
      cpu: a.opts.cpu, startedAt, durationMs: Math.round(performance.now() - t0), results,
      qemu: { binary: qemuBinary(), version: await qemuVersion().catch(() => 'unknown') },
    });
    writeJsonReport(a.json, r);
  };
  for (const spec of specs) {
    log.debug({ case: spec.name, image: spec.image }, 'running case');
    const r = await runCase(spec, a.opts);
    results.push(r);
    if (!a.quiet) process.stdout.write(formatCaseLine(r) + '\n');
    await report(); // flushed after each case: a killed run keeps what it measured
  }
  const final = buildReport({
    cpu: a.opts.cpu, startedAt, durationMs: Math.round(performance.now() - t0), results,
    qemu: { binary: qemuBinary(), version: await qemuVersion().catch(() => 'unknown') },
  });
  if (a.json) writeJsonReport(a.json, final);
  process.stdout.write(formatSummary(final) + '\n');
  return exitCodeFor(results);
}

/** design.md §3: 0 when every case matched (known/skip count as matched), else 1. */
export function exitCodeFor(results: CaseResult[]): number {
  return results.every((r) => r.verdict === 'match' || r.verdict === 'known' || r.verdict === 'skip') ? 0 : 1;
}
