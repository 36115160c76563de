// The JSON reports of `run --shard K/N` on several machines merged into the report one
// unsharded run would have written (results in the scenario order, summary recomputed);
// `s2diff merge` (commands/merge.ts) writes it and its JUnit/TAP/Markdown renderings.

import { readFileSync } from 'node:fs';
import { coverageReport, mergeCounts } from './coverage-report.ts';
import { UsageError } from './errors.ts';
import { summarize, type JsonReport } from './report.ts';
import type { CpuProfile } from '../emulator/profiles.ts';

export function readReport(path: string): JsonReport {
  let r: JsonReport;
  try {
    r = JSON.parse(readFileSync(path, 'utf8')) as JsonReport;
  } catch (e) {
    throw new UsageError(`${path}: cannot read the JSON report (${(e as Error).message})`, 'pass reports written by s2diff run --json');
  }
  if (r?.tool !== 's2diff' || !Array.isArray(r.results)) {
    throw new UsageError(`${path}: not an s2diff JSON report`, 'pass reports written by s2diff run --json');
  }
  return r;
}

/**
 * Shards run side by side: the merged run started with the first shard and lasted as long
 * as the slowest one. A case present in two reports (overlapping shards) is an error.
 */
export function mergeReports(reports: JsonReport[]): JsonReport {
  if (reports.length === 0) throw new UsageError('nothing to merge', 'pass at least one JSON report');
  const cpus = new Set(reports.map((r) => r.cpu));
  if (cpus.size > 1) throw new UsageError(`the reports are for different CPU profiles (${[...cpus].join(', ')})`, 'merge reports of one run');
  const seen = new Set<string>();
  const results = reports.flatMap((r) => r.results);
  for (const c of results) {
    if (seen.has(c.name)) throw new UsageError(`case "${c.name}" is in more than one report`, 'merge the reports of disjoint shards');
    seen.add(c.name);
  }
  // The unsharded order: build errors first, then the cases by name (scenario discovery order).
  results.sort((a, b) => Number(b.verdict === 'error' && !b.qemu) - Number(a.verdict === 'error' && !a.qemu) || a.name.localeCompare(b.name));
  const start = Math.min(...reports.map((r) => Date.parse(r.startedAt)));
  const end = Math.max(...reports.map((r) => Date.parse(r.startedAt) + r.durationMs));
  const merged: JsonReport = {
    tool: 's2diff', version: reports[0].version, qemu: reports[0].qemu, cpu: reports[0].cpu,
    startedAt: new Date(start).toISOString(), durationMs: end - start, results, summary: summarize(results),
  };
  if (reports.some((r) => r.coverage)) {
    merged.coverage = coverageReport(mergeCounts(reports.map((r) => r.coverage?.counts)), merged.cpu as CpuProfile);
  }
  if (reports.some((r) => r.strictFindings !== undefined)) {
    merged.strictFindings = reports.reduce((n, r) => n + (r.strictFindings ?? 0), 0);
  }
  return merged;
}
