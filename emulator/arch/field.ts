// A named bit field of an architectural register or descriptor, and the only place the
// model shifts and masks one: everything else reads fields by name through these helpers
// (registers.ts names the fields after the Arm ARM's register descriptions, D19).
//
// System registers are 64-bit BigInts; PSTATE, ESR, instruction words and descriptor halves
// are 32-bit numbers. A Field carries precomputed masks for both, so a read is one AND.

export interface Field {
  /** Lowest bit of the field. */
  readonly lsb: number;
  readonly width: number;
  /** For 64-bit values: shift, field mask (after shifting) and mask in place. */
  readonly shift: bigint;
  readonly mask: bigint;
  readonly inPlace: bigint;
  /** For 32-bit values (fields within bits [31:0]); 0 for fields above bit 31. */
  readonly mask32: number;
  readonly inPlace32: number;
}

/** A field of `width` bits starting at bit `lsb`. */
export function field(lsb: number, width = 1): Field {
  const mask = (1n << BigInt(width)) - 1n;
  const fits32 = lsb + width <= 32;
  const mask32 = width >= 32 ? 0xffffffff : (1 << width) - 1;
  return {
    lsb, width, shift: BigInt(lsb), mask, inPlace: mask << BigInt(lsb),
    mask32: fits32 ? mask32 : 0, inPlace32: fits32 ? (mask32 << lsb) >>> 0 : 0,
  };
}

/** The field's value in a 64-bit register value. */
export function fieldOf(v: bigint, f: Field): number {
  return Number((v >> f.shift) & f.mask);
}

/** Whether any bit of the field is set (for one-bit fields: the bit). */
export function isSet(v: bigint, f: Field): boolean {
  return (v & f.inPlace) !== 0n;
}

/** `v` with the field replaced by `x`. */
export function withField(v: bigint, f: Field, x: number | bigint): bigint {
  return (v & ~f.inPlace) | ((BigInt(x) & f.mask) << f.shift);
}

/** The field in place (a value with only this field set to `x`), e.g. for building masks. */
export function fieldValue(f: Field, x: number | bigint = f.mask): bigint {
  return (BigInt(x) & f.mask) << f.shift;
}

/** The field's value in a 32-bit value (PSTATE, ESR, a descriptor's low word). */
export function field32(v: number, f: Field): number {
  return (v >>> f.lsb) & f.mask32;
}

/** Whether the field is non-zero in a 32-bit value. */
export function isSet32(v: number, f: Field): boolean {
  return (v & f.inPlace32) !== 0;
}

/** A 32-bit value with the field replaced by `x`. */
export function withField32(v: number, f: Field, x: number): number {
  return ((v & ~f.inPlace32) | ((x & f.mask32) << f.lsb)) >>> 0;
}

/** The field in place in a 32-bit value. */
export function fieldValue32(f: Field, x: number = f.mask32): number {
  return ((x & f.mask32) << f.lsb) >>> 0;
}

/**
 * A field of a 64-bit value held as two 32-bit halves (translation table descriptors): the
 * field must lie within one half, as every descriptor field but the output address does.
 */
export function fieldOfHalves(lo: number, hi: number, f: Field): number {
  if (f.lsb >= 32) return (hi >>> (f.lsb - 32)) & ((f.width >= 32 ? 0xffffffff : (1 << f.width) - 1));
  return (lo >>> f.lsb) & f.mask32;
}

/** A one-bit (or any) field of a descriptor held as halves is non-zero. */
export function isSetHalves(lo: number, hi: number, f: Field): boolean {
  return fieldOfHalves(lo, hi, f) !== 0;
}
