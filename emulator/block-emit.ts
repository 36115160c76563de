// JavaScript source for the commonest instructions of a translated block, specialized on
// the fields of their decoded Op (register slots, shift amounts and conditions become
// constants). Each emitter computes exactly what its handler computes; the handlers stay the
// reference, and block-translator.test.ts runs random instructions of every emitted kind both
// ways and compares. An op without an emitter is translated as a call to its handler.
//
// The generated code sees `c` (the Cpu), `x` (c.x, the register halves) and `pc` (PC[31:0]
// of the block's first instruction); all values are int32.

import type { Handler, Op } from './cpu.ts';
import { addImm32, addImm64, addsImm, bitfield, extr, logImm, movImm, movk, subImm32, subImm64, subsImm } from './isa/dp-imm.ts';
import { addSubShifted, condSelect, logReg, maddMsub, movReg } from './isa/dp-reg.ts';
import { b, bcond, cbz, tbz } from './isa/branch.ts';

type Emitter = (o: Op) => string | undefined;
/** A block-ending branch: code that leaves PC at the branch target or at `next` (the PC after it). */
type EndEmitter = (o: Op, here: string, next: string) => string;

/** ConditionHolds(cond) (C1.2.4) as a JS expression over c.n, c.z, c.cf, c.v. */
function condExpr(cond: number): string {
  const base = ['c.z === 1', 'c.cf === 1', 'c.n === 1', 'c.v === 1', '(c.cf === 1 && c.z === 0)', 'c.n === c.v',
    '(c.n === c.v && c.z === 0)', 'true'][cond >>> 1];
  return (cond & 1) !== 0 && cond !== 15 ? `!(${base})` : base;
}

/**
 * Shift(Rm, type, amount) of a 64-bit value (halves in variables lo, hi) by a constant
 * 0..63 (type: 0 LSL, 1 LSR, 2 ASR, 3 ROR): [low, high] expressions.
 */
function shift64(type: number, n: number, lo: string, hi: string): [string, string] {
  if (n === 0) return [lo, hi];
  switch (type) {
    case 0:
      if (n < 32) return [`(${lo} << ${n})`, `((${hi} << ${n}) | (${lo} >>> ${32 - n}))`];
      return ['0', n === 32 ? lo : `(${lo} << ${n - 32})`];
    case 1:
      if (n < 32) return [`((${lo} >>> ${n}) | (${hi} << ${32 - n}))`, `(${hi} >>> ${n})`];
      return [n === 32 ? hi : `(${hi} >>> ${n - 32})`, '0'];
    case 2:
      if (n < 32) return [`((${lo} >>> ${n}) | (${hi} << ${32 - n}))`, `(${hi} >> ${n})`];
      return [n === 32 ? hi : `(${hi} >> ${n - 32})`, `(${hi} >> 31)`];
    default:
      if (n < 32) return [`((${lo} >>> ${n}) | (${hi} << ${32 - n}))`, `((${hi} >>> ${n}) | (${lo} << ${32 - n}))`];
      if (n === 32) return [hi, lo];
      return [`((${hi} >>> ${n - 32}) | (${lo} << ${64 - n}))`, `((${lo} >>> ${n - 32}) | (${hi} << ${64 - n}))`];
  }
}

/** The same for a 32-bit value v by 0..31. */
function shift32(type: number, n: number, v: string): string {
  if (n === 0) return v;
  switch (type) {
    case 0: return `(${v} << ${n})`;
    case 1: return `(${v} >>> ${n})`;
    case 2: return `(${v} >> ${n})`;
    default: return `((${v} >>> ${n}) | (${v} << ${32 - n}))`;
  }
}

/**
 * AddWithCarry of a = X[rn] (already in al, ah) and b (bl, bh) with carry-in cin: writes
 * X[rd] and, with setFlags, NZCV (shared/functions/integer/AddWithCarry).
 */
