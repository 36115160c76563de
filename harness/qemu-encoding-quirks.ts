// Encodings QEMU 7.2 gets wrong in its decoder: words it aborts on (SIGABRT, a run stops
// there) and unallocated words it executes (catalogued deviations). The encoding sweep leaves
// out the first and counts the second; random streams draw neither (a stream must run to its
// end on QEMU, and lockstep would stop at the second). Found by `s2diff sweep`.

import type { QemuDeviationId } from '../emulator/qemu-deviation-ids.ts';

/**
 * Words QEMU 7.2 dies on (SIGABRT) instead of taking the UNDEFINED exception: a run stops
 * there, so the sweep leaves them out (the model takes them as UNDEFINED, as the Arm ARM says).
 * Found by `s2diff sweep --simd-fp`.
 * - 0 Q 0 01110 1 111100 11111 10 Rn Rd: the vector half-precision form of FRECPX, which only
 *   exists as a scalar (C4.1.96 "Advanced SIMD two-register miscellaneous (FP16)": U = 0, a = 1,
 *   opcode = 11111 is unallocated); translate-a64.c's disas_simd_two_reg_misc_fp16 reaches its
 *   g_assert_not_reached().
 * - 01 0 11110 1 111100 01111 10 Rn Rd and 01 1 11110 1 111100 11111 10 Rn Rd: FABS and FSQRT
 *   as SIMD scalar half-precision instructions (only their vector forms exist): the same
 *   function, its scalar switch.
 */
export function qemuCrashWord(w: number): string | undefined {
  if (((w & 0xbffffc00) >>> 0) === 0x0ef9f800) return 'FRECPX (vector, half precision), unallocated: QEMU 7.2 asserts in disas_simd_two_reg_misc_fp16';
  if (((w & 0xfffffc00) >>> 0) === 0x5ef8f800) return 'FABS (scalar SIMD, half precision), unallocated: QEMU 7.2 asserts in disas_simd_two_reg_misc_fp16';
  if (((w & 0xfffffc00) >>> 0) === 0x7ef9f800) return 'FSQRT (scalar SIMD, half precision), unallocated: QEMU 7.2 asserts in disas_simd_two_reg_misc_fp16';
  return undefined;
}

/** The catalogued QEMU deviation that makes QEMU 7.2 execute unallocated word `w`, if any. */
export function executedUnallocated(w: number): QemuDeviationId | undefined {
  const m = (w & 0xbf7ffc00) >>> 0; // FP16 across lanes with bit 22 = 1: FMAXNMV/FMINNMV, FMAXV/FMINV
  if (m === 0x0e70c800 || m === 0x0e70f800) return 'fp16-reduce-sz-ignored';
  // FP16 scalar pairwise with bit 22 = 1: FMAXNMP/FMINNMP (01100), FADDP (01101, o1 = 0), FMAXP/FMINP (01111)
  const p = (w & 0xff7ffc00) >>> 0, op = (w >>> 12) & 0x1f, o1 = (w >>> 23) & 1;
  if (p === (0x5e700800 | (op << 12)) && (op === 0x0c || op === 0x0f || (op === 0x0d && o1 === 0))) return 'fp16-reduce-sz-ignored';
  if (((w & 0xbff8fc00) >>> 0) === 0x2f00fc00) return 'fmov-imm-o2-op1-runs-as-double'; // o2 = 1, op = 1, cmode = 1111
  return undefined;
}
