// The self-contained folder `s2diff repro` writes for a divergent case: the image, both
// command lines, both sides' outputs, and the lockstep report.

import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { formatLockstep, type LockstepResult } from './lockstep.ts';
import { buildQemuArgv, formatCommand } from './qemu-command.ts';
import { optionFlags } from './case-options.ts';
import { runCase, type CaseSpec } from './run-case.ts';
import type { RunOptions } from './types.ts';

/** The folder `s2diff repro` writes for a case (the HTML report links to it). */
export function reproFolderFor(caseName: string, outDir?: string): string {
  return join(resolve(outDir ?? 'repro'), caseName.replace(/[^\w.-]/g, '_'));
}

/** A folder someone else can rerun from: image, command lines, outputs, report. */
export async function writeReproFolder(spec: CaseSpec, r: LockstepResult, a: { opts: RunOptions; outDir?: string }): Promise<string> {
  const folder = reproFolderFor(spec.name, a.outDir);
  mkdirSync(folder, { recursive: true });
  const img = join(folder, basename(spec.image));
  copyFileSync(spec.image, img);
  const normal = await runCase({ name: spec.name, image: img }, a.opts);
  writeFileSync(join(folder, 'qemu-command.txt'),
    `${formatCommand(buildQemuArgv(img, a.opts, 'qemu-int.log'))}\n# lockstep:\n${formatCommand(r.qemuArgv)}\n`);
  writeFileSync(join(folder, 'model-command.txt'), `npx s2diff model ${img} ${optionFlags(a.opts)}\n`);
  writeFileSync(join(folder, 'qemu-uart.txt'), normal.qemu?.uart ?? '');
  writeFileSync(join(folder, 'model-uart.txt'), normal.model?.uart ?? '');
  writeFileSync(join(folder, 'report.json'), JSON.stringify({ case: normal, lockstep: r }, null, 2) + '\n');
  writeFileSync(join(folder, 'README.txt'), [
    `s2diff repro for ${spec.name}`, '',
    formatLockstep(r, spec.name), '',
    `Rerun: npx s2diff repro ${img} ${optionFlags(a.opts)}`,
    `Compare once: npx s2diff run --image ${img} ${optionFlags(a.opts)}`, '',
  ].join('\n'));
  return folder;
}
