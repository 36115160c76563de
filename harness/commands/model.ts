// `s2diff model IMAGE`: the image on the model only, in this process, with the UART bytes
// streamed to stdout and everything else on stderr (a summary line, notes, and the --strict
// findings and --coverage table), so stdout stays the guest's output. With --trace the
// state before every instruction goes to a file in QEMU's -d cpu layout instead.

import { resolve } from 'node:path';
import { runModelImage } from '../../emulator/index.ts';
import type { CoverageCounts } from '../../emulator/coverage.ts';
import type { StrictFinding } from '../../emulator/strict-checker.ts';
import { coverageReport, formatCoverage } from '../coverage-report.ts';
import { modelConfig } from '../model-config.ts';
import { traceModel } from '../model-trace.ts';
import { formatStrictFinding } from '../report.ts';
import { checkImage } from '../run-suite.ts';
import type { RunOptions } from '../types.ts';

const toStdout = (b: Uint8Array): void => { process.stdout.write(b); };

export async function modelCommand(image: string, opts: RunOptions, trace?: string): Promise<number> {
  const path = resolve(image);
  checkImage(path);
  if (trace) {
    const r = await traceModel(path, opts, trace, toStdout);
    process.stderr.write(`[model: ${r.instructions} instructions traced to ${trace}]\n`);
    return reportChecks(opts, r.strictFindings, r.coverage) ? 1 : 0;
  }
  const r = runModelImage(path, await modelConfig(path, opts, toStdout));
  const tail = `[model: ${r.end}${r.detail ? ` (${r.detail.split('\n')[0]})` : ''}, ${r.instructions} instructions, ` +
    `${r.blocksTranslated} translated blocks, ${r.events.length} exception records, ${Math.round(r.durationMs)} ms]`;
  process.stderr.write(`${tail}\n`);
  for (const n of r.notes) process.stderr.write(`[model note: ${n}]\n`);
  const findings = reportChecks(opts, r.strictFindings, r.coverage);
  return r.end === 'poweroff' && !findings ? 0 : 1;
}

/**
 * Prints the --strict findings and the --coverage table on stderr as `s2diff run` prints
 * them; true when there were findings (they fail the run, as in `s2diff run`).
 */
function reportChecks(opts: RunOptions, findings: StrictFinding[] | undefined, coverage: CoverageCounts | undefined): boolean {
  if (opts.coverage && coverage) process.stderr.write(formatCoverage(coverageReport(coverage, opts.cpu), opts.cpu) + '\n');
  if (!opts.strict) return false;
  for (const f of findings ?? []) process.stderr.write(`strict: ${formatStrictFinding(f)}\n`);
  process.stderr.write(`[model: --strict: ${findings?.length ?? 0} finding(s)]\n`);
  return (findings?.length ?? 0) > 0;
}
