// `--html FILE`: the run as one self-contained page to look at (no network: CSS and the bit
// of JavaScript are inline), made from the same JsonReport as --json. Per case: the UART
// output of both sides side by side with the first difference highlighted, the exception
// streams side by side with the first differing record marked, the QEMU-deviation notes
// with their Arm ARM references, and a link to the case's repro folder when one exists; for
// the run: the summary and, with --coverage, the translation-coverage heat map.

import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { comparableText, renderException, TIMING_MARKER } from './compare.ts';
import { GRANULE_NAME, granulesFor, OUTCOMES, reachable } from './coverage-report.ts';
import { explainRecordDifference } from './qemu-deviations.ts';
import { reproFolderFor } from './repro-folder.ts';
import { VERDICTS, type JsonReport } from './report.ts';
import type { CaseResult, ExceptionRecord } from './types.ts';
import { paRangeBits, profileIdRegs, type CpuProfile } from '../emulator/profiles.ts';

/** Exception records shown per case around the first difference (streams can hold 100,000). */
const MAX_RECORD_ROWS = 400;
/** UART lines shown per case (a flood is capped at 1 MiB, far too long for a page). */
const MAX_UART_ROWS = 2000;

export interface HtmlOptions {
  /** Where the page will be written: links to repro folders are relative to it. */
  htmlPath?: string;
  /** Where `s2diff repro` puts its folders (default ./repro). */
  reproDir?: string;
}

const esc = (s: string): string =>
  s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!);

const anchor = (i: number): string => `case-${i + 1}`;

