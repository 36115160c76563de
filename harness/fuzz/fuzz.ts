// s2diff fuzz: batches of fast-check cases through the fuzz image on both sides; the first
// case that fails is shrunk by fast-check (one case per boot) to a minimal one, reported with
// its seed and path (replayable with --seed/--path), and written out as a repro folder.

import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { dir } from 'tmp-promise';
import type { Machine } from '../../emulator/machine.ts';
import { formatCommand } from '../qemu-command.ts';
import { buildScenarios } from '../scenarios.ts';
import type { RunOptions } from '../types.ts';
import { caseArb } from './arbitraries.ts';
import type { FuzzCase } from './case.ts';
import { formatCase } from './format.ts';
import { prepareCase, type PreparedCase } from './prepare.ts';
import { judgeCase, runBatch, type BatchEnv, type BatchRun, type CaseFailure } from './run-batch.ts';

export interface FuzzArgs {
  runs: number;
  timeBudgetMs?: number;
  seed?: number;
  path?: string;
  batchSize: number;
  opts: RunOptions;
  /** Where repro folders go. */
  outDir: string;
  /** Image to use instead of building scenarios/fuzz-s2. */
  image?: string;
  patchModel?: (m: Machine) => void;
  log: (line: string) => void;
  /** Live progress line (a terminal); undefined for plain lines. */
  live?: (line: string) => void;
}

export interface FuzzFailureReport {
  seed: number;
  path: string;
  summary: string;
  /** The shrunk case, readable. */
  readable: string;
  case: FuzzCase;
  failure: CaseFailure;
  mappings: number;
  probes: number;
  shrunk: boolean;
  reproDir: string;
}

export interface FuzzReport {
  runs: number;
  durationMs: number;
  runsPerSecond: number;
  failures: FuzzFailureReport[];
  seed: number;
  batches: number;
  /** Cases whose only difference is a catalogued QEMU deviation, per deviation id. */
  qemuDeviations: Record<string, number>;
  /** Probes whose outcome the oracle predicted (and checked), and all probes run. */
  probesChecked: number;
  probes: number;
}

function sampleCases(seed: number, start: number, n: number): FuzzCase[] {
  return fc.sample(caseArb, { seed, path: String(start), numRuns: n });
}

async function runOne(c: FuzzCase, env: BatchEnv): Promise<{ pc: PreparedCase; run: BatchRun; failure?: CaseFailure }> {
  const pc = prepareCase(c);
  const run = await runBatch([pc], env, 'case');
  return { pc, run, failure: judgeCase(pc, 0, run) };
}

const isRealFailure = (f: CaseFailure | undefined): f is CaseFailure => f !== undefined && f.qemuDeviation === undefined;

/** fast-check's shrinking from (seed, path): one boot per candidate. */
async function shrink(seed: number, path: string, env: BatchEnv, log: (l: string) => void) {
  let evaluations = 0;
  const prop = fc.asyncProperty(caseArb, async (c) => {
    evaluations++;
    return !isRealFailure((await runOne(c, env)).failure);
  });
  const r = await fc.check(prop, { seed, path, endOnFailure: false });
  log(`  shrinking: ${evaluations} candidate(s) run`);
  if (!r.failed || r.counterexample === null) return undefined;
  return { c: r.counterexample[0], path: r.counterexamplePath ?? path };
}

/**
 * After fast-check's shrinking (which drops array items from the front only), trims what
 * the failure does not need: the probes after the failing one, then each other probe and
 * each mapping, keeping every removal that still fails.
 */
