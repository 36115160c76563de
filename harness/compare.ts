// The comparator: QEMU's side against the model's, in the order a person debugging wants
// it: how each run ended, REGS blocks (differing fields by name), the exception stream
// (first differing record), then the UART text with REGS blocks and [timing] lines removed
// (so a register difference is reported once, by name, not again as a text difference).

import { explainRecordDifference, QEMU_DEVIATIONS } from './qemu-deviations.ts';
import type { DeviationNote, Divergence, ExceptionRecord, SideResult, Verdict } from './types.ts';

export interface Comparison {
  verdict: Verdict;
  divergences: Divergence[];
  /** Differences explained by known QEMU deviations from the Arm ARM. */
  qemuDeviations: DeviationNote[];
}

/** Marker a scenario puts on lines whose content depends on timing; they are not compared. */
export const TIMING_MARKER = '[timing]';

export interface RegsBlock {
  label: string;
  fields: Map<string, string>;
}

/** Parses every `REGS <label>` ... `END REGS` block (design.md §5). */
export function parseRegsBlocks(uart: string): RegsBlock[] {
  const blocks: RegsBlock[] = [];
  let cur: RegsBlock | undefined;
  for (const raw of uart.replace(/\r/g, '').split('\n')) {
    const line = raw.trim();
    const start = line.match(/^REGS\s+(.*)$/);
    if (start) {
      cur = { label: start[1], fields: new Map() };
      blocks.push(cur);
      continue;
    }
    if (line === 'END REGS') {
      cur = undefined;
      continue;
    }
    if (!cur) continue;
    for (const tok of line.split(/\s+/)) {
      const m = tok.match(/^([A-Za-z0-9_.]+)=(0x[0-9a-fA-F]+)$/);
      if (m) cur.fields.set(m[1], m[2].toLowerCase());
    }
  }
  return blocks;
}

/** UART text without REGS blocks and timing lines: what the text comparison looks at. */
export function comparableText(uart: string): string[] {
  const out: string[] = [];
  let inBlock = false;
  for (const line of uart.replace(/\r/g, '').split('\n')) {
    const t = line.trim();
    if (/^REGS\s/.test(t)) { inBlock = true; continue; }
    if (t === 'END REGS') { inBlock = false; continue; }
    if (inBlock || line.includes(TIMING_MARKER)) continue;
    out.push(line);
  }
  return out;
}

export function renderException(r: ExceptionRecord | undefined): string {
  if (!r) return '(none)';
  const parts = [r.type];
  if (r.fromEl !== undefined) parts.push(`EL${r.fromEl}->EL${r.toEl}`);
  for (const k of ['esr', 'far', 'elr', 'pc', 'pstate'] as const) if (r[k] !== undefined) parts.push(`${k}=${r[k]}`);
  if (r.psci) parts.push('(PSCI)');
  return parts.join(' ');
}

const sameRecord = (a: ExceptionRecord, b: ExceptionRecord): boolean =>
  a.type === b.type && a.fromEl === b.fromEl && a.toEl === b.toEl && a.esr === b.esr && a.far === b.far &&
  a.elr === b.elr && a.pc === b.pc && a.pstate === b.pstate && !!a.psci === !!b.psci;

function compareRegs(q: string, m: string): Divergence[] {
  const qb = parseRegsBlocks(q), mb = parseRegsBlocks(m);
  const out: Divergence[] = [];
  const n = Math.max(qb.length, mb.length);
  for (let i = 0; i < n; i++) {
    const a = qb[i], b = mb[i];
    if (!a || !b) {
      const which = a ? 'qemu' : 'model';
      const blk = (a ?? b)!;
      out.push({
        kind: 'register', summary: `REGS block #${i + 1} "${blk.label}" only on the ${which} side`,
        qemu: a ? a.label : '(no block)', model: b ? b.label : '(no block)',
      });
      continue;
    }
    const names = new Set([...a.fields.keys(), ...b.fields.keys()]);
    for (const f of names) {
      const qa = a.fields.get(f), mb2 = b.fields.get(f);
      if (qa !== mb2) {
        out.push({
          kind: 'register', summary: `REGS "${a.label}" (block #${i + 1}): ${f} differs`,
          qemu: `${f}=${qa ?? '(absent)'}`, model: `${f}=${mb2 ?? '(absent)'}`,
        });
      }
    }
  }
  return out;
}

function compareExceptions(q: ExceptionRecord[], m: ExceptionRecord[], notes: DeviationNote[]): Divergence[] {
  const n = Math.min(q.length, m.length);
  for (let i = 0; i < n; i++) {
    if (!sameRecord(q[i], m[i])) {
      const dev = explainRecordDifference(q[i], m[i]);
      if (dev) {
        const seen = notes.find((x) => x.id === dev.id);
        if (seen) seen.count++;
        else notes.push({ ...dev, count: 1, example: { qemu: renderException(q[i]), model: renderException(m[i]) } });
        continue;
      }
      return [{
        kind: 'exception', summary: `exception record #${i + 1} differs (${i} earlier records agree)`,
        qemu: renderException(q[i]), model: renderException(m[i]),
      }];
    }
  }
  if (q.length !== m.length) {
    const longer = q.length > m.length ? 'qemu' : 'model';
    return [{
      kind: 'exception', summary: `${longer} took more exceptions (${q.length} vs ${m.length}); first extra is #${n + 1}`,
      qemu: renderException(q[n]), model: renderException(m[n]),
    }];
  }
  return [];
}