export function toHtml(rep: JsonReport, o: HtmlOptions = {}): string {
  const cases = rep.results.map((r, i) => caseSection(r, i, o)).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>s2diff: ${esc(summaryLine(rep))}</title>
<style>${CSS}</style></head>
<body>
<header><h1>s2diff report</h1>
<p class="meta">${esc(rep.qemu.version)} (${esc(rep.qemu.binary)}) · <code>-cpu ${esc(rep.cpu)}</code> · started ${esc(rep.startedAt)} ·
${(rep.durationMs / 1000).toFixed(1)} s · s2diff ${esc(rep.version)}</p></header>
${summaryTable(rep)}
${caseIndex(rep)}
${rep.coverage ? coverageHeatMap(rep) : ''}
<main>${cases}</main>
<script>${SCRIPT}</script>
</body></html>
`;
}

function summaryLine(rep: JsonReport): string {
  return VERDICTS.filter((v) => rep.summary[v] > 0).map((v) => `${rep.summary[v]} ${v}`).join(', ') || 'no cases';
}

function summaryTable(rep: JsonReport): string {
  const cells = VERDICTS.map((v) => `<td class="v-${v}${rep.summary[v] > 0 ? '' : ' zero'}">${rep.summary[v]}</td>`).join('');
  return `<section id="summary"><h2>Summary: ${rep.results.length} case(s)</h2>
<table class="summary"><tr>${VERDICTS.map((v) => `<th>${v}</th>`).join('')}</tr><tr>${cells}</tr></table></section>`;
}

function caseIndex(rep: JsonReport): string {
  const rows = rep.results.map((r, i) => {
    const d = r.divergences[0];
    const what = d ? `${d.kind}: ${d.summary.split('\n')[0]}` : r.error?.split('\n')[0] ?? '';
    const time = ((r.qemu?.durationMs ?? 0) + (r.model?.durationMs ?? 0)) / 1000;
    return `<tr class="${r.verdict === 'match' ? 'ok' : 'bad'}"><td class="verdict v-${r.verdict}">${r.verdict.toUpperCase()}</td>` +
      `<td><a href="#${anchor(i)}">${esc(r.name)}</a></td><td class="num">${r.model?.instructions ?? ''}</td>` +
      `<td class="num">${time.toFixed(2)} s</td><td>${esc(what)}</td></tr>`;
  }).join('\n');
  return `<section id="cases"><h2>Cases</h2>
<label><input type="checkbox" id="only-failing"> only cases that did not match</label>
<table class="index"><tr><th>verdict</th><th>case</th><th>instructions</th><th>time</th><th>first divergence</th></tr>
${rows}</table></section>`;
}

function caseSection(r: CaseResult, i: number, o: HtmlOptions): string {
  const open = r.verdict !== 'match' && r.verdict !== 'skip' ? ' open' : '';
  const parts: string[] = [];
  if (r.error) parts.push(`<pre class="error">${esc(r.error)}</pre>`);
  if (r.divergences.length > 0) {
    parts.push('<h4>Divergences</h4><ol class="divergences">' + r.divergences.map((d) =>
      `<li><b>${esc(d.kind)}</b>: ${esc(d.summary)}<div class="sides"><span>qemu: <code>${esc(d.qemu)}</code></span>` +
      `<span>model: <code>${esc(d.model)}</code></span></div></li>`).join('') + '</ol>');
  }
  for (const [who, s] of [['QEMU', r.qemu], ['model', r.model]] as const) {
    if (s?.detail) parts.push(`<p class="detail"><b>${who}</b> ended <code>${esc(s.end)}</code>: ${esc(s.detail.split('\n')[0])}</p>`);
  }
  if (r.qemuDeviations?.length) parts.push(deviationNotes(r));
  if (r.qemu && r.model) {
    parts.push(uartDiff(r.qemu.uart, r.model.uart, i));
    parts.push(exceptionStreams(r.qemu.exceptions, r.model.exceptions, i));
  }
  parts.push(reproLink(r, o));
  return `<details class="case v-${r.verdict}" id="${anchor(i)}"${open}>
<summary><span class="verdict v-${r.verdict}">${r.verdict.toUpperCase()}</span> ${esc(r.name)}
<span class="image">${esc(r.image)}</span></summary>
${parts.join('\n')}
</details>`;
}

function deviationNotes(r: CaseResult): string {
  return '<h4>QEMU deviates from the Arm ARM</h4><ul class="deviations">' + (r.qemuDeviations ?? []).map((d) =>
    `<li><code>${esc(d.id)}</code> (${d.count}×): ${esc(d.summary)}<br><span class="ref">${esc(d.reference)}</span>` +
    (d.example ? `<div class="sides"><span>qemu: <code>${esc(d.example.qemu)}</code></span><span>model: <code>${esc(d.example.model)}</code></span></div>` : '') +
    '</li>').join('') + '</ul>';
}

/**
 * Line by line as the comparator sees the text (compare.ts: REGS blocks, which it compares
 * field by field, and [timing] lines are not part of it): the first line it reports as
 * different is the one highlighted.
 */
function uartDiff(qemuUart: string, modelUart: string, i: number): string {
  const q = comparableText(qemuUart), m = comparableText(modelUart);
  const n = Math.max(q.length, m.length);
  let first = -1;
  const rows: string[] = [];
  for (let k = 0; k < n && rows.length < MAX_UART_ROWS; k++) {
    const differs = q[k] !== m[k];
    const cls = differs ? (first < 0 ? 'diff first-diff' : 'diff') : '';
    if (differs && first < 0) first = k;
    rows.push(`<tr class="${cls}"${cls.includes('first') ? ` id="${anchor(i)}-uart-first"` : ''}><td class="ln">${k + 1}</td>` +
      `<td class="q">${cell(q[k])}</td><td class="ln">${k + 1}</td><td class="m">${cell(m[k])}</td></tr>`);
  }
  const cut = n > MAX_UART_ROWS ? `<p class="note">${n - MAX_UART_ROWS} more lines not shown (see the JSON report)</p>` : '';
  const head = first < 0 ? 'UART: the same on both sides' : `UART: first difference at line ${first + 1}`;
  const masked = (qemuUart + modelUart).includes(TIMING_MARKER) ? ` (lines with ${esc(TIMING_MARKER)} are not compared and not shown)` : '';
  return `<h4>${head}${masked}</h4><table class="side uart"><colgroup><col class="ln"><col><col class="ln"><col></colgroup><tr><th></th><th>QEMU</th><th></th><th>model</th></tr>${rows.join('')}</table>${cut}`;
}

const cell = (s: string | undefined): string => (s === undefined ? '<span class="end">(end of output)</span>' : esc(s));

/** The first record the comparator would report: differing, and not a catalogued QEMU deviation. */
function firstDifferingRecord(q: ExceptionRecord[], m: ExceptionRecord[]): number {
  const n = Math.max(q.length, m.length);
  for (let k = 0; k < n; k++) {
    if (!q[k] || !m[k]) return k;
    if (renderException(q[k]) !== renderException(m[k]) && !explainRecordDifference(q[k], m[k])) return k;
  }
  return -1;
}

function exceptionStreams(q: ExceptionRecord[], m: ExceptionRecord[], i: number): string {
  if (q.length === 0 && m.length === 0) return '<h4>Exceptions: none on either side</h4>';
  const first = firstDifferingRecord(q, m);
  const n = Math.max(q.length, m.length);
  // A window ending a little after the first difference (or the start, when there is none).
  const end = Math.min(n, first < 0 ? MAX_RECORD_ROWS : Math.max(first + 20, MAX_RECORD_ROWS / 2));
  const start = Math.max(0, end - MAX_RECORD_ROWS);
  const rows: string[] = [];
  for (let k = start; k < end; k++) {
    const a = q[k], b = m[k];
    const dev = a && b && renderException(a) !== renderException(b) ? explainRecordDifference(a, b) : undefined;
    const cls = k === first ? 'diff first-diff' : dev ? 'deviation' : k > first && first >= 0 ? 'after' : '';
    rows.push(`<tr class="${cls}"${k === first ? ` id="${anchor(i)}-exc-first"` : ''}><td class="ln">#${k + 1}</td>` +
      `<td class="q">${a ? esc(renderException(a)) : '<span class="end">(none)</span>'}</td>` +
      `<td class="m">${b ? esc(renderException(b)) : '<span class="end">(none)</span>'}</td>` +
      `<td class="dev">${dev ? `<code>${esc(dev.id)}</code>` : ''}</td></tr>`);
  }
  const head = first < 0 ? `Exceptions: ${q.length} records, the same on both sides`
    : `Exceptions: first differing record #${first + 1} (QEMU ${q.length} records, model ${m.length})`;
  const cut = start > 0 || end < n ? `<p class="note">records #${start + 1}-#${end} of ${n} shown</p>` : '';
  return `<h4>${head}</h4><table class="side exceptions"><colgroup><col class="ln"><col><col><col class="dev"></colgroup><tr><th></th><th>QEMU</th><th>model</th><th>deviation</th></tr>${rows.join('')}</table>${cut}`;
}

