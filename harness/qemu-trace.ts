// Parser of QEMU's per-instruction state log (`-singlestep -d cpu,nochain,exec`), for lockstep
// with several PEs (sync-trace-reader.ts; one PE: qemu-block-trace.ts), and the state type and
// comparison the gdbstub checkpoints share:
// every executed instruction prints a block
//   Trace 0: 0x... [.../0000000040080000/...]
//    PC=0000000040080000 X00=... X01=...
//   ... X29=... X30=...  SP=...
//   PSTATE=400003c9 -Z-- EL2h  SVCR=00000000 --  BTYPE=0
// with the state *before* the instruction executes. Lines of other kinds (the `-d int`
// exception lines) are skipped. "Trace n:" names the vCPU (cpu_index, the PE's index on the
// virt board); with several PEs and -icount one thread runs them in turn, so the log is
// the order they executed in. States are yielded one at a time so a run of tens of
// millions of instructions is never held in memory.


export interface ArchState {
  /** The PE that executed it: QEMU's "Trace n:" (cpu_index); the model's PE index. */
  cpu?: number;
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

/**
 * The parser as a state machine fed one line at a time, for the async stream below and for
 * the synchronous reader lockstep with several PEs uses (sync-trace-reader.ts). Complete
 * states queue in `ready`.
 */
export class QemuTraceParser {
  readonly ready: ArchState[] = [];
  private cur: { cpu: number; pc?: bigint; x: bigint[]; sp?: bigint } | undefined;
  // The last complete state, held back until the next one starts: QEMU logs a block's state
  // when it enters the block, and right after it one of two lines when that state was not
  // executed as logged: "Stopped execution of TB chain before ..." (it left at the block's
  // start: an exit request, a pending interrupt, the -icount budget running out), or
  // "cpu_io_recompile: rewound execution of TB to ..." (with -icount, an MMIO access in a
  // block not compiled for I/O: the block is recompiled and the same state logged again).
  private pending: ArchState | undefined;

  line(line: string): void {
    if (line.startsWith('Trace ')) {
      if (this.pending) this.ready.push(this.pending);
      this.pending = undefined;
      this.cur = { cpu: parseInt(line.slice(6), 10) || 0, x: new Array<bigint>(31) };
      return;
    }
    if (line.startsWith('Stopped execution of TB chain before') || line.startsWith('cpu_io_recompile:')) {
      this.pending = undefined;
      return;
    }
    const cur = this.cur;
    if (!cur) {
      // The FP/SIMD lines of `-d fpu` follow PSTATE and belong to the state just completed.
      const pending = this.pending;
      if (pending?.v && (line[0] === 'Q' || line[0] === 'Z')) {
        for (const m of line.matchAll(VREG)) {
          const n = Number(m[1]);
          if (n < 32) { pending.v[2 * n] = BigInt('0x' + m[3]); pending.v[2 * n + 1] = BigInt('0x' + m[2]); }
        }
      }
      return;
    }
    if (line.startsWith('PSTATE=')) {
      const pstate = parseInt(line.slice(7, 15), 16);
      if (cur.pc !== undefined && cur.sp !== undefined) this.pending = { cpu: cur.cpu, pc: cur.pc, x: cur.x, sp: cur.sp, pstate };
      const fpcr = / FPCR=([0-9a-f]{8})/.exec(line), fpsr = / FPSR=([0-9a-f]{8})/.exec(line);
      if (this.pending && fpcr && fpsr) {
        this.pending.fpcr = parseInt(fpcr[1], 16);
        this.pending.fpsr = parseInt(fpsr[1], 16);
        this.pending.v = new Array<bigint>(64).fill(0n);
      }
      this.cur = undefined;
      return;
    }
    for (const m of line.matchAll(FIELD)) {
      const [, name, val] = m;
      if (name === 'PC') cur.pc = BigInt('0x' + val);
      else if (name === 'SP') cur.sp = BigInt('0x' + val);
      else if (name[0] === 'X') cur.x[Number(name.slice(1))] = BigInt('0x' + val);
    }
  }

  /** The log ended: the state held back was executed. */
  end(): void {
    if (this.pending) this.ready.push(this.pending);
    this.pending = undefined;
  }
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