function addWithCarry(sf: number, cin: string, rd: number, setFlags: boolean): string {
  if (sf) {
    return [
      `const sl = (al >>> 0) + (bl >>> 0) + ${cin}; const lo = sl | 0;`,
      'const sh = (ah >>> 0) + (bh >>> 0) + (sl > 4294967295 ? 1 : 0); const hi = sh | 0;',
      setFlags ? 'c.n = hi >>> 31; c.z = (lo | hi) === 0 ? 1 : 0; c.cf = sh > 4294967295 ? 1 : 0; c.v = ((ah ^ hi) & (bh ^ hi)) >>> 31;' : '',
      `x[${rd}] = lo; x[${rd + 1}] = hi;`,
    ].join(' ');
  }
  return [
    `const s = (al >>> 0) + (bl >>> 0) + ${cin}; const r = s | 0;`,
    setFlags ? 'c.n = r >>> 31; c.z = r === 0 ? 1 : 0; c.cf = s > 4294967295 ? 1 : 0; c.v = ((al ^ r) & (bl ^ r)) >>> 31;' : '',
    `x[${rd}] = r; x[${rd + 1}] = 0;`,
  ].join(' ');
}

/** Logical (shifted register): imm = amount, imm2 = type, imm3 = opc, ra = N. */
function emitLogReg(o: Op): string {
  const inv = o.ra ? '~' : '';
  const opr = o.imm3 === 1 ? '|' : o.imm3 === 2 ? '^' : '&';
  if (o.sf) {
    const [bl, bh] = shift64(o.imm2, o.imm, 'ml', 'mh');
    const flags = o.imm3 === 3 ? ' c.n = hi >>> 31; c.z = (lo | hi) === 0 ? 1 : 0; c.cf = 0; c.v = 0;' : '';
    return `{ const ml = x[${o.rm}], mh = x[${o.rm + 1}]; const lo = x[${o.rn}] ${opr} ${inv}${bl}, hi = x[${o.rn + 1}] ${opr} ${inv}${bh};` +
      `${flags} x[${o.rd}] = lo; x[${o.rd + 1}] = hi; }`;
  }
  const flags = o.imm3 === 3 ? ' c.n = r >>> 31; c.z = r === 0 ? 1 : 0; c.cf = 0; c.v = 0;' : '';
  return `{ const m = x[${o.rm}]; const r = x[${o.rn}] ${opr} ${inv}${shift32(o.imm2, o.imm, 'm')};${flags} x[${o.rd}] = r; x[${o.rd + 1}] = 0; }`;
}

/** ADD/SUB(S) (shifted register): imm = amount, imm2 = type, imm3 = sub, ra = S. */
function emitAddSubShifted(o: Op): string {
  const inv = o.imm3 ? '~' : '';
  if (o.sf) {
    const [bl, bh] = shift64(o.imm2, o.imm, 'ml', 'mh');
    return `{ const ml = x[${o.rm}], mh = x[${o.rm + 1}], al = x[${o.rn}], ah = x[${o.rn + 1}]; const bl = ${inv}${bl}, bh = ${inv}${bh}; ` +
      `${addWithCarry(1, o.imm3 ? '1' : '0', o.rd, o.ra === 1)} }`;
  }
  return `{ const m = x[${o.rm}], al = x[${o.rn}]; const bl = ${inv}${shift32(o.imm2, o.imm, 'm')}; ` +
    `${addWithCarry(0, o.imm3 ? '1' : '0', o.rd, o.ra === 1)} }`;
}

/** ADDS/SUBS (immediate); imm = 0..0xfff000. */
function emitAddsSubsImm(sub: boolean): Emitter {
  return (o) => {
    if (o.sf) {
      const b = sub ? `const bl = ${~o.imm}, bh = -1;` : `const bl = ${o.imm}, bh = 0;`;
      return `{ const al = x[${o.rn}], ah = x[${o.rn + 1}]; ${b} ${addWithCarry(1, sub ? '1' : '0', o.rd, true)} }`;
    }
    return `{ const al = x[${o.rn}]; const bl = ${sub ? ~o.imm : o.imm}; ${addWithCarry(0, sub ? '1' : '0', o.rd, true)} }`;
  };
}

