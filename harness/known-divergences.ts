// Known divergences: a checked-in list of divergences that are understood (a QEMU bug, a
// model gap being worked on). A case whose every divergence matches an entry is `known`:
// reported, not failing. Entries that match nothing are reported as stale.

import { readFileSync } from 'node:fs';
import { UsageError } from './errors.ts';
import type { CaseResult, DivergenceKind } from './types.ts';

export interface KnownDivergence {
  /** Case name, or a glob with `*`. */
  case: string;
  kind?: DivergenceKind;
  /** Regular expression tested against "summary\nqemu\nmodel" of the divergence. */
  pattern?: string;
  reason: string;
  link?: string;
}

export function loadKnownDivergences(path: string): KnownDivergence[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`${path}: cannot read the known-divergence file (${(e as Error).message})`,
      'pass a JSON array of { "case", "kind", "pattern", "reason", "link" } entries');
  }
  const list = Array.isArray(raw) ? raw : (raw as { entries?: unknown }).entries;
  if (!Array.isArray(list)) throw new UsageError(`${path}: expected a JSON array of entries`, 'see README "Known divergences"');
  list.forEach((e, i) => {
    const k = e as Partial<KnownDivergence>;
    if (typeof k.case !== 'string' || typeof k.reason !== 'string') {
      throw new UsageError(`${path}: entry ${i} needs "case" and "reason" strings`, 'see README "Known divergences"');
    }
    if (k.pattern !== undefined) {
      try { new RegExp(k.pattern); } catch (err) {
        throw new UsageError(`${path}: entry ${i} has a bad pattern (${(err as Error).message})`, 'fix the regular expression');
      }
    }
  });
  return list as KnownDivergence[];
}

const globRe = (g: string): RegExp => new RegExp('^' + g.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');

/**
 * Marks matching results `known` (in place) and returns the entries that matched nothing.
 */
export function applyKnownDivergences(results: CaseResult[], entries: KnownDivergence[]): KnownDivergence[] {
  const used = new Set<KnownDivergence>();
  for (const r of results) {
    if (r.verdict !== 'diverge') continue;
    const forCase = entries.filter((e) => globRe(e.case).test(r.name));
    if (forCase.length === 0) continue;
    const matchedAll = r.divergences.every((d) => {
      const hit = forCase.find((e) => (!e.kind || e.kind === d.kind) &&
        (!e.pattern || new RegExp(e.pattern).test(`${d.summary}\n${d.qemu}\n${d.model}`)));
      if (hit) used.add(hit);
      return hit !== undefined;
    });
    if (matchedAll) {
      r.verdict = 'known';
      const e = forCase.find((x) => used.has(x));
      r.error = `known divergence: ${e?.reason ?? ''}${e?.link ? ` (${e.link})` : ''}`;
    }
  }
  return entries.filter((e) => !used.has(e));
}
