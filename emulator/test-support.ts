// Test helper: run a handful of A64 instruction words on a fresh model machine.
import { Machine } from './machine.ts';

export const CODE_BASE = 0x4008_0000;
/** mov x0,#0x84000008 (movz+movk) ; smc #0 — PSCI SYSTEM_OFF, ends a test program. */
export const POWER_OFF = [0xd2800100, 0xf2b08000, 0xd4000003];

/** Runs `words` for `steps` instructions (default: each word once, straight-line code). */
export function runWords(words: number[], setup?: (m: Machine) => void, steps = words.length): Machine {
  const m = new Machine({ profile: 'max', memMiB: 64, uartCapBytes: 1 << 16 });
  const bytes = new Uint8Array(new Uint32Array([...words, ...POWER_OFF]).buffer);
  m.loadElf({ entry: BigInt(CODE_BASE), segments: [{ paddr: CODE_BASE, vaddr: CODE_BASE, data: bytes, memsz: bytes.length }] });
  setup?.(m);
  m.run(steps, Date.now() + 10_000);
  return m;
}
