// `s2diff run`: resolve the cases (scenario names, image paths), build what needs building,
// run the cases (in parallel with --jobs, one shard with --shard), print a line per case and
// the summary, and write the reports after every case so a killed run keeps its results.

import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { isElf, parseElf } from '../emulator/elf.ts';
import { loadImageFile } from '../emulator/index.ts';
import { UsageError } from './errors.ts';
import { applyKnownDivergences, loadKnownDivergences, type KnownDivergence } from './known-divergences.ts';
import { log } from './logger.ts';
import { mapPool } from './pool.ts';
import { Progress } from './progress.ts';
import { qemuBinary, qemuVersion } from './qemu-runner.ts';
import { toJUnit, toMarkdown, toTap } from './report-formats.ts';
import { toHtml } from './html-report.ts';
import { buildReport, formatCaseLine, formatSummary, formatSummaryTable, writeJsonReport, type JsonReport } from './report.ts';
import { featureMet } from './feature-met.ts';
import { runCase, type CaseSpec } from './run-case.ts';
import { buildScenarios, discoverScenarios, scenarioRunOptions } from './scenarios.ts';
import { coverageReport, formatCoverage, mergeCounts } from './coverage-report.ts';
import { probeSummary, withIdProbe } from './id-probe.ts';
import { parseShard, selectShard } from './shard.ts';
import type { CaseResult, RunOptions } from './types.ts';
import type { ModelProgress } from './model-runner.ts';

export interface SuiteArgs {
  cases: string[];
  images: string[];
  opts: RunOptions;
  json?: string;
  junit?: string;
  tap?: string;
  markdown?: string;
  /** The self-contained HTML page (html-report.ts). */
  html?: string;
  jobs?: number;
  shard?: string;
  expect?: string;
  rerunDivergent?: number;
  quiet: boolean;
  /** Everything on the console: the feature warning, deviation notes of matching cases. */
  verbose?: boolean;
  /** Learn the ID register values from the QEMU in use (default true; harness/id-probe.ts). */
  idProbe?: boolean;
  /** More cases (kvm-unit-tests); without cases/images, only these run. */
  extraSpecs?: CaseSpec[];
  /** Per-case line and final summary in another style (kvm-unit-tests' run_tests.sh). */
  formatLine?: (r: CaseResult) => string;
  formatExtraSummary?: (results: CaseResult[]) => string;
  /**
   * The live line shows each running case's model instructions, MIPS, elapsed time and last
   * console line: always on a terminal; with this, also where the line is not drawn (s2diff linux).
   */
  modelProgress?: boolean;
  /** A verdict rule of the case kind (kvm-unit-tests: 0 tests run is not agreement). */
  reviseVerdict?: (r: CaseResult) => CaseResult;
}

/** Rejects a malformed image before either side starts (ImageError -> exit code 2). */
export function checkImage(path: string): void {
  const bytes = loadImageFile(path);
  if (isElf(bytes)) parseElf(bytes, path);
}

interface Resolved {
  specs: CaseSpec[];
  /** Scenarios whose build failed: reported as `error` cases, the rest still run. */
  buildErrors: CaseResult[];
}

