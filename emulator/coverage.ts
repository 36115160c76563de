// Translation coverage (`s2diff run --coverage`): which (stage, granule, level, outcome)
// combinations the model's walks produced, and which ones the architecture makes reachable.

import type { MmuObserver } from './mmu.ts';
import type { FaultKind } from './translation/fault.ts';

export type WalkOutcome = FaultKind | 'ok';

/** "stage:granuleBits:level:outcome" -> count. */
export type CoverageCounts = Record<string, number>;

export const coverageKey = (stage: 1 | 2, granule: number, level: number, outcome: WalkOutcome): string =>
  `${stage}:${granule}:${level}:${outcome}`;

export class TranslationCoverage implements MmuObserver {
  readonly counts: CoverageCounts = {};

  walk(stage: 1 | 2, granule: number, level: number, outcome: WalkOutcome): void {
    const k = coverageKey(stage, granule, level, outcome);
    this.counts[k] = (this.counts[k] ?? 0) + 1;
  }
}

/** Several observers on the one MMU observer slot. */
export function fanOut(list: MmuObserver[]): MmuObserver {
  if (list.length === 1) return list[0];
  return {
    walk: (...a) => { for (const o of list) o.walk(...a); },
    begin: () => { for (const o of list) o.begin?.(); },
    descriptor: (...a) => { for (const o of list) o.descriptor?.(...a); },
    translated: (...a) => { for (const o of list) o.translated?.(...a); },
  };
}