function reproLink(r: CaseResult, o: HtmlOptions): string {
  if (r.verdict === 'match' || r.verdict === 'skip') return '';
  const folder = reproFolderFor(r.name, o.reproDir);
  if (existsSync(folder)) {
    const href = o.htmlPath ? relative(resolve(o.htmlPath, '..'), folder) : folder;
    return `<p class="repro">Repro folder: <a href="${esc(encodeURI(href))}/">${esc(href)}/</a></p>`;
  }
  return `<p class="repro">No repro folder yet: <code>npx s2diff repro ${esc(r.image || r.name)}</code> writes one.</p>`;
}

/** Stage × granule × level rows, outcome columns; the colour is log-scaled by count. */
function coverageHeatMap(rep: JsonReport): string {
  const cov = rep.coverage!;
  const profile = (rep.cpu === 'cortex-a57' ? 'cortex-a57' : 'max') as CpuProfile;
  const lpa = paRangeBits(profileIdRegs(profile)) === 52;
  const max = Math.max(1, ...Object.values(cov.counts));
  const rows: string[] = [];
  for (const stage of [1, 2] as const) {
    for (const g of granulesFor(profile, stage)) {
      for (let level = 0; level <= 3; level++) {
        const cells = OUTCOMES.map((out) => {
          const n = cov.counts[`${stage}:${g}:${level}:${out}`] ?? 0;
          const canHit = reachable(g, level, out, lpa) && out !== 'external-walk';
          if (n > 0) {
            const heat = Math.log(n + 1) / Math.log(max + 1);
            return `<td class="hit${heat > 0.55 ? ' hot' : ''}" style="--heat:${heat.toFixed(3)}" title="${n} walks">${n}</td>`;
          }
          return canHit ? '<td class="missing" title="reachable, not hit">MISSING</td>' : '<td class="unreachable">-</td>';
        }).join('');
        rows.push(`<tr><th>stage ${stage}</th><th>${GRANULE_NAME[g]}</th><th>level ${level}</th>${cells}</tr>`);
      }
    }
  }
  return `<section id="coverage"><h2>Translation coverage: ${cov.hit}/${cov.reachable} reachable cells hit</h2>
<table class="heat"><tr><th>stage</th><th>granule</th><th>level</th>${OUTCOMES.map((x) => `<th>${x}</th>`).join('')}</tr>
${rows.join('\n')}</table></section>`;
}