/** Scenario names and image paths -> case specs; scenarios are built (incrementally). */
export async function resolveCases(names: string[], images: string[], shard?: string): Promise<Resolved> {
  const known = await discoverScenarios();
  const byName = new Map(known.map((s) => [s.name, s]));
  const wanted = names.length === 0 && images.length === 0 ? known.filter((s) => s.suite).map((s) => s.name) : names;
  const entries: { name: string; scenario?: string; image?: string }[] = [];
  for (const n of wanted) {
    if (byName.has(n)) entries.push({ name: n, scenario: n });
    else if (existsSync(n)) images.push(n);
    else {
      throw new UsageError(`"${n}" is neither a scenario nor an existing image file`,
        'run "s2diff list" for the scenario names, or pass a path to an image');
    }
  }
  for (const img of images) {
    const path = resolve(img);
    if (!existsSync(path)) throw new UsageError(`${img}: no such file`, 'pass the path of an existing image');
    checkImage(path);
    entries.push({ name: basename(img), image: path });
  }
  const mine = shard ? selectShard(entries, parseShard(shard).k, parseShard(shard).n) : entries;
  const specs: CaseSpec[] = [];
  const buildErrors: CaseResult[] = [];
  const scenarioNames = mine.filter((e) => e.scenario).map((e) => e.scenario!);
  const built = new Map<string, string>();
  if (scenarioNames.length > 0) {
    try {
      const paths = await buildScenarios(scenarioNames);
      scenarioNames.forEach((n, i) => built.set(n, paths[i]));
    } catch (e) {
      if (!(e instanceof UsageError) || /not on PATH/.test(e.message)) throw e;
      // Build one by one so a broken scenario becomes an `error` case and the rest still run.
      for (const n of scenarioNames) {
        try {
          built.set(n, (await buildScenarios([n]))[0]);
        } catch (err) {
          buildErrors.push({ name: n, image: '', verdict: 'error', divergences: [], error: `build failed: ${(err as Error).message}` });
        }
      }
    }
  }
  for (const e of mine) {
    if (e.scenario && built.has(e.scenario)) {
      const own = scenarioRunOptions(byName.get(e.scenario));
      specs.push({ name: e.name, image: built.get(e.scenario)!, ...(Object.keys(own).length > 0 ? { opts: own } : {}) });
    } else if (e.image) specs.push({ name: e.name, image: e.image });
  }
  return { specs, buildErrors };
}