/** ADD (immediate), 64-bit. */
function emitAddImm64(o: Op): string {
  return `{ const s = (x[${o.rn}] >>> 0) + ${o.imm}; x[${o.rd + 1}] = (x[${o.rn + 1}] + (s > 4294967295 ? 1 : 0)) | 0; x[${o.rd}] = s | 0; }`;
}

/** MADD/MSUB: imm = 1 for MSUB. The 64-bit product is formed from 16-bit partial products (bits.ts mul64). */
function emitMaddMsub(o: Op): string {
  if (!o.sf) {
    return `{ const p = Math.imul(x[${o.rn}], x[${o.rm}]); x[${o.rd}] = (x[${o.ra}] ${o.imm ? '-' : '+'} p) | 0; x[${o.rd + 1}] = 0; }`;
  }
  return [
    `{ const nl = x[${o.rn}], nh = x[${o.rn + 1}], ml = x[${o.rm}], mh = x[${o.rm + 1}];`,
    'const a0 = nl & 0xffff, a1 = nl >>> 16, b0 = ml & 0xffff, b1 = ml >>> 16;',
    'const p01 = a0 * b1, p10 = a1 * b0;',
    'const mid = ((a0 * b0) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);',
    'const ph = (a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16) + Math.imul(nl, mh) + Math.imul(nh, ml)) | 0;',
    'const pl = Math.imul(nl, ml);',
    `const al = x[${o.ra}], ah = x[${o.ra + 1}];`,
    o.imm ? 'const bl = ~pl, bh = ~ph;' : 'const bl = pl, bh = ph;',
    `${addWithCarry(1, o.imm ? '1' : '0', o.rd, false)} }`,
  ].join(' ');
}

/** EXTR: imm = lsb. */
function emitExtr(o: Op): string {
  const lsb = o.imm;
  if (!o.sf) {
    return `{ const n = x[${o.rn}], m = x[${o.rm}]; x[${o.rd}] = ${lsb === 0 ? 'm' : `(m >>> ${lsb}) | (n << ${32 - lsb})`}; x[${o.rd + 1}] = 0; }`;
  }
  let lo: string, hi: string;
  if (lsb === 0) { lo = 'ml'; hi = 'mh'; }
  else if (lsb < 32) { lo = `(ml >>> ${lsb}) | (mh << ${32 - lsb})`; hi = `(mh >>> ${lsb}) | (nl << ${32 - lsb})`; }
  else if (lsb === 32) { lo = 'mh'; hi = 'nl'; }
  else { const k = lsb - 32; lo = `(mh >>> ${k}) | (nl << ${32 - k})`; hi = `(nl >>> ${k}) | (nh << ${32 - k})`; }
  return `{ const nl = x[${o.rn}], nh = x[${o.rn + 1}], ml = x[${o.rm}], mh = x[${o.rm + 1}]; x[${o.rd}] = ${lo}; x[${o.rd + 1}] = ${hi}; }`;
}

/** CSEL/CSINC/CSINV/CSNEG: imm = cond, imm2 = (op << 1) | op2. */
function emitCondSelect(o: Op): string {
  let alt: string;
  switch (o.imm2) {
    case 1: alt = 'const s = (lo >>> 0) + 1; lo = s | 0; if (s > 4294967295) hi = (hi + 1) | 0;'; break;
    case 2: alt = 'lo = ~lo; hi = ~hi;'; break;
    case 3: alt = 'lo = ~lo; hi = ~hi; const s = (lo >>> 0) + 1; lo = s | 0; if (s > 4294967295) hi = (hi + 1) | 0;'; break;
    default: alt = '';
  }
  return `{ let lo, hi; if (${condExpr(o.imm)}) { lo = x[${o.rn}]; hi = x[${o.rn + 1}]; } ` +
    `else { lo = x[${o.rm}]; hi = x[${o.rm + 1}]; ${alt} } x[${o.rd}] = lo; x[${o.rd + 1}] = ${o.sf ? 'hi' : '0'}; }`;
}