const CSS = `
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222;background:#fff}
h1{margin:0 0 .2em}h2{margin:1.2em 0 .4em}h4{margin:.9em 0 .3em}
.meta{color:#555;margin:0}
code,pre,table.side td{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px}
table{border-collapse:collapse}th,td{padding:2px 8px;border:1px solid #ddd;text-align:left;vertical-align:top}
table.summary td{font-size:20px;text-align:center;min-width:4em}
table.summary td.zero{color:#bbb}
.num{text-align:right}
.verdict{font-weight:bold;font-family:ui-monospace,monospace}
.verdict.v-match,td.v-match{color:#17692a}.verdict.v-diverge,.verdict.v-error,td.v-diverge,td.v-error{color:#b3261e}
.verdict.v-timeout,.verdict.v-flaky,td.v-timeout,td.v-flaky{color:#a35a00}.verdict.v-known,.verdict.v-skip{color:#555}
details.case{border:1px solid #ccc;border-radius:6px;margin:.6em 0;padding:.3em .8em}
details.case>summary{cursor:pointer;font-size:15px}
.image{color:#777;font-size:12px;margin-left:1em}
table.side{width:100%;table-layout:fixed}table.side td.ln{color:#888;text-align:right}
table.side col.ln{width:3.5em}table.side col.dev{width:14em}
table.side td{white-space:pre-wrap;word-break:break-all}
tr.diff td.q,tr.diff td.m{background:#fde7e4}
tr.first-diff td{background:#ffd21f !important;font-weight:bold}
tr.first-diff td.ln{outline:2px solid #b3261e}
tr.deviation td{background:#e8eefc}tr.after td{color:#888}
.end{color:#999;font-style:italic}
.sides{display:flex;gap:2em;margin:.2em 0 .4em}.ref{color:#555;font-size:12px}
pre.error{background:#fde7e4;padding:.5em;white-space:pre-wrap}
.note{color:#777;font-size:12px}
table.heat td{text-align:right;min-width:6em}
table.heat td.hit{background:rgba(23,105,42,calc(.12 + .88 * var(--heat)));color:#000}
table.heat td.hit.hot{color:#fff}
table.heat td.missing{background:#fde7e4;color:#b3261e;font-weight:bold}
table.heat td.unreachable{color:#ccc;text-align:center}
body.only-failing tr.ok,body.only-failing details.v-match{display:none}
`;

// Filtering only; the page is complete without it.
const SCRIPT = `
document.getElementById('only-failing').addEventListener('change', function (e) {
  document.body.classList.toggle('only-failing', e.target.checked);
});
`;
