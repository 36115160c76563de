// ComputePAC with the QARMA5 block cipher (Arm ARM DDI 0487 J1 shared/functions/crypto/
// ComputePAC, ComputePACQARMA with isqarma3 = FALSE: ID_AA64ISAR1_EL1.APA/GPA = 1, QEMU 7.2's
// `max` with its default pauth-impdef=off). The 64-bit state is kept as 16 4-bit cells
// (cell i = bits [4i+3:4i]), so the cell shuffles are index tables and the S-box a lookup.

/** PACCellShuffle: output cell i is input cell CELL_SHUFFLE[i]. */
const CELL_SHUFFLE = [13, 6, 11, 0, 7, 12, 1, 10, 8, 3, 14, 5, 2, 9, 4, 15];
/** PACCellInvShuffle: the inverse permutation. */
const CELL_INV_SHUFFLE = invert(CELL_SHUFFLE);
/** TweakShuffle: output cell i is input cell TWEAK_SHUFFLE[i], through TweakCellRot where TWEAK_ROT. */
const TWEAK_SHUFFLE = [4, 5, 6, 7, 11, 2, 3, 8, 12, 13, 14, 15, 0, 1, 10, 9];
const TWEAK_ROT = [0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 1];
/** PACSub's S-box (the QARMA sigma_2 cell substitution) and PACInvSub's. */
const SBOX = [0xb, 0x6, 0x8, 0xf, 0xc, 0x0, 0x9, 0xe, 0x3, 0x7, 0x4, 0x5, 0xd, 0x2, 0x1, 0xa];
const INV_SBOX = invert(SBOX);
/** The round constants RC[0..4] and Alpha. */
const RC = [0x0000000000000000n, 0x13198a2e03707344n, 0xa4093822299f31d0n, 0x082efa98ec4e6c89n, 0x452821e638d01377n].map(cellsOf);
const ALPHA = cellsOf(0xc0ac29b7c97c50ddn);

function invert(p: readonly number[]): number[] {
  const q = new Array<number>(p.length);
  p.forEach((v, i) => { q[v] = i; });
  return q;
}

function cellsOf(v: bigint): Uint8Array {
  const c = new Uint8Array(16);
  const lo = Number(v & 0xffffffffn), hi = Number((v >> 32n) & 0xffffffffn);
  for (let i = 0; i < 8; i++) { c[i] = (lo >>> (4 * i)) & 15; c[i + 8] = (hi >>> (4 * i)) & 15; }
  return c;
}

function valueOf(c: Uint8Array): bigint {
  let lo = 0, hi = 0;
  for (let i = 0; i < 8; i++) { lo |= c[i] << (4 * i); hi |= c[i + 8] << (4 * i); }
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

const tmp = new Uint8Array(16);

function xorInto(w: Uint8Array, k: Uint8Array): void {
  for (let i = 0; i < 16; i++) w[i] ^= k[i];
}

function permute(w: Uint8Array, p: readonly number[]): void {
  for (let i = 0; i < 16; i++) tmp[i] = w[p[i]];
  w.set(tmp);
}

function substitute(w: Uint8Array, box: readonly number[]): void {
  for (let i = 0; i < 16; i++) w[i] = box[w[i]];
}

/** RotCell: a cell rotated left by `n` bits. */
const rotCell = (v: number, n: number): number => ((v << n) | (v >>> (4 - n))) & 15;
/** TweakCellRot: bits [2:0] = in[3:1], bit 3 = in[0] EOR in[1]; TweakCellInvRot undoes it. */
const tweakCellRot = (v: number): number => (v >>> 1) | (((v ^ (v >>> 1)) & 1) << 3);
const tweakCellInvRot = (v: number): number => ((v << 1) & 15) | (((v >>> 3) ^ v) & 1);

/** PACMult: each column (cells i, i+4, i+8, i+12) times the involutory matrix circ(0, rho, rho^2, rho). */
function pacMult(w: Uint8Array): void {
  for (let i = 0; i < 4; i++) {
    const a = w[i], b = w[i + 4], c = w[i + 8], d = w[i + 12];
    tmp[i + 12] = rotCell(c, 1) ^ rotCell(b, 2) ^ rotCell(a, 1);
    tmp[i + 8] = rotCell(d, 1) ^ rotCell(b, 1) ^ rotCell(a, 2);
    tmp[i + 4] = rotCell(d, 2) ^ rotCell(c, 1) ^ rotCell(a, 1);
    tmp[i] = rotCell(d, 1) ^ rotCell(c, 2) ^ rotCell(b, 1);
  }
  w.set(tmp);
}

function tweakShuffle(t: Uint8Array): void {
  for (let i = 0; i < 16; i++) { const v = t[TWEAK_SHUFFLE[i]]; tmp[i] = TWEAK_ROT[i] ? tweakCellRot(v) : v; }
  t.set(tmp);
}

function tweakInvShuffle(t: Uint8Array): void {
  for (let i = 0; i < 16; i++) { const v = t[i]; tmp[TWEAK_SHUFFLE[i]] = TWEAK_ROT[i] ? tweakCellInvRot(v) : v; }
  t.set(tmp);
}

const work = new Uint8Array(16), tweak = new Uint8Array(16);

/** ComputePAC(data, modifier, key0, key1): QARMA5 of `data` under the tweak `modifier` (J1 ComputePACQARMA). */
export function computePac(data: bigint, modifier: bigint, key0: bigint, key1: bigint): bigint {
  // modk0 = key0<0> : key0<63:2> : (key0<63> EOR key0<1>)
  const modk0 = cellsOf(((key0 & 1n) << 63n) | ((key0 >> 2n) << 1n) | (((key0 >> 63n) ^ (key0 >> 1n)) & 1n));
  const k0 = cellsOf(key0), k1 = cellsOf(key1);
  work.set(cellsOf(data ^ key0));
  tweak.set(cellsOf(modifier));
  for (let i = 0; i <= 4; i++) {
    xorInto(work, k1);
    xorInto(work, tweak);
    xorInto(work, RC[i]);
    if (i > 0) { permute(work, CELL_SHUFFLE); pacMult(work); }
    substitute(work, SBOX);
    tweakShuffle(tweak);
  }
  xorInto(work, modk0);
  xorInto(work, tweak);
  permute(work, CELL_SHUFFLE);
  pacMult(work);
  substitute(work, SBOX);
  permute(work, CELL_SHUFFLE);
  pacMult(work);
  xorInto(work, k1);
  permute(work, CELL_INV_SHUFFLE);
  substitute(work, INV_SBOX);
  pacMult(work);
  permute(work, CELL_INV_SHUFFLE);
  xorInto(work, k0);
  xorInto(work, tweak);
  for (let i = 0; i <= 4; i++) {
    substitute(work, INV_SBOX);
    if (i < 4) { pacMult(work); permute(work, CELL_INV_SHUFFLE); }
    tweakInvShuffle(tweak);
    xorInto(work, k1);
    xorInto(work, tweak);
    xorInto(work, RC[4 - i]);
    xorInto(work, ALPHA);
  }
  xorInto(work, modk0);
  return valueOf(work);
}
