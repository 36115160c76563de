// `s2diff merge OUT.json SHARD.json...`: the shard reports merged (merge-reports.ts) and
// written as JSON, and with --junit/--tap/--markdown/--html in those formats too.

import { mergeReports, readReport } from '../merge-reports.ts';
import { toJUnit, toMarkdown, toTap } from '../report-formats.ts';
import { toHtml } from '../html-report.ts';
import { writeJsonReport } from '../report.ts';
import { atomicWrite, exitCodeFor } from '../run-suite.ts';

export interface MergeArgs {
  out: string;
  inputs: string[];
  junit?: string;
  tap?: string;
  markdown?: string;
  html?: string;
}

/** Exit code: that of the merged run (design.md §3). */
export function mergeCommand(a: MergeArgs): number {
  const merged = mergeReports(a.inputs.map(readReport));
  writeJsonReport(a.out, merged);
  if (a.junit) atomicWrite(a.junit, toJUnit(merged));
  if (a.tap) atomicWrite(a.tap, toTap(merged));
  if (a.markdown) atomicWrite(a.markdown, toMarkdown(merged));
  if (a.html) atomicWrite(a.html, toHtml(merged, { htmlPath: a.html }));
  const parts = Object.entries(merged.summary).filter(([, n]) => n > 0).map(([v, n]) => `${n} ${v}`);
  process.stdout.write(`s2diff merge: ${a.inputs.length} report(s), ${merged.results.length} case(s): ${parts.join(', ') || 'none'} -> ${a.out}\n`);
  return exitCodeFor(merged.results);
}
