// `s2diff repro NAME|IMAGE|REPORT.json`: runs each case in lockstep to the first divergent
// instruction and writes a self-contained repro folder: the image, both command lines,
// both sides' outputs, and the lockstep report.

import { isFuzzReproFolder, replayFuzzFolder } from './fuzz/replay.ts';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { dir } from 'tmp-promise';
import { UsageError } from './errors.ts';
import { formatLockstep, runLockstep, type LockstepResult } from './lockstep.ts';
import { buildQemuArgv, formatCommand } from './qemu-command.ts';
import { runCase, type CaseSpec } from './run-case.ts';
import { resolveCases } from './run-suite.ts';
import type { CaseResult, RunOptions } from './types.ts';

export interface ReproArgs {
  target: string;
  opts: RunOptions;
  /** Where repro folders go (default: ./repro). */
  outDir?: string;
  limit?: number;
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
    return bad.map((r) => ({ name: r.name, image: r.image }));
  }
  const { specs } = await resolveCases([t], []);
  return specs;
}

export async function reproCommand(a: ReproArgs): Promise<number> {
  if (isFuzzReproFolder(a.target)) return replayFuzzFolder(a.target, a.opts);
  const specs = await targets(a.target);
  if (specs.length === 0) {
    process.stdout.write('repro: the report has no divergent case to reproduce\n');
    return 0;
  }
  let code = 0;
  for (const spec of specs) {
    const work = await dir({ unsafeCleanup: true, prefix: 's2diff-repro-' });
    const opts = { ...a.opts, ...spec.opts }; // a scenario's own options (scenario.json "icount")
    try {
      const r = await runLockstep(spec.image, { opts, workDir: work.path, limit: a.limit });
      process.stdout.write(formatLockstep(r, spec.name) + '\n');
      if (r.divergence || r.end !== 'both-ended') {
        code = 1;
        const folder = await writeReproFolder(spec, r, { ...a, opts });
        process.stdout.write(`  repro folder: ${folder}\n`);
      }
    } finally {
      await work.cleanup();
    }
  }
  return code;
}

/** A folder someone else can rerun from: image, command lines, outputs, report. */
export async function writeReproFolder(spec: CaseSpec, r: LockstepResult, a: ReproArgs): Promise<string> {
  const root = resolve(a.outDir ?? 'repro');
  const folder = join(root, `${spec.name.replace(/[^\w.-]/g, '_')}`);
  mkdirSync(folder, { recursive: true });
  const img = join(folder, basename(spec.image));
  copyFileSync(spec.image, img);
  const normal = await runCase({ name: spec.name, image: img }, a.opts);
  writeFileSync(join(folder, 'qemu-command.txt'),
    `${formatCommand(buildQemuArgv(img, a.opts, 'qemu-int.log'))}\n# lockstep:\n${formatCommand(r.qemuArgv)}\n`);
  writeFileSync(join(folder, 'model-command.txt'), `npx s2diff model ${img} --cpu ${a.opts.cpu} -m ${a.opts.memMiB}\n`);
  writeFileSync(join(folder, 'qemu-uart.txt'), normal.qemu?.uart ?? '');
  writeFileSync(join(folder, 'model-uart.txt'), normal.model?.uart ?? '');
  writeFileSync(join(folder, 'report.json'), JSON.stringify({ case: normal, lockstep: r }, null, 2) + '\n');
  writeFileSync(join(folder, 'README.txt'), [
    `s2diff repro for ${spec.name}`, '',
    formatLockstep(r, spec.name), '',
    'Rerun: npx s2diff repro ' + img,
    'Compare once: npx s2diff run --image ' + img, '',
  ].join('\n'));
  return folder;
}
