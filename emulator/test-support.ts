// Test helper: run a handful of A64 instruction words on a fresh model machine.
import { Machine, type MachineOptions } from './machine.ts';

export const CODE_BASE = 0x4008_0000;
/** mov x0,#0x84000008 (movz+movk) ; smc #0 — PSCI SYSTEM_OFF, ends a test program. */
export const POWER_OFF = [0xd2800100, 0xf2b08000, 0xd4000003];

/** Runs `words` for `steps` instructions (default: each word once, straight-line code). */
export function runWords(words: number[], setup?: (m: Machine) => void, steps = words.length, opts: Partial<MachineOptions> = {}): Machine {
  const m = new Machine({ profile: 'max', memMiB: 64, uartCapBytes: 1 << 16, ...opts });
  const bytes = new Uint8Array(new Uint32Array([...words, ...POWER_OFF]).buffer);
  m.loadElf({ entry: BigInt(CODE_BASE), segments: [{ paddr: CODE_BASE, vaddr: CODE_BASE, data: bytes, memsz: bytes.length }] });
  setup?.(m);
  m.run(steps, Date.now() + 10_000);
  return m;
}

/** A minimal valid AArch64 ELF64 with one PT_LOAD of `code` at `addr`. */
export function makeElf(code: Uint8Array, addr = 0x40080000): Uint8Array {
  const buf = new Uint8Array(64 + 56 + code.length);
  const dv = new DataView(buf.buffer);
  buf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
  dv.setUint16(16, 2, true); // ET_EXEC
  dv.setUint16(18, 183, true); // EM_AARCH64
  dv.setUint32(20, 1, true);
  dv.setBigUint64(24, BigInt(addr), true);
  dv.setBigUint64(32, 64n, true); // phoff
  dv.setUint16(52, 64, true);
  dv.setUint16(54, 56, true);
  dv.setUint16(56, 1, true);
  dv.setUint32(64, 1, true); // PT_LOAD
  dv.setBigUint64(64 + 8, 120n, true);
  dv.setBigUint64(64 + 16, BigInt(addr), true);
  dv.setBigUint64(64 + 24, BigInt(addr), true);
  dv.setBigUint64(64 + 32, BigInt(code.length), true);
  dv.setBigUint64(64 + 40, BigInt(code.length), true);
  buf.set(code, 120);
  return buf;
}

