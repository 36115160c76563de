// `s2diff run --coverage`: the model's translation walks summed over the run, as a table of
// (stage, granule, level, outcome) cells, with the cells the architecture makes reachable
// for the CPU profile and which of those no case hit.

import { blockAllowed } from '../emulator/mmu.ts';
import { implementedGranules, paRangeBits, profileIdRegs, type CpuProfile } from '../emulator/profiles.ts';
import type { CoverageCounts } from '../emulator/coverage.ts';

export const OUTCOMES = ['ok', 'translation', 'access-flag', 'permission', 'address-size', 'external-walk'] as const;
export const GRANULE_NAME: Record<number, string> = { 12: '4K', 14: '16K', 16: '64K' };

export interface CoverageReport {
  counts: CoverageCounts;
  /** Reachable cells no walk produced, as "stage-2 4K level 1 access-flag". */
  missing: string[];
  hit: number;
  reachable: number;
}

/** Granules the profile implements at stage 1 / stage 2 (ID_AA64MMFR0_EL1.TGran*, TGran*_2). */
export function granulesFor(profile: CpuProfile, stage: 1 | 2): number[] {
  return implementedGranules(profileIdRegs(profile), stage);
}

/**
 * Whether the architecture lets a walk end at (granule, level) with `outcome` (D8.2, D8.3):
 * levels a walk can visit (4K: 0-3; 16K/64K: 1-3, as no start level 0 without FEAT_LPA2),
 * translation and address-size faults at any of them (level 0 too: a TTBR/VTTBR address or
 * an input address out of range, and an inconsistent start level, report level 0), and the
 * outcomes of a final descriptor (ok, access flag, permission) only where a block or page can be.
 */
export function reachable(granule: number, level: number, outcome: (typeof OUTCOMES)[number], lpa = true): boolean {
  const firstLevel = granule === 12 ? 0 : 1;
  const visited = level >= firstLevel && level <= 3;
  switch (outcome) {
    case 'translation': case 'address-size': return level === 0 || visited;
    case 'external-walk': return visited;
    default: return level === 3 || (visited && blockAllowed(granule, level, lpa));
  }
}

export function coverageReport(counts: CoverageCounts, profile: CpuProfile): CoverageReport {
  const missing: string[] = [];
  let hit = 0, total = 0;
  for (const stage of [1, 2] as const) {
    for (const g of granulesFor(profile, stage)) {
      for (let level = 0; level <= 3; level++) {
        for (const o of OUTCOMES) {
          // External aborts on walks need a table outside RAM: counted when hit, never required.
          if (!reachable(g, level, o, paRangeBits(profileIdRegs(profile)) === 52) || o === 'external-walk') continue;
          total++;
          if ((counts[`${stage}:${g}:${level}:${o}`] ?? 0) > 0) hit++;
          else missing.push(`stage-${stage} ${GRANULE_NAME[g]} level ${level} ${o}`);
        }
      }
    }
  }
  return { counts, missing, hit, reachable: total };
}

/** The table printed on the console: one block per stage and granule, a row per level. */
export function formatCoverage(rep: CoverageReport, profile: CpuProfile): string {
  const lines: string[] = [`translation coverage (model, -cpu ${profile}): ${rep.hit}/${rep.reachable} reachable cells hit`];
  const w = 13;
  for (const stage of [1, 2] as const) {
    for (const g of granulesFor(profile, stage)) {
      lines.push(`  stage ${stage}, ${GRANULE_NAME[g]} granule`);
      lines.push('    level ' + OUTCOMES.map((o) => o.padStart(w)).join(''));
      for (let level = 0; level <= 3; level++) {
        const cells = OUTCOMES.map((o) => {
          const n = rep.counts[`${stage}:${g}:${level}:${o}`] ?? 0;
          const cell = n > 0 ? String(n) : reachable(g, level, o, paRangeBits(profileIdRegs(profile)) === 52) && o !== 'external-walk' ? 'MISSING' : '-';
          return cell.padStart(w);
        });
        lines.push(`    ${String(level).padEnd(5)} ${cells.join('')}`);
      }
    }
  }
  if (rep.missing.length > 0) lines.push(`  reachable but not hit (${rep.missing.length}): ${rep.missing.join('; ')}`);
  return lines.join('\n');
}

/** Sums the per-case counts. */
export function mergeCounts(list: (CoverageCounts | undefined)[]): CoverageCounts {
  const out: CoverageCounts = {};
  for (const c of list) for (const [k, v] of Object.entries(c ?? {})) out[k] = (out[k] ?? 0) + v;
  return out;
}
