// `s2diff repro NAME|IMAGE|REPORT.json|FUZZ-FOLDER`: runs each case in lockstep to the
// first divergent instruction, prints it, and writes a repro folder (repro-folder.ts).

import { existsSync, readFileSync } from 'node:fs';
import { dir } from 'tmp-promise';
import { UsageError } from '../errors.ts';
import { isFuzzReproFolder, replayFuzzFolder } from '../fuzz/replay.ts';
import { formatPin } from '../checkpoints/gdb-pin.ts';
import { formatNarrow, narrowDivergence } from '../checkpoints/narrow.ts';
import { symbolizer } from '../checkpoints/symbols.ts';
import { formatLockstep, lockstepAgreed, runLockstep } from '../lockstep.ts';
import { Progress } from '../progress.ts';
import { writeReproFolder } from '../repro-folder.ts';
import type { CaseSpec } from '../run-case.ts';
import { resolveCases } from '../run-suite.ts';
import { runOptionsFrom } from '../case-options.ts';
import { withIdProbe } from '../id-probe.ts';
import type { CaseResult, RunOptions } from '../types.ts';

export interface ReproArgs {
  target: string;
  opts: RunOptions;
  /** Where repro folders go (default: ./repro). */
  outDir?: string;
  limit?: number;
  quiet?: boolean;
  /** --single-step: compare at every instruction from the start (lockstep-common.ts `granularity`). */
  singleStep?: boolean;
  /**
   * --checkpoints: for runs too long to trace whole (a Linux boot), narrow to the first
   * divergent instruction from checkpoints (harness/checkpoints/narrow.ts) instead of lockstep.
   */
  checkpoints?: boolean;
  /** --system-map / --vmlinux: where --checkpoints finds function names. */
  symbols?: { systemMap?: string; vmlinux?: string };
}

async function targets(t: string): Promise<CaseSpec[]> {
  if (t.endsWith('.json') && existsSync(t)) {
    let rep: { results?: CaseResult[] };
    try {
      rep = JSON.parse(readFileSync(t, 'utf8')) as { results?: CaseResult[] };
    } catch (e) {
      throw new UsageError(`${t}: not a readable JSON report (${(e as Error).message})`, 'pass a report written by s2diff run --json');
    }
    const bad = (rep.results ?? []).filter((r) => r.verdict === 'diverge' || r.verdict === 'flaky' || r.verdict === 'known');
    // Each case as it ran: its test arguments, memory, clock ... (the report's `options`).
    return bad.map((r) => ({ name: r.name, image: r.image, opts: runOptionsFrom(r.options) }));
  }
  const { specs } = await resolveCases([t], []);
  return specs;
}

export async function reproCommand(a: ReproArgs): Promise<number> {
  if (isFuzzReproFolder(a.target)) return replayFuzzFolder(a.target, a.opts);
  const specs = await targets(a.target);
  const fromReport = a.target.endsWith('.json') && existsSync(a.target);
  if (specs.length === 0) {
    process.stdout.write('repro: the report has no divergent case to reproduce\n');
    return 0;
  }
  let code = 0;
  for (const spec of specs) {
    const work = await dir({ unsafeCleanup: true, prefix: 's2diff-repro-' });
    // A scenario's own options (scenario.json "icount"), or those a report kept for the case;
    // a case that ran on another --cpu needs that CPU's ID register values.
    let opts = { ...a.opts, ...spec.opts };
    if (spec.opts?.cpu !== undefined && spec.opts.cpu !== a.opts.cpu) opts = (await withIdProbe({ ...opts, idRegisters: undefined })).opts;
    try {
      if (a.checkpoints) {
        const symbolize = symbolizer(spec.image, a.symbols);
        const n = await narrowDivergence(spec.image, opts, work.path);
        process.stdout.write(formatNarrow(spec.name, n) + '\n');
        if (n.pinned) process.stdout.write(await formatPin(n.pinned, symbolize) + '\n');
        if (n.qemuAt !== undefined || n.modelAt !== undefined || n.pinned?.instruction !== undefined) code = 1;
        continue;
      }
      // On a terminal, a live line: instructions compared, their rate, elapsed time.
      const progress = new Progress(1, a.quiet !== true);
      const t0 = performance.now();
      progress.start(spec.name);
      const onProgress = ({ instructions, singleStep }: { instructions: number; singleStep: boolean }): void => {
        const s = (performance.now() - t0) / 1000;
        progress.detail(spec.name, `${(instructions / 1e6).toFixed(1)}M instructions compared ` +
          `${singleStep ? 'single-stepped' : 'by blocks'}, ${Math.round(instructions / Math.max(s, 0.001) / 1000)}k/s, ${s.toFixed(0)}s`);
      };
      const r = await runLockstep(spec.image, { opts, workDir: work.path, limit: a.limit, granularity: a.singleStep ? 'instructions' : 'blocks', onProgress });
      progress.end();
      process.stdout.write(formatLockstep(r, spec.name) + '\n');
      // A disagreement gets a folder; so does a case a report says diverged, even when lockstep
      // agrees (up to --limit, or because the difference was outside the compared state).
      if (!lockstepAgreed(r)) code = 1;
      if (!lockstepAgreed(r) || fromReport) {
        const folder = await writeReproFolder(spec, r, { ...a, opts });
        process.stdout.write(`  repro folder: ${folder}\n`);
      }
    } finally {
      await work.cleanup();
    }
  }
  return code;
}
