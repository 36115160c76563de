// `--follow-qemu ID|all`: the catalogued QEMU 7.2 deviations the model imitates instead of the
// Arm ARM, so a comparison continues past a known deviation to whatever differs next. A case
// that matched only because the model imitated QEMU is `known`, not `match`.

import type { QemuDeviationId } from '../emulator/qemu-deviation-ids.ts';
import { UsageError } from './errors.ts';
import { QEMU_DEVIATIONS } from './qemu-deviations.ts';

/** The deviations the model can imitate. */
export const FOLLOWABLE: readonly QemuDeviationId[] = Object.values(QEMU_DEVIATIONS).filter((d) => d.follow === true).map((d) => d.id);

/** --follow-qemu values (ids, or `all`) as deviation ids; a usage error naming the valid ones otherwise. */
export function parseFollowQemu(values: readonly string[]): QemuDeviationId[] {
  const out = new Set<QemuDeviationId>();
  for (const v of values.flatMap((x) => x.split(','))) {
    if (v === 'all') { FOLLOWABLE.forEach((id) => out.add(id)); continue; }
    const d = (QEMU_DEVIATIONS as Record<string, (typeof QEMU_DEVIATIONS)[QemuDeviationId] | undefined>)[v];
    if (!d) throw new UsageError(`--follow-qemu ${v}: not a catalogued QEMU deviation`, `use one of: all, ${FOLLOWABLE.join(', ')}`);
    if (d.follow !== true) throw new UsageError(`--follow-qemu ${v}: the model cannot imitate it: ${d.follow}`);
    out.add(d.id);
  }
  return [...out];
}

/** A case's verdict once imitations are counted: a match that needed them is `known`. */
export function verdictWithImitations<V extends string>(verdict: V, imitated: Partial<Record<QemuDeviationId, number>> | undefined): V | 'known' {
  return verdict === 'match' && imitated && Object.keys(imitated).length > 0 ? 'known' : verdict;
}

/** "device-alignment-unchecked 3x, sp-alignment-unchecked 1x" */
export function formatImitations(imitated: Partial<Record<QemuDeviationId, number>>): string {
  return Object.entries(imitated).map(([id, n]) => `${id} ${n}x`).join(', ');
}
