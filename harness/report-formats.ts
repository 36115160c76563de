// The other report formats for CI: JUnit XML (a testcase per case, the failure message is
// the first divergence), TAP in kvm-unit-tests style, and a Markdown summary for a CI job
// summary page.

import type { JsonReport } from './report.ts';
import type { CaseResult } from './types.ts';

const xmlEscape = (s: string): string =>
  s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!)
    // XML 1.0 forbids most control characters even when escaped.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

function firstDivergence(r: CaseResult): string {
  const d = r.divergences[0];
  if (!d) return r.error ?? r.verdict;
  return `${d.kind}: ${d.summary}\nqemu:  ${d.qemu}\nmodel: ${d.model}`;
}

export function toJUnit(rep: JsonReport): string {
  const failures = rep.results.filter((r) => r.verdict === 'diverge' || r.verdict === 'timeout').length;
  const errors = rep.results.filter((r) => r.verdict === 'error').length;
  const skipped = rep.results.filter((r) => r.verdict === 'skip').length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="s2diff" tests="${rep.results.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${(rep.durationMs / 1000).toFixed(3)}">`,
    `  <testsuite name="s2diff (${xmlEscape(rep.cpu)})" tests="${rep.results.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" timestamp="${rep.startedAt}">`,
  ];
  for (const r of rep.results) {
    const time = (((r.qemu?.durationMs ?? 0) + (r.model?.durationMs ?? 0)) / 1000).toFixed(3);
    lines.push(`    <testcase classname="s2diff" name="${xmlEscape(r.name)}" time="${time}">`);
    const msg = xmlEscape(firstDivergence(r));
    const head = xmlEscape(firstDivergence(r).split('\n')[0]);
    if (r.verdict === 'diverge' || r.verdict === 'timeout') lines.push(`      <failure message="${head}" type="${r.verdict}">${msg}</failure>`);
    else if (r.verdict === 'error') lines.push(`      <error message="${head}" type="error">${msg}</error>`);
    else if (r.verdict === 'skip') lines.push(`      <skipped message="${xmlEscape(r.error ?? 'skipped')}"/>`);
    else if (r.verdict === 'known' || r.verdict === 'flaky') lines.push(`      <system-out>${r.verdict}: ${msg}</system-out>`);
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}

/** TAP 13 in the spirit of kvm-unit-tests' run_tests.sh -t output. */
export function toTap(rep: JsonReport): string {
  const lines = ['TAP version 13', `1..${rep.results.length}`];
  rep.results.forEach((r, i) => {
    const ok = r.verdict === 'match' || r.verdict === 'known' || r.verdict === 'skip';
    const directive = r.verdict === 'skip' ? ` # SKIP ${r.error ?? ''}` : r.verdict === 'known' ? ' # TODO known divergence' : '';
    lines.push(`${ok ? 'ok' : 'not ok'} ${i + 1} - ${r.name}${directive}`);
    if (!ok) for (const l of firstDivergence(r).split('\n')) lines.push(`  # ${l}`);
  });
  return lines.join('\n') + '\n';
}

export function toMarkdown(rep: JsonReport, slowest = 5): string {
  const s = rep.summary;
  const out = [
    `## s2diff: ${rep.results.length} cases on \`-cpu ${rep.cpu}\``,
    '',
    `| match | diverge | known | flaky | timeout | skip | error |`,
    `| --- | --- | --- | --- | --- | --- | --- |`,
    `| ${s.match} | ${s.diverge} | ${s.known} | ${s.flaky} | ${s.timeout} | ${s.skip} | ${s.error} |`,
    '',
    `${rep.qemu.version} · s2diff ${rep.version} · ${(rep.durationMs / 1000).toFixed(1)} s`,
  ];
  const bad = rep.results.filter((r) => !['match', 'skip'].includes(r.verdict));
  if (bad.length > 0) {
    out.push('', '### Divergences', '', '| case | verdict | first divergence |', '| --- | --- | --- |');
    for (const r of bad) {
      const d = firstDivergence(r).replace(/\|/g, '\\|').replace(/\n/g, '<br>');
      out.push(`| ${r.name} | ${r.verdict} | ${d} |`);
    }
  }
  const timed = [...rep.results].sort((a, b) => caseMs(b) - caseMs(a)).slice(0, slowest);
  if (timed.length > 0) {
    out.push('', '### Slowest cases', '', '| case | QEMU ms | model ms | model instructions |', '| --- | --- | --- | --- |');
    for (const r of timed) out.push(`| ${r.name} | ${r.qemu?.durationMs ?? '-'} | ${r.model?.durationMs ?? '-'} | ${r.model?.instructions ?? '-'} |`);
  }
  return out.join('\n') + '\n';
}

const caseMs = (r: CaseResult): number => Math.max(r.qemu?.durationMs ?? 0, r.model?.durationMs ?? 0);