async function trim(c: FuzzCase, env: BatchEnv, log: (l: string) => void): Promise<{ c: FuzzCase; trimmed: number }> {
  let cur = c, trimmed = 0;
  const fails = async (x: FuzzCase): Promise<CaseFailure | undefined> => {
    const f = (await runOne(x, env)).failure;
    return isRealFailure(f) ? f : undefined;
  };
  const first = await fails(cur);
  if (!first) return { c, trimmed };
  if (first.probe !== undefined && first.probe + 1 < cur.probes.length) {
    const x = { ...cur, probes: cur.probes.slice(0, first.probe + 1) };
    if (await fails(x)) { trimmed += cur.probes.length - x.probes.length; cur = x; }
  }
  for (let i = cur.probes.length - 1; i >= 0 && cur.probes.length > 1; i--) {
    const x = { ...cur, probes: cur.probes.filter((_, j) => j !== i) };
    if (await fails(x)) { cur = x; trimmed++; }
  }
  for (let i = cur.mappings.length - 1; i >= 0; i--) {
    const x = { ...cur, mappings: cur.mappings.filter((_, j) => j !== i) };
    if (await fails(x)) { cur = x; trimmed++; }
  }
  if (trimmed > 0) log(`  trimmed ${trimmed} more probe(s)/mapping(s) the failure does not need`);
  return { c: cur, trimmed };
}

async function writeRepro(a: FuzzArgs, image: string, seed: number, path: string, c: FuzzCase, one: { pc: PreparedCase; run: BatchRun; failure?: CaseFailure },
  readable: string): Promise<string> {
  const folder = resolve(a.outDir, `fuzz-seed${seed}-path${path.replace(/:/g, '_')}`);
  await mkdir(folder, { recursive: true });
  await copyFile(image, join(folder, 'fuzz-s2.elf'));
  await copyFile(one.run.blobFile, join(folder, 'blob.bin'));
  await writeFile(join(folder, 'fuzz-case.json'), JSON.stringify({ seed, path, case: c, failure: one.failure }, null, 2) + '\n');
  await writeFile(join(folder, 'case.txt'), readable + '\n');
  const qemuArgv = one.run.qemuArgv.map((x) => x.replace(one.run.blobFile, join(folder, 'blob.bin')).replace(image, join(folder, 'fuzz-s2.elf')));
  await writeFile(join(folder, 'commands.txt'), [
    '# QEMU', formatCommand(qemuArgv), '',
    '# the model (the same image and blob)', `npx s2diff model ${join(folder, 'fuzz-s2.elf')} -m ${one.run.opts.memMiB} --load ${join(folder, 'blob.bin')}@0x46000000`, '',
    '# both sides again, compared', `npx s2diff repro ${folder}`, '',
    '# shrink again from the generator', `npx s2diff fuzz --seed ${seed} --path ${path}`, '',
  ].join('\n'));
  await writeFile(join(folder, 'qemu-uart.txt'), one.run.qemu.uart);
  await writeFile(join(folder, 'model-uart.txt'), one.run.model.uart);
  return folder;
}

