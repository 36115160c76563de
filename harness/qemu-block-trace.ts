// Streaming parser of QEMU's per-block state log (`-d cpu,nochain,exec,int,in_asm` without
// -singlestep): QEMU logs the CPU state each time it enters a translation block, and each
// block's guest instructions when it translates it. Lockstep by blocks (lockstep-blocks.ts)
// compares the model with QEMU at every block entry, about one state per five instructions,
// instead of at every instruction: QEMU runs about five times faster than single-stepped, and
// the log is a fifth the size.
//
// What the log holds, in order (QEMU 7.2, accel/tcg/cpu-exec.c and translator.c):
//   IN: <symbol>                       a translation: the block's instructions, one line each
//   0x40080000:  90000049  adrp ...
//                                      (blank line)
//   Trace 0: 0x7fab... [cs_base/pc/flags/cflags] <symbol>   an execution of the block at host
//    PC=... X00=... X01=...                                 address 0x7fab..., then the state
//   ...                                                     before its first instruction
//   PSTATE=400003c9 -Z-- EL2h ...
//   Taking exception 3 [...]           -d int: an exception taken inside or after the block
//   Stopped execution of TB chain before ...   the block was entered and left at once
//   cpu_io_recompile: rewound execution of TB to ...   (-icount) the block stopped before an
//                                      MMIO access; the access starts a block of its own
// A block is translated right before its first execution, so the translation printed just
// before a Trace line belongs to it; later executions are recognised by the host address.
// The states are decoded into 32-bit halves (no BigInt) so a comparison costs a few integer
// compares per register.

/** X0-X30 then SP as (low, high) 32-bit halves, PC as the last pair: 2 * 33 ints. */
export const STATE_PC = 64;

export interface BlockRecord {
  /** QEMU's "Trace n:" (cpu_index). */
  cpu: number;
  /** X0-X30, SP, PC as 32-bit halves (index 2n low, 2n + 1 high; SP at 62, PC at STATE_PC). */
  gpr: Int32Array;
  pstate: number;
  /** With -d fpu: V0-V31 as 32-bit words, lowest first (4 per register). */
  v?: Int32Array;
  fpcr?: number;
  fpsr?: number;
  /** Guest instructions in the block; undefined when its translation was not seen. */
  count: number | undefined;
  /** An exception line followed the state: the block ended in (or was cut by) an exception. */
  exception: boolean;
  /** QEMU stopped the block before an MMIO access (cpu_io_recompile); it ran up to there. */
  partial: boolean;
}

const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) { HEX[97 + i] = 10 + i; HEX[65 + i] = 10 + i; }

/** The 8 hex digits at s[i..i+8) as a signed 32-bit integer. */
function hex32(s: string, i: number): number {
  let v = 0;
  for (let k = 0; k < 8; k++) v = (v << 4) | HEX[s.charCodeAt(i + k)];
  return v | 0;
}

/** The hex number s[i..j) (up to 16 digits) as a float key: exact below 2^53, distinct enough above (hi * 2^32 + lo). */
function hexKey(s: string, i: number, j: number): number {
  let hi = 0, lo = 0;
  for (let k = i; k < j; k++) {
    hi = ((hi << 4) | (lo >>> 28)) >>> 0;
    lo = ((lo << 4) | HEX[s.charCodeAt(k)]) >>> 0;
  }
  return hi * 4294967296 + lo;
}

/** Reads the "NAME=<16 hex>" fields of a register line s[i..end) into the record's halves. */
function readGprLine(s: string, i: number, end: number, gpr: Int32Array): void {
  for (let eq = s.indexOf('=', i); eq >= 0 && eq < end; eq = s.indexOf('=', eq + 17)) {
    const a = s.charCodeAt(eq - 2), b = s.charCodeAt(eq - 1);
    let slot: number;
    if (a === 80 /* P */ && b === 67 /* C */) slot = 32;
    else if (a === 83 /* S */ && b === 80 /* P */) slot = 31;
    else slot = (a - 48) * 10 + (b - 48);
    gpr[2 * slot + 1] = hex32(s, eq + 1);
    gpr[2 * slot] = hex32(s, eq + 9);
  }
}

/** Reads "Qnn=<16 hex>:<16 hex>" (or Znn, the low 128 bits of an SVE register) fields. */
function readVectorLine(s: string, i: number, end: number, v: Int32Array): void {
  for (let eq = s.indexOf('=', i); eq >= 0 && eq < end; eq = s.indexOf('=', eq + 34)) {
    const n = (s.charCodeAt(eq - 2) - 48) * 10 + (s.charCodeAt(eq - 1) - 48);
    if (n < 0 || n >= 32) continue;
    v[4 * n + 3] = hex32(s, eq + 1);
    v[4 * n + 2] = hex32(s, eq + 9);
    v[4 * n + 1] = hex32(s, eq + 18);
    v[4 * n] = hex32(s, eq + 26);
  }
}

