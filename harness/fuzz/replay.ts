// `s2diff repro DIR` on a fuzz repro folder: runs its case again on both sides with the
// folder's image and prints the case, each side's lines and the verdict.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dir } from 'tmp-promise';
import { UsageError } from '../errors.ts';
import type { RunOptions } from '../types.ts';
import type { FuzzCase } from './case.ts';
import { formatCase } from './format.ts';
import { prepareCase } from './prepare.ts';
import { judgeCase, runBatch } from './run-batch.ts';

export const isFuzzReproFolder = (d: string): boolean => existsSync(join(d, 'fuzz-case.json'));

export async function replayFuzzFolder(folder: string, opts: RunOptions): Promise<number> {
  let saved: { seed: number; path: string; case: FuzzCase };
  try {
    saved = JSON.parse(readFileSync(join(folder, 'fuzz-case.json'), 'utf8')) as typeof saved;
  } catch (e) {
    throw new UsageError(`${folder}/fuzz-case.json: ${(e as Error).message}`, 'pass a folder written by s2diff fuzz');
  }
  const image = join(folder, 'fuzz-s2.elf');
  if (!existsSync(image)) throw new UsageError(`${image}: missing`, 'pass a folder written by s2diff fuzz');
  const pc = prepareCase(saved.case);
  const work = await dir({ unsafeCleanup: true, prefix: 's2diff-fuzz-repro-' });
  try {
    const run = await runBatch([pc], { image, workDir: work.path, opts }, 'case');
    const f = judgeCase(pc, 0, run);
    const q = run.qemuOut.cases.get(0)?.map((l) => l.text), m = run.modelOut.cases.get(0)?.map((l) => l.text);
    process.stdout.write(`fuzz case (seed ${saved.seed}, path ${saved.path})\n${formatCase(pc, q, m)}\n`);
    if (f === undefined) {
      process.stdout.write('verdict: QEMU, the model and the expected outcomes agree\n');
      return 0;
    }
    process.stdout.write(`verdict: ${f.reason}${f.probe !== undefined ? ` (probe ${f.probe})` : ''}\n`);
    return f.qemuDeviation ? 0 : 1;
  } finally {
    await work.cleanup();
  }
}