export async function runFuzz(a: FuzzArgs): Promise<FuzzReport> {
  const image = a.image ?? (await buildScenarios(['fuzz-s2']))[0];
  const seed = a.seed ?? (Date.now() ^ (Math.random() * 2 ** 31)) >>> 0;
  const work = await dir({ unsafeCleanup: true, prefix: 's2diff-fuzz-' });
  const env: BatchEnv = { image, workDir: work.path, opts: a.opts, patchModel: a.patchModel };
  const t0 = performance.now();
  const rep: FuzzReport = { runs: 0, durationMs: 0, runsPerSecond: 0, failures: [], seed, batches: 0, qemuDeviations: {}, probesChecked: 0, probes: 0 };
  const finish = (): FuzzReport => {
    rep.durationMs = Math.round(performance.now() - t0);
    rep.runsPerSecond = rep.durationMs > 0 ? Math.round((rep.runs / rep.durationMs) * 1000 * 10) / 10 : 0;
    return rep;
  };
  try {
    let failing: { path: string; failure: CaseFailure } | undefined;
    if (a.path !== undefined) {
      failing = { path: a.path, failure: { reason: 'replayed from --path' } };
    } else {
      while (rep.runs < a.runs && (a.timeBudgetMs === undefined || performance.now() - t0 < a.timeBudgetMs)) {
        const n = Math.min(a.batchSize, a.runs - rep.runs);
        const cases = sampleCases(seed, rep.runs, n).map(prepareCase);
        const run = await runBatch(cases, env, `batch${rep.batches}`);
        rep.batches++;
        let firstBad = -1;
        cases.forEach((pc, i) => {
          if (firstBad >= 0) return;
          const f = judgeCase(pc, i, run);
          rep.probes += pc.probes.length;
          rep.probesChecked += pc.probes.filter((p) => p.expected !== undefined).length;
          if (f?.qemuDeviation) rep.qemuDeviations[f.qemuDeviation] = (rep.qemuDeviations[f.qemuDeviation] ?? 0) + 1;
          if (isRealFailure(f)) {
            firstBad = i;
            failing = { path: String(rep.runs + i), failure: f };
          }
        });
        rep.runs += firstBad >= 0 ? firstBad + 1 : n;
        const rate = Math.round(rep.runs / ((performance.now() - t0) / 1000));
        const line = `fuzz: ${rep.runs}${a.timeBudgetMs === undefined ? `/${a.runs}` : ''} cases, ${rate}/s, seed ${seed}`;
        if (a.live) a.live(line); else a.log(line);
        if (failing) break;
      }
    }
    if (failing) {
      a.log(`fuzz: case at path ${failing.path} failed: ${failing.failure.reason}; shrinking...`);
      const shrunk = await shrink(seed, failing.path, env, a.log);
      const { c } = await trim(shrunk?.c ?? sampleCases(seed, Number(failing.path.split(':')[0]), 1)[0], env, a.log);
      const path = shrunk?.path ?? failing.path;
      const one = await runOne(c, env);
      const q = one.run.qemuOut.cases.get(0)?.map((l) => l.text), m = one.run.modelOut.cases.get(0)?.map((l) => l.text);
      const readable = formatCase(one.pc, q, m);
      const failure = one.failure ?? { ...failing.failure, reason: `${failing.failure.reason} (does not fail when run alone: it depends on the cases before it in its batch)` };
      const reproDir = await writeRepro(a, image, seed, path, c, one, readable);
      rep.failures.push({
        seed, path, case: c, failure, readable, reproDir, shrunk: shrunk !== undefined,
        mappings: c.mappings.length, probes: c.probes.length,
        summary: `${failure.reason}${failure.probe !== undefined ? ` at probe ${failure.probe}` : ''}: QEMU ${failure.qemu ?? '-'}, model ${failure.model ?? '-'}${failure.expected ? `, expected ${failure.expected}` : ''}`,
      });
    }
    return finish();
  } finally {
    await work.cleanup();
  }
}

/** The human summary. */
export function formatFuzzReport(r: FuzzReport): string {
  const out = [`fuzz: ${r.runs} case(s) in ${(r.durationMs / 1000).toFixed(1)}s (${r.runsPerSecond} cases/s, both sides), ` +
    `${r.probes} probes (${r.probesChecked} also checked against the case's expected outcome), seed ${r.seed}`];
  for (const [id, n] of Object.entries(r.qemuDeviations)) out.push(`  ${n} case(s) differ only where QEMU 7.2 deviates from the Arm ARM: ${id} (see README)`);
  for (const f of r.failures) {
    out.push('', `FAILURE (seed ${f.seed}, path ${f.path}${f.shrunk ? ', shrunk' : ''}): ${f.summary}`, f.readable,
      `replay: npx s2diff fuzz --seed ${f.seed} --path ${f.path}`, `repro folder: ${f.reproDir} (npx s2diff repro ${f.reproDir})`);
  }
  if (r.failures.length === 0) out.push('no failure');
  return out.join('\n');
}

export function fuzzJUnit(r: FuzzReport): string {
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const cases = r.failures.map((f) => `    <testcase classname="s2diff.fuzz" name="seed ${f.seed} path ${f.path}">\n` +
    `      <failure message="${esc(f.summary)}">${esc(f.readable)}</failure>\n    </testcase>`);
  if (cases.length === 0) cases.push(`    <testcase classname="s2diff.fuzz" name="${r.runs} cases, seed ${r.seed}"/>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  <testsuite name="s2diff fuzz" tests="${cases.length}" failures="${r.failures.length}" ` +
    `time="${(r.durationMs / 1000).toFixed(3)}">\n${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`;
}