/** SUB (immediate), 64-bit. */
function emitSubImm64(o: Op): string {
  return `{ const a = x[${o.rn}] >>> 0; x[${o.rd + 1}] = (x[${o.rn + 1}] - (a < ${o.imm} ? 1 : 0)) | 0; x[${o.rd}] = (a - ${o.imm}) | 0; }`;
}

/** ADD/SUB (immediate), 32-bit. */
function emitAddSubImm32(sub: boolean): Emitter {
  return (o) => `x[${o.rd}] = (x[${o.rn}] ${sub ? '-' : '+'} ${o.imm}) | 0; x[${o.rd + 1}] = 0;`;
}

/** Logical (immediate): imm/imm2 = the mask halves, imm3 = opc (0 AND, 1 ORR, 2 EOR, 3 ANDS). */
function emitLogImm(o: Op): string {
  const opr = o.imm3 === 1 ? '|' : o.imm3 === 2 ? '^' : '&';
  const flags = o.imm3 !== 3 ? '' : o.sf
    ? ' c.n = hi >>> 31; c.z = (lo | hi) === 0 ? 1 : 0; c.cf = 0; c.v = 0;'
    : ' c.n = lo >>> 31; c.z = lo === 0 ? 1 : 0; c.cf = 0; c.v = 0;';
  const hi = o.sf ? `x[${o.rn + 1}] ${opr} ${o.imm2}` : '0';
  return `{ const lo = x[${o.rn}] ${opr} ${o.imm}, hi = ${hi};${flags} x[${o.rd}] = lo; x[${o.rd + 1}] = hi; }`;
}

/** MOVZ/MOVN: imm/imm2 = the value's halves. */
function emitMovImm(o: Op): string {
  return `x[${o.rd}] = ${o.imm}; x[${o.rd + 1}] = ${o.imm2};`;
}

/** MOVK: imm = the 16-bit value, imm2 = the shift (0, 16, 32, 48). */
function emitMovk(o: Op): string {
  const sh = o.imm2;
  const slot = sh < 32 ? o.rd : o.rd + 1;
  const set = `x[${slot}] = (x[${slot}] & ${~(0xffff << (sh & 31))}) | ${(o.imm << (sh & 31)) | 0};`;
  return o.sf ? set : `${set} x[${o.rd + 1}] = 0;`;
}

/**
 * BFM/SBFM/UBFM (C6.2 pseudocode): imm/imm2 = wmask, imm3/imm4 = tmask, ra = opc (0 SBFM,
 * 1 BFM, 2 UBFM), rm = immr, rm2 = imms.
 */
function emitBitfield(o: Op): string {
  const opc = o.ra;
  if (o.sf) {
    const [rl, rh] = shift64(3, o.rm, 'sl', 'sh');
    const sign = o.rm2 < 32 ? `((sl >>> ${o.rm2}) & 1)` : `((sh >>> ${o.rm2 - 32}) & 1)`;
    const merge = opc === 1 ? ` bl = (dl & ${~o.imm}) | bl; bh = (dh & ${~o.imm2}) | bh;` : '';
    const top = opc === 0 ? `const tl = ${sign} === 1 ? -1 : 0, th = tl;` : opc === 1 ? 'const tl = dl, th = dh;' : 'const tl = 0, th = 0;';
    return `{ const sl = x[${o.rn}], sh = x[${o.rn + 1}], dl = x[${o.rd}], dh = x[${o.rd + 1}]; ` +
      `let bl = ${rl} & ${o.imm}, bh = ${rh} & ${o.imm2};${merge} ${top} ` +
      `x[${o.rd}] = (tl & ${~o.imm3}) | (bl & ${o.imm3}); x[${o.rd + 1}] = (th & ${~o.imm4}) | (bh & ${o.imm4}); }`;
  }
  const merge = opc === 1 ? ` b = (d & ${~o.imm}) | b;` : '';
  const top = opc === 0 ? `((s >>> ${o.rm2}) & 1) === 1 ? -1 : 0` : opc === 1 ? 'd' : '0';
  return `{ const s = x[${o.rn}], d = x[${o.rd}]; let b = ${shift32(3, o.rm, 's')} & ${o.imm};${merge} ` +
    `const t = ${top}; x[${o.rd}] = (t & ${~o.imm3}) | (b & ${o.imm3}); x[${o.rd + 1}] = 0; }`;
}

