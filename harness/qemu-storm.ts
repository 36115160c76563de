// The exception-storm guard on the QEMU side (emulator/exception-storm.ts): QEMU's -d int
// log is the only view of what it executes, and in a storm it grows by megabytes a second,
// so the runner looks at the log's tail a few times a second and kills QEMU once the last
// records are a storm, instead of letting it fill the disk until the timeout.

import { open } from 'node:fs/promises';
import { ExceptionStormGuard, STORM_REPEATS } from '../emulator/exception-storm.ts';
import { parseIntLog } from './qemu-int-log.ts';
import type { ExceptionStorm } from './storm-report.ts';
import type { ExceptionRecord } from './types.ts';

/** How often the runner looks at the log. */
export const STORM_POLL_MS = 200;

/** Enough of the log's end for STORM_REPEATS records (about 130 bytes each) with room to spare. */
const TAIL_BYTES = STORM_REPEATS * 256;

/**
 * The storm at the end of a -d int log, if any. Without an instruction count, "no progress"
 * is the record's ELR being the vector it entered: the exception was raised by the vector's
 * first instruction, so nothing ran between two identical records.
 */
export function stormInLog(text: string): ExceptionStorm | undefined {
  const guard = new ExceptionStormGuard<ExceptionRecord>(sameEntry);
  for (const r of parseIntLog(text).records) {
    const entry = r.type === 'eret' || r.psci ? undefined : r;
    if (guard.observe(entry, r.elr !== undefined && r.elr === r.pc)) return { record: guard.storm!.entry, repeats: guard.storm!.repeats };
  }
  return undefined;
}

const sameEntry = (a: ExceptionRecord, b: ExceptionRecord): boolean =>
  a.type === b.type && a.esr === b.esr && a.elr === b.elr && a.pc === b.pc && a.fromEl === b.fromEl && a.toEl === b.toEl && a.far === b.far;

/** Reads the last TAIL_BYTES of the log (a missing log is no storm). */
export async function stormInLogTail(path: string): Promise<ExceptionStorm | undefined> {
  let f;
  try {
    f = await open(path, 'r');
  } catch {
    return undefined; // QEMU has not opened its log yet
  }
  try {
    const { size } = await f.stat();
    if (size < STORM_REPEATS * 64) return undefined; // too short to hold a storm
    const len = Math.min(size, TAIL_BYTES);
    const buf = Buffer.alloc(len);
    await f.read(buf, 0, len, size - len);
    // The first line is usually cut: parseIntLog ignores lines before a "Taking exception".
    return stormInLog(buf.toString('latin1'));
  } finally {
    await f.close();
  }
}