export async function runSuite(a: SuiteArgs): Promise<number> {
  const jobs = a.jobs ?? 1;
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs ${a.jobs}: must be a positive integer`);
  const known: KnownDivergence[] = a.expect ? loadKnownDivergences(a.expect) : [];
  const startedAt = new Date();
  const t0 = performance.now();
  const onlyExtra = a.extraSpecs !== undefined && a.cases.length === 0 && a.images.length === 0;
  const { specs, buildErrors } = onlyExtra ? { specs: [] as CaseSpec[], buildErrors: [] as CaseResult[] }
    : await resolveCases(a.cases, [...a.images], a.shard);
  if (a.extraSpecs) specs.push(...(a.shard ? selectShard(a.extraSpecs, parseShard(a.shard).k, parseShard(a.shard).n) : a.extraSpecs));
  const line = a.formatLine ?? ((r: CaseResult) => formatCaseLine(r, { verbose: a.verbose }));
  const qemu = { binary: qemuBinary(), version: await qemuVersion() };
  const { opts: probed, probe } = await withIdProbe(a.opts, { probe: a.idProbe, quiet: a.quiet, verbose: a.verbose });
  a = { ...a, opts: probed };
  const results: (CaseResult | undefined)[] = new Array(specs.length);
  const order = [...buildErrors];
  const snapshot = (): JsonReport => buildReport({
    cpu: a.opts.cpu, startedAt, durationMs: Math.round(performance.now() - t0), qemu,
    ...(probe ? { idRegisters: probeSummary(probe) } : {}),
    results: [...order, ...results.filter((r): r is CaseResult => r !== undefined)],
  });
  const flush = (): void => writeReports(a, snapshot());
  const progress = new Progress(specs.length, !a.quiet);
  for (const b of buildErrors) if (!a.quiet) process.stdout.write(formatCaseLine(b) + '\n');
  flush();
  await mapPool(specs, jobs, async (spec, i) => {
    log.debug({ case: spec.name, image: spec.image }, 'running case');
    progress.start(spec.name);
    const opts = { ...a.opts, ...spec.opts };
    let r: CaseResult = spec.skip !== undefined
      ? { name: spec.name, image: spec.image, verdict: 'skip', divergences: [], error: spec.skip }
      : await runCase(spec, opts, a.modelProgress || progress.live ? (p) => progress.detail(spec.name, formatModelProgress(p)) : undefined);
    if (a.reviseVerdict) r = a.reviseVerdict(r);
    if (r.verdict === 'diverge' && (a.rerunDivergent ?? 0) > 0) r = await rerun(spec, { ...a, opts }, r);
    applyKnownDivergences([r], known);
    const feature = await featureMet(r, probe?.unimplemented ?? []);
    if (feature) r = { ...r, unimplementedFeature: feature };
    results[i] = r;
    if (a.quiet) progress.finish(spec.name, '');
    else progress.finish(spec.name, line(r));
    flush(); // after each case: a killed run keeps what it measured
  });
  progress.end();
  const all = [...order, ...(results as CaseResult[])];
  const stale = applyKnownDivergences(all, known);
  for (const s of stale) {
    if (specs.some((c) => new RegExp('^' + s.case.replace(/\*/g, '.*') + '$').test(c.name))) {
      process.stderr.write(`s2diff: warning: known divergence for "${s.case}" (${s.reason}) no longer matches anything: fixed, or stale?\n`);
    }
  }
  const final = snapshot();
  if (a.opts.coverage) {
    final.coverage = coverageReport(mergeCounts(final.results.map((r) => r.model?.coverage)), a.opts.cpu);
    process.stdout.write(formatCoverage(final.coverage, a.opts.cpu) + '\n');
  }
  const findings = final.results.reduce((n, r) => n + (r.model?.strictFindings?.length ?? 0), 0);
  if (a.opts.strict) final.strictFindings = findings;
  writeReports(a, final);
  if (a.formatExtraSummary) process.stdout.write(a.formatExtraSummary(final.results) + '\n');
  if (!a.quiet) process.stdout.write(formatSummaryTable(final) + '\n');
  process.stdout.write(formatSummary(final) + '\n');
  if (a.opts.strict && findings > 0) {
    process.stdout.write(`s2diff: --strict: ${findings} finding(s): the images rely on behaviour the architecture leaves UNPREDICTABLE (see "strict:" lines)\n`);
  }
  // --strict findings fail the run like a divergence (exit 1) unless something worse happened.
  return Math.max(exitCodeFor(final.results), a.opts.strict && findings > 0 ? 1 : 0);
}

/** `123.4M insns 14.2 MIPS | [    0.811240] reboot: Power down` */
/** A running case's part of the live line: the model's instructions, MIPS, elapsed time and last console line. */
export function formatModelProgress(p: ModelProgress): string {
  const mips = p.elapsedMs > 0 ? p.instructions / p.elapsedMs / 1000 : 0;
  const line = p.line.trim() === '' ? '' : ` | ${p.line.trim().slice(0, 100)}`;
  return `${(p.instructions / 1e6).toFixed(1)}M insns ${mips.toFixed(1)} MIPS ${(p.elapsedMs / 1000).toFixed(0)}s${line}`;
}

/** Reruns a divergent case; a verdict that flips on any rerun makes the case `flaky`. */
async function rerun(spec: CaseSpec, a: SuiteArgs, first: CaseResult): Promise<CaseResult> {
  for (let i = 0; i < (a.rerunDivergent ?? 0); i++) {
    const again = await runCase(spec, { ...a.opts, ...spec.opts });
    if (again.verdict !== first.verdict) {
      return { ...first, verdict: 'flaky', error: `verdict flipped on rerun ${i + 1}: ${first.verdict} -> ${again.verdict}` };
    }
  }
  return first;
}

function writeReports(a: SuiteArgs, rep: JsonReport): void {
  if (a.json) writeJsonReport(a.json, rep);
  if (a.junit) atomicWrite(a.junit, toJUnit(rep));
  if (a.tap) atomicWrite(a.tap, toTap(rep));
  if (a.markdown) atomicWrite(a.markdown, toMarkdown(rep));
  if (a.html) atomicWrite(a.html, toHtml(rep, { htmlPath: a.html }));
}

/** temp file + rename (atomic on one filesystem): readers never see half a report. */
export function atomicWrite(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/**
 * design.md §3: 2 when a case could not be run (build failure, model or QEMU error),
 * else 1 when any case diverged, timed out or was flaky, else 0 (known and skip pass).
 */
export function exitCodeFor(results: CaseResult[]): number {
  if (results.some((r) => r.verdict === 'error')) return 2;
  return results.every((r) => r.verdict === 'match' || r.verdict === 'known' || r.verdict === 'skip') ? 0 : 1;
}