function compareUart(q: string, m: string): Divergence[] {
  const a = comparableText(q), b = comparableText(m);
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) {
      const ctx = a.slice(Math.max(0, i - 2), i).map((l) => `  | ${l}`).join('\n');
      return [{
        kind: 'uart',
        summary: `UART differs at line ${i + 1}${ctx ? `, after:\n${ctx}` : ''}`,
        qemu: a[i] ?? '(end of output)', model: b[i] ?? '(end of output)',
      }];
    }
  }
  return [];
}

function describeEnd(s: SideResult): string {
  const st = s.exitStatus === null ? 'no EXIT line' : `EXIT: STATUS=${s.exitStatus}`;
  return `${s.end}, ${st}${s.detail ? ` (${s.detail.split('\n')[0]})` : ''}`;
}

/**
 * Each PE's exception entries apart (erets name no PE in QEMU's log, so they are left out):
 * for runs of several PEs whose interleaving follows the host (QEMU without -icount runs a
 * thread per vCPU), where only each PE's own order is reproducible.
 */
function compareExceptionsPerPe(q: ExceptionRecord[], m: ExceptionRecord[], pes: number, notes: DeviationNote[]): Divergence[] {
  for (let pe = 0; pe < pes; pe++) {
    // PSCI calls the firmware answered took no exception, and how often a PE polls one (a
    // wait for AFFINITY_INFO = OFF) follows the host's timing: they are left out too.
    const mine = (rs: ExceptionRecord[]): ExceptionRecord[] => rs.filter((r) => r.cpu === pe && r.psci !== true);
    const d = compareExceptions(mine(q), mine(m), notes);
    if (d.length > 0) return d.map((x) => ({ ...x, summary: `PE ${pe}'s own exceptions (not compared: erets, PSCI calls, the order between PEs): ${x.summary}` }));
  }
  return [];
}

/** The interleaving of several PEs is reproducible only under an instruction-counted clock. */
export const INTERLEAVING_NOT_COMPARED = 'several PEs without --icount: QEMU runs a thread per vCPU, so the order ' +
  'between PEs follows the host; each PE\'s exception entries (PSCI calls aside) and the output lines are compared, not the ' +
  'interleaving (output lines that differ only in their order are the same output)';

/** The same lines, in any order: output of PEs that print without synchronising (a multiset compare). */
function sameLinesInAnyOrder(q: string, m: string): boolean {
  const a = comparableText(q).sort(), b = comparableText(m).sort();
  return a.length === b.length && a.every((l, i) => l === b[i]);
}

/** `perPe`: the number of PEs when only each PE's own exception order is to be compared. */
export function compareSides(q: SideResult, m: SideResult, perPe?: number): Comparison {
  const divergences: Divergence[] = [];
  const qTimeout = q.end === 'timeout', mTimeout = m.end === 'timeout';
  if (qTimeout && mTimeout) {
    return { verdict: 'timeout', divergences: [], qemuDeviations: [] };
  }
  const qemuDeviations: DeviationNote[] = [];
  if (qTimeout !== mTimeout) {
    divergences.push({
      kind: 'timeout', summary: `${qTimeout ? 'QEMU' : 'the model'} timed out, the other side did not`,
      qemu: describeEnd(q), model: describeEnd(m),
    });
  } else if (q.end !== m.end || q.exitStatus !== m.exitStatus) {
    divergences.push({ kind: 'exit', summary: 'the runs ended differently', qemu: describeEnd(q), model: describeEnd(m) });
  }
  divergences.push(...compareRegs(q.uart, m.uart));
  divergences.push(...(perPe !== undefined
    ? compareExceptionsPerPe(q.exceptions, m.exceptions, perPe, qemuDeviations)
    : compareExceptions(q.exceptions, m.exceptions, qemuDeviations)));
  if (perPe === undefined || !sameLinesInAnyOrder(q.uart, m.uart)) divergences.push(...compareUart(q.uart, m.uart));
  // Where the model applied an Arm ARM rule QEMU 7.2 is known not to follow, say so next to
  // the divergence: it tells the reader QEMU is the side that deviates.
  if (divergences.length > 0 && m.notes && m.notes.length > 0) {
    for (const d of divergences) d.summary += `\n  model notes: ${m.notes.join(' | ')}`;
  }
  // The model says which Arm ARM rules it applied where QEMU 7.2 is known to deviate: a
  // divergence in the output then most likely comes from QEMU, and the report says so.
  const taken = (m.qemuDeviations ?? []).map((id) => QEMU_DEVIATIONS[id]);
  if (divergences.length > 0 && taken.length > 0) {
    for (const d of taken) if (!qemuDeviations.some((x) => x.id === d.id)) qemuDeviations.push({ ...d, count: 1 });
    const why = taken.map((d) => `${d.id}: ${d.summary} (${d.reference})`).join('; ');
    for (const d of divergences) {
      d.summary += `\n  QEMU deviates from the Arm ARM on a path this run took, which likely explains this: ${why}`;
    }
  }
  if (divergences.length > 0 && qemuDeviations.length > 0) {
    for (const d of divergences) d.summary += `\n  QEMU deviations seen in this case: ${qemuDeviations.map((x) => x.id).join(', ')}`;
  }
  return { verdict: divergences.length === 0 ? 'match' : 'diverge', divergences, qemuDeviations };
}
