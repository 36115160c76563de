// Streaming parser of QEMU's per-instruction state log (`-singlestep -d cpu,nochain,exec`):
// every executed instruction prints a block
//   Trace 0: 0x... [.../0000000040080000/...]
//    PC=0000000040080000 X00=... X01=...
//   ... X29=... X30=...  SP=...
//   PSTATE=400003c9 -Z-- EL2h  SVCR=00000000 --  BTYPE=0
// with the state *before* the instruction executes. Lines of other kinds (the `-d int`
// exception lines) are skipped. States are yielded one at a time so a run of tens of
// millions of instructions is never held in memory.

import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

export interface ArchState {
  pc: bigint;
  /** X0..X30 */
  x: bigint[];
  sp: bigint;
  pstate: number;
  /**
   * With `-d fpu` (LockstepOptions.vector): V0-V31 as 64 halves (low, high per register),
   * FPCR and FPSR. QEMU prints them after PSTATE as "Qnn=hi:lo" (or "Znn=hi:lo", the low 128
   * bits of each SVE register at VL 128, on CPUs with SVE).
   */
  v?: bigint[];
  fpcr?: number;
  fpsr?: number;
}

const FIELD = /([A-Z]+[0-9]*)=([0-9a-f]+)/g;
const VREG = /[QZ]([0-9]{2})=([0-9a-f]{16}):([0-9a-f]{16})/g;

export async function* parseQemuTrace(input: Readable): AsyncGenerator<ArchState> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  let cur: { pc?: bigint; x: bigint[]; sp?: bigint } | undefined;
  // The last complete state, held back until the next one starts: QEMU logs a block's state
  // when it enters the block, and "Stopped execution of TB chain before ..." right after when
  // it left without executing it (an exit request at its start: a pending interrupt, the
  // -icount budget running out). That state was not executed; QEMU logs it again when it is.
  let pending: ArchState | undefined;
  for await (const line of rl) {
    if (line.startsWith('Trace ')) {
      if (pending) yield pending;
      pending = undefined;
      cur = { x: new Array<bigint>(31) };
      continue;
    }
    if (line.startsWith('Stopped execution of TB chain before')) {
      pending = undefined;
      continue;
    }
    if (!cur) {
      // The FP/SIMD lines of `-d fpu` follow PSTATE and belong to the state just completed.
      if (pending?.v && (line[0] === 'Q' || line[0] === 'Z')) {
        for (const m of line.matchAll(VREG)) {
          const n = Number(m[1]);
          if (n < 32) { pending.v[2 * n] = BigInt('0x' + m[3]); pending.v[2 * n + 1] = BigInt('0x' + m[2]); }
        }
      }
      continue;
    }
    if (line.startsWith('PSTATE=')) {
      const pstate = parseInt(line.slice(7, 15), 16);
      if (cur.pc !== undefined && cur.sp !== undefined) pending = { pc: cur.pc, x: cur.x, sp: cur.sp, pstate };
      const fpcr = / FPCR=([0-9a-f]{8})/.exec(line), fpsr = / FPSR=([0-9a-f]{8})/.exec(line);
      if (pending && fpcr && fpsr) {
        pending.fpcr = parseInt(fpcr[1], 16);
        pending.fpsr = parseInt(fpsr[1], 16);
        pending.v = new Array<bigint>(64).fill(0n);
      }
      cur = undefined;
      continue;
    }
    for (const m of line.matchAll(FIELD)) {
      const [, name, val] = m;
      if (name === 'PC') cur.pc = BigInt('0x' + val);
      else if (name === 'SP') cur.sp = BigInt('0x' + val);
      else if (name[0] === 'X') cur.x[Number(name.slice(1))] = BigInt('0x' + val);
    }
  }
  if (pending) yield pending;
}

/** Names and values of the fields that differ between two states. */
export function diffStates(q: ArchState, m: ArchState): { name: string; qemu: string; model: string }[] {
  const out: { name: string; qemu: string; model: string }[] = [];
  const h = (v: bigint): string => '0x' + v.toString(16).padStart(16, '0');
  if (q.pc !== m.pc) out.push({ name: 'pc', qemu: h(q.pc), model: h(m.pc) });
  for (let i = 0; i < 31; i++) if (q.x[i] !== m.x[i]) out.push({ name: `x${i}`, qemu: h(q.x[i]), model: h(m.x[i]) });
  if (q.sp !== m.sp) out.push({ name: 'sp', qemu: h(q.sp), model: h(m.sp) });
  const h32 = (v: number): string => '0x' + (v >>> 0).toString(16).padStart(8, '0');
  if (q.pstate !== m.pstate) out.push({ name: 'pstate', qemu: h32(q.pstate), model: h32(m.pstate) });
  // FP/SIMD state, when both sides carry it (lockstep with `vector`).
  if (q.v && m.v) {
    for (let n = 0; n < 32; n++) {
      if (q.v[2 * n] !== m.v[2 * n] || q.v[2 * n + 1] !== m.v[2 * n + 1]) {
        const q128 = (v: bigint[]): string => '0x' + v[2 * n + 1].toString(16).padStart(16, '0') + '_' + v[2 * n].toString(16).padStart(16, '0');
        out.push({ name: `v${n}`, qemu: q128(q.v), model: q128(m.v) });
      }
    }
  }
  if (q.fpcr !== undefined && m.fpcr !== undefined && q.fpcr !== m.fpcr) out.push({ name: 'fpcr', qemu: h32(q.fpcr), model: h32(m.fpcr) });
  if (q.fpsr !== undefined && m.fpsr !== undefined && q.fpsr !== m.fpsr) out.push({ name: 'fpsr', qemu: h32(q.fpsr), model: h32(m.fpsr) });
  return out;
}
