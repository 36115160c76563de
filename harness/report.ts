// Reports: the JSON report of design.md §4 (written atomically, after every case), the
// one-line-per-case console output and the summary.

import { formatImitations } from './follow-qemu.ts';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './scenarios.ts';
import type { CaseResult, Verdict } from './types.ts';
import type { StrictFinding } from '../emulator/strict-checker.ts';
import type { CoverageReport } from './coverage-report.ts';

export const VERDICTS: Verdict[] = ['match', 'diverge', 'known', 'flaky', 'timeout', 'skip', 'error'];

export interface JsonReport {
  tool: 's2diff';
  version: string;
  qemu: { binary: string; version: string };
  cpu: string;
  startedAt: string;
  durationMs: number;
  results: CaseResult[];
  summary: Record<Verdict, number>;
  /** With --coverage: the model's translation walks over the whole run. */
  coverage?: CoverageReport;
  /** With --strict: how many findings (reliance on UNPREDICTABLE behaviour) the run had. */
  strictFindings?: number;
  /** The ID register probe of the QEMU in use (harness/id-probe.ts). */
  idRegisters?: { qemuVersion: string; source: string; differsFromBuiltIn: string[]; unimplemented: { feature: string; field: string; what: string }[] };
}

let toolVersion: string | undefined;

/** s2diff's own version (package.json), for the reports and `s2diff --version`. */
export function version(): string {
  toolVersion ??= (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return toolVersion;
}

export function summarize(results: CaseResult[]): Record<Verdict, number> {
  const s = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const r of results) s[r.verdict]++;
  return s;
}

export function buildReport(a: {
  cpu: string; startedAt: Date; durationMs: number; results: CaseResult[]; qemu: { binary: string; version: string };
  idRegisters?: JsonReport['idRegisters'];
}): JsonReport {
  return {
    tool: 's2diff', version: version(), qemu: a.qemu, cpu: a.cpu, startedAt: a.startedAt.toISOString(),
    durationMs: a.durationMs, results: a.results, summary: summarize(a.results),
    ...(a.idRegisters ? { idRegisters: a.idRegisters } : {}),
  };
}

/** Writes the report atomically (temp file + rename): a reader never sees half a file. */
export function writeJsonReport(path: string, report: JsonReport): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(report, null, 2) + '\n');
  renameSync(tmp, path);
}

/** Case names are padded to this, so the figures after them line up. */
const NAME_WIDTH = 24;
const INDENT = '        ';

/** Wall time of a case: the two sides run at the same time. */
function caseSeconds(r: CaseResult): string {
  const ms = Math.max(r.qemu?.durationMs ?? 0, r.model?.durationMs ?? 0);
  return r.qemu || r.model ? `${(ms / 1000).toFixed(1)} s` : '';
}

/**
 * A case on the console: one line (verdict, name, instructions, time); below it, only for a
 * case that did not match, what differed or why it stopped, and the unimplemented feature it
 * met. --strict findings always (they were asked for); QEMU-deviation notes of a matching
 * case only with `verbose` (they are in the JSON report either way).
 */
export function formatCaseLine(r: CaseResult, o: { verbose?: boolean } = {}): string {
  const insns = r.model?.instructions !== undefined ? `${r.model.instructions} insns` : '';
  const lines = [`${r.verdict.toUpperCase().padEnd(7)} ${r.name.padEnd(NAME_WIDTH)} ${insns.padStart(16)}  ${caseSeconds(r)}`.trimEnd()];
  const d = r.divergences[0];
  if (r.verdict === 'error' || r.verdict === 'skip' || r.verdict === 'flaky') {
    if (r.error) lines.push(INDENT + r.error.split('\n')[0]);
  }
  if (d && r.verdict !== 'match') {
    const more = r.divergences.length > 1 ? ` (+${r.divergences.length - 1} more)` : '';
    lines.push(`${INDENT}${d.kind}: ${d.summary.replace(/\n/g, '\n' + INDENT)}`, `${INDENT}qemu:  ${d.qemu}`, `${INDENT}model: ${d.model}${more}`);
  }
  if (r.verdict === 'timeout') lines.push(...timeoutDetail(r));
  if (r.unimplementedFeature) lines.push(`${INDENT}feature: ${r.unimplementedFeature}`);
  if (r.qemuImitated) lines.push(`${INDENT}model imitated QEMU deviations (--follow-qemu): ${formatImitations(r.qemuImitated)}`);
  for (const f of r.model?.strictFindings ?? []) lines.push(`${INDENT}strict: ${formatStrictFinding(f)}`);
  if (o.verbose && !d) {
    for (const x of r.qemuDeviations ?? []) lines.push(`${INDENT}QEMU deviates from the Arm ARM (${x.count}x): ${x.summary}`);
  }
  return lines.join('\n');
}

/** One --strict finding on one line: kind, instruction, address, descriptor, why. */
export function formatStrictFinding(f: StrictFinding): string {
  const insn = f.word !== undefined ? ` (insn 0x${(f.word >>> 0).toString(16).padStart(8, '0')})` : '';
  const desc = f.descriptor ? ` descriptor at ${f.descriptor.pa}: ${f.descriptor.old} -> ${f.descriptor.new};` : '';
  return `${f.kind} at pc ${f.pc}${insn}${f.address ? `, address ${f.address}` : ''}:${desc} ${f.detail}`;
}

/** Why each side did not end (step limit, wall clock, an exception storm), on its own lines. */
function timeoutDetail(r: CaseResult): string[] {
  return ([['qemu: ', r.qemu], ['model:', r.model]] as const)
    .filter(([, s]) => s?.detail !== undefined)
    .map(([who, s]) => `${INDENT}${who} ${s!.detail!.split('\n')[0]}`);
}

/** The verdicts as a two-line table (every verdict, so columns never move between runs). */
export function formatSummaryTable(rep: JsonReport): string {
  const w = VERDICTS.map((v) => Math.max(v.length, String(rep.summary[v]).length));
  return [
    '       ' + VERDICTS.map((v, i) => v.padStart(w[i])).join('  '),
    'cases  ' + VERDICTS.map((v, i) => String(rep.summary[v]).padStart(w[i])).join('  '),
  ].join('\n');
}

export function formatSummary(rep: JsonReport): string {
  const parts = VERDICTS.filter((v) => rep.summary[v] > 0).map((v) => `${rep.summary[v]} ${v}`);
  return `s2diff: ${rep.results.length} case(s): ${parts.join(', ') || 'none'} in ${(rep.durationMs / 1000).toFixed(1)}s`;
}
