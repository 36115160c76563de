// Drawing instruction words from rows of the model's decode table, shared by the stream
// classes (generate.ts and classes/*.ts).

import { decode, decodeRow, DECODE_TABLE } from '../../emulator/decode.ts';
import type { InsnDef } from '../../emulator/isa/common.ts';
import { executedUnallocated, qemuCrashWord } from '../qemu-encoding-quirks.ts';

export const rowsOf = (cls: string): InsnDef[] => DECODE_TABLE.filter((d) => d.cls === cls);

/** A random word of `row` with the fields `fix` forces; undefined unless it decodes back to `row`. */
export function fromRow(row: InsnDef, bits: number, fix: (w: number) => number): number | undefined {
  const w = fix(((row.value | (bits & ~row.mask)) >>> 0));
  const name = decode(w).name;
  if (decodeRow(w) !== row || name === 'UNDEFINED' || NOT_GENERATED.has(name) || name.includes('not modelled')) return undefined;
  // Unallocated words QEMU 7.2 executes or aborts on (the model decodes the first to imitate it on request).
  if (executedUnallocated(w) !== undefined || qemuCrashWord(w) !== undefined) return undefined;
  return w;
}

/** Decoded instructions the streams leave out (none at present). */
const NOT_GENERATED = new Set<string>([]);