const startsAt = (s: string, i: number, prefix: string): boolean => s.startsWith(prefix, i);

export class QemuBlockTraceParser {
  /** Complete records, oldest first; the consumer empties it. */
  readonly ready: BlockRecord[] = [];
  /** Instructions of the block at each host address (its key), from its translation. */
  private readonly countByHost = new Map<number, number>();
  /** The translation just printed: its first address (key) and instruction count. */
  private translatedPc = -1;
  private translatedCount = 0;
  private inTranslation = false;
  /** The record whose register lines are being read. */
  private cur: BlockRecord | undefined;
  /** The last complete record, held until the next Trace line (lines after it may flag it). */
  private pending: BlockRecord | undefined;
  private partialLine = '';

  /** Feeds a chunk of the log (latin1 text). */
  feed(chunk: string): void {
    const text = this.partialLine === '' ? chunk : this.partialLine + chunk;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      this.line(text, start, nl);
      start = nl + 1;
    }
    this.partialLine = text.slice(start);
  }

  /** The log ended: the record held back was executed. */
  end(): void {
    if (this.partialLine !== '') this.line(this.partialLine, 0, this.partialLine.length);
    this.partialLine = '';
    if (this.pending) this.ready.push(this.pending);
    this.pending = undefined;
  }

  /** One line, s[i..end) without its newline. */
  line(s: string, i: number, end: number): void {
    const c0 = s.charCodeAt(i);
    if (this.cur) {
      if (c0 === 80 /* P */ && startsAt(s, i, 'PSTATE=')) this.finishState(s, i, end);
      else readGprLine(s, i, end, this.cur.gpr);
      return;
    }
    if (this.inTranslation) {
      // "0x<addr>:  <word>  <disassembly>" per instruction; a blank line ends the block.
      if (c0 === 48 /* 0 */ && s.charCodeAt(i + 1) === 120 /* x */) {
        if (this.translatedCount++ === 0) this.translatedPc = hexKey(s, i + 2, s.indexOf(':', i));
        return;
      }
      this.inTranslation = false;
    }
    if (c0 === 84 /* T */ && startsAt(s, i, 'Trace ')) return this.startState(s, i);
    if (c0 === 73 /* I */ && startsAt(s, i, 'IN:')) {
      this.inTranslation = true;
      this.translatedCount = 0;
      return;
    }
    const pending = this.pending;
    if (!pending) return;
    if ((c0 === 81 /* Q */ || c0 === 90 /* Z */) && pending.v) return readVectorLine(s, i, end, pending.v);
    if (startsAt(s, i, 'Taking exception')) pending.exception = true;
    else if (startsAt(s, i, 'Stopped execution of TB chain before')) this.pending = undefined;
    else if (startsAt(s, i, 'cpu_io_recompile:')) pending.partial = true;
  }

  private startState(s: string, i: number): void {
    if (this.pending) this.ready.push(this.pending);
    this.pending = undefined;
    // "Trace 0: 0x7fab... [cs_base/pc/flags/cflags] sym"
    const colon = s.indexOf(':', i);
    const host = hexKey(s, colon + 4, s.indexOf(' ', colon + 2));
    const slash = s.indexOf('/', s.indexOf('[', colon));
    const pc = hexKey(s, slash + 1, s.indexOf('/', slash + 1));
    let count: number | undefined;
    if (this.translatedCount > 0 && this.translatedPc === pc) {
      count = this.translatedCount;
      this.countByHost.set(host, count);
    } else {
      count = this.countByHost.get(host);
    }
    this.translatedCount = 0;
    let cpu = 0;
    for (let k = i + 6; k < colon; k++) cpu = cpu * 10 + (s.charCodeAt(k) - 48);
    this.cur = { cpu, gpr: new Int32Array(66), pstate: 0, count, exception: false, partial: false };
  }

  private finishState(s: string, i: number, end: number): void {
    const rec = this.cur!;
    this.cur = undefined;
    rec.pstate = hex32(s, i + 7) >>> 0;
    // With -d fpu the line goes on: "... BTYPE=0     FPCR=00000000 FPSR=00000000".
    if (end - i > 64) {
      const line = s.slice(i, end);
      const f = line.indexOf(' FPCR='), q = line.indexOf(' FPSR=');
      if (f >= 0) {
        rec.fpcr = hex32(line, f + 6) >>> 0;
        rec.fpsr = q >= 0 ? hex32(line, q + 6) >>> 0 : 0;
        rec.v = new Int32Array(128);
      }
    }
    this.pending = rec;
  }
}
