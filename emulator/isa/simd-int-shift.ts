// Advanced SIMD shift by immediate and scalar shift by immediate, integer forms (Arm ARM
// C4.1.96; C7.2 pages of SSHR ... UQRSHRN). immh's highest set bit gives the element size;
// right shifts are 2*esize - immh:immb, left shifts immh:immb - esize. The fixed-point
// conversions (opcodes 11100, 11111) are the simd-fp room's: null.

import type { Cpu, Op } from '../cpu.ts';
import { bits, def, op, type InsnDef } from './common.ts';
import { begin, el, elU, finish, R16, regs, sat, setEl, uSat } from './simd-int-lanes.ts';

/** a: source element (signedness per row), s: shift, e: result esize, d: old destination. */
type Fn = (a: bigint, s: number, e: number, d: bigint) => bigint;
type Kind = 'same' | 'narrow' | 'long';

interface Row {
  name: string;
  kind: Kind;
  /** Right shift (2*esize - imm) or left shift (imm - esize). */
  right: boolean;
  unsigned: boolean;
  fn: Fn;
  /** The scalar form: 'd' 64-bit only, 'any' every size, undefined none. */
  scalar?: 'd' | 'any';
}

const ones = (e: number): bigint => (1n << BigInt(e)) - 1n;
const rnd = (a: bigint, s: number): bigint => (a + (1n << BigInt(s - 1))) >> BigInt(s);

function row(u: boolean, opcode: number): Row | undefined {
  const S = u ? 'U' : 'S';
  const same = (name: string, right: boolean, fn: Fn, scalar: 'd' | 'any' = 'd', unsigned = u): Row => ({ name, kind: 'same', right, unsigned, fn, scalar });
  const nar = (name: string, fn: Fn, unsigned: boolean, scalar?: 'any'): Row => ({ name, kind: 'narrow', right: true, unsigned, fn, scalar });
  switch (opcode) {
    case 0x00: return same(`${S}SHR`, true, (a, s) => a >> BigInt(s));
    case 0x02: return same(`${S}SRA`, true, (a, s, _e, d) => d + (a >> BigInt(s)));
    case 0x04: return same(`${S}RSHR`, true, rnd);
    case 0x06: return same(`${S}RSRA`, true, (a, s, _e, d) => d + rnd(a, s));
    case 0x08: return u ? same('SRI', true, (a, s, e, d) => { const m = ones(e) >> BigInt(s); return (d & ~m) | ((a >> BigInt(s)) & m); }) : undefined;
    case 0x0a: return u
      ? same('SLI', false, (a, s, e, d) => { const m = (ones(e) << BigInt(s)) & ones(e); return (d & ~m) | ((a << BigInt(s)) & m); })
      : same('SHL', false, (a, s) => a << BigInt(s));
    case 0x0c: return u ? same('SQSHLU', false, (a, s, e) => uSat(a << BigInt(s), e), 'any', false) : undefined;
    case 0x0e: return same(`${S}QSHL`, false, (a, s, e) => sat(a << BigInt(s), e, u), 'any');
    case 0x10: return u ? nar('SQSHRUN', (a, s, e) => uSat(a >> BigInt(s), e), false, 'any') : nar('SHRN', (a, s) => a >> BigInt(s), true);
    case 0x11: return u ? nar('SQRSHRUN', (a, s, e) => uSat(rnd(a, s), e), false, 'any') : nar('RSHRN', rnd, true);
    case 0x12: return nar(`${S}QSHRN`, (a, s, e) => sat(a >> BigInt(s), e, u), u, 'any');
    case 0x13: return nar(`${S}QRSHRN`, (a, s, e) => sat(rnd(a, s), e, u), u, 'any');
    case 0x14: return { name: `${S}SHLL`, kind: 'long', right: false, unsigned: u, fn: (a, s) => a << BigInt(s) };
    default: return undefined;
  }
}

const TABLE: (Row | undefined)[] = [];
for (let k = 0; k < 64; k++) TABLE[k] = row(k >= 32, k & 31);

// Op: rd rn; imm = U:opcode; imm2 = esize (of the result for narrowing, of the source for
// long); imm3 = shift; imm4 = elements; ra = part (Q) for narrow/long; sf = written width.
function shiftImm(c: Cpu, o: Op): void {
  begin(c);
  const r = TABLE[o.imm]!, e = o.imm2, s = o.imm3, n = o.imm4, u = r.unsigned;
  if (r.kind === 'narrow') {
    for (let i = 0; i < n; i++) R16[i] = r.fn(el(c, o.rn, 2 * e, i, u), s, e, 0n);
    const base = n === 1 ? 0 : o.ra * n;
    for (let i = 0; i < n; i++) setEl(c, o.rd, e, base + i, R16[i]);
  } else if (r.kind === 'long') {
    for (let i = 0; i < n; i++) R16[i] = r.fn(el(c, o.rn, e, o.ra * n + i, u), s, 2 * e, 0n);
    for (let i = 0; i < n; i++) setEl(c, o.rd, 2 * e, i, R16[i]);
  } else {
    for (let i = 0; i < n; i++) R16[i] = r.fn(el(c, o.rn, e, i, u), s, e, elU(c, o.rd, e, i));
    for (let i = 0; i < n; i++) setEl(c, o.rd, e, i, R16[i]);
  }
  finish(c, o.rd, o.sf);
}

function build(w: number, scalar: boolean): Op | undefined | null {
  const u = bits(w, 29, 29), immh = bits(w, 22, 19), opcode = bits(w, 15, 11), q = bits(w, 30, 30);
  if (immh === 0) return null; // Advanced SIMD modified immediate (simd.ts, simd-fp)
  if (opcode === 0x1c || opcode === 0x1f) return null; // SCVTF/UCVTF/FCVTZS/FCVTZU (fixed-point)
  const r = TABLE[(u << 5) | opcode];
  if (!r) return undefined;
  const lg = 31 - Math.clz32(immh), e = 8 << lg, imm = (immh << 3) | bits(w, 18, 16);
  const f = { ...regs(w), imm: (u << 5) | opcode, imm2: e, imm3: r.right ? 2 * e - imm : imm - e };
  if (r.kind !== 'same') {
    if (lg === 3) return undefined; // no 128-bit source or result
    if (scalar) {
      if (r.kind === 'long' || !r.scalar) return undefined;
      return op(shiftImm, `${r.name} (scalar)`, w, { ...f, imm4: 1, sf: e });
    }
    return op(shiftImm, r.name + (q ? '2' : ''), w, { ...f, imm4: 64 / e, ra: q, sf: r.kind === 'long' || q ? 128 : 64 });
  }
  if (scalar) {
    if (!r.scalar || (r.scalar === 'd' && lg !== 3)) return undefined;
    return op(shiftImm, `${r.name} (scalar)`, w, { ...f, imm4: 1, sf: e });
  }
  if (lg === 3 && !q) return undefined;
  const width = q ? 128 : 64;
  return op(shiftImm, `${r.name} (vector)`, w, { ...f, imm4: width / e, sf: width });
}

export const shiftEntries: InsnDef[] = [
  def('Advanced SIMD shift by immediate (integer)', 'simd-int', '0xx011110xxxxxxxxxxxx1xxxxxxxxxx', (w) => build(w, false)),
  def('Advanced SIMD scalar shift by immediate (integer)', 'simd-int', '01x111110xxxxxxxxxxxx1xxxxxxxxxx', (w) => build(w, true)),
];
