// Applies one mutant to a file's text: the search text must occur exactly once (a catalogue
// entry whose code has moved fails loudly instead of silently testing nothing).
import type { Mutant } from './catalogue.ts';

export class MutantRotError extends Error {}

export function applyMutant(src: string, m: Mutant): string {
  const first = src.indexOf(m.search);
  if (first < 0) throw new MutantRotError(`mutant ${m.id}: search text not found in ${m.file} (the code moved: update the catalogue)`);
  if (src.indexOf(m.search, first + 1) >= 0) throw new MutantRotError(`mutant ${m.id}: search text occurs more than once in ${m.file}`);
  const out = src.slice(0, first) + m.replace + src.slice(first + m.search.length);
  if (out === src) throw new MutantRotError(`mutant ${m.id}: the replacement changes nothing`);
  return out;
}