function emitMovReg(o: Op): string {
  return `x[${o.rd}] = x[${o.rm}]; x[${o.rd + 1}] = ${o.sf ? `x[${o.rm + 1}]` : '0'};`;
}

const BODY = new Map<Handler, Emitter>([
  [logReg, emitLogReg],
  [movReg, emitMovReg],
  [addSubShifted, emitAddSubShifted],
  [addsImm, emitAddsSubsImm(false)],
  [subsImm, emitAddsSubsImm(true)],
  [addImm64, emitAddImm64],
  [subImm64, emitSubImm64],
  [addImm32, emitAddSubImm32(false)],
  [subImm32, emitAddSubImm32(true)],
  [logImm, emitLogImm],
  [movImm, emitMovImm],
  [movk, emitMovk],
  [bitfield, emitBitfield],
  [maddMsub, emitMaddMsub],
  [extr, emitExtr],
  [condSelect, emitCondSelect],
]);

/** PC := PC of this branch (`here`, an int32 expression in the block's page) + offset. */
function jumpTo(here: string, off: number): string {
  return `{ const s = (${here} >>> 0) + ${off}; c.pcHi = (c.pcHi + Math.floor(s / 4294967296)) | 0; c.pcLo = s | 0; }`;
}

function advanceTo(next: string): string {
  return `{ const lo = ${next}; if (lo === 0) c.pcHi = (c.pcHi + 1) | 0; c.pcLo = lo; }`;
}

const END = new Map<Handler, EndEmitter>([
  [b, (o, here) => jumpTo(here, o.imm)],
  [bcond, (o, here, next) => `if (${condExpr(o.imm2)}) ${jumpTo(here, o.imm)} else ${advanceTo(next)}`],
  // CBZ/CBNZ: rd = Rt, imm2 = 1 for CBNZ.
  [cbz, (o, here, next) => {
    const zero = o.sf ? `(x[${o.rd}] | x[${o.rd + 1}]) === 0` : `x[${o.rd}] === 0`;
    return `if (${o.imm2 === 1 ? `!(${zero})` : zero}) ${jumpTo(here, o.imm)} else ${advanceTo(next)}`;
  }],
  // TBZ/TBNZ: imm3 = bit number, imm2 = 1 for TBNZ.
  [tbz, (o, here, next) => {
    const bit = o.imm3 < 32 ? `((x[${o.rd}] >>> ${o.imm3}) & 1)` : `((x[${o.rd + 1}] >>> ${o.imm3 - 32}) & 1)`;
    return `if (${bit} === ${o.imm2}) ${jumpTo(here, o.imm)} else ${advanceTo(next)}`;
  }],
]);

/** Source for a straight-line op, or undefined to call its handler. */
export function emitBody(o: Op): string | undefined {
  return BODY.get(o.h)?.(o);
}

/**
 * Source for a block-ending branch, or undefined to call its handler. `here` and `next` are
 * int32 expressions: PC[31:0] of the branch and of the instruction after it.
 */
export function emitEnd(o: Op, here: string, next: string): string | undefined {
  return END.get(o.h)?.(o, here, next);
}

export { advanceTo };
