// The SIMD&FP access traps (CPACR_EL1.FPEN, CPTR_EL2.TFP / FPEN; Arm ARM D1.11 and the
// CheckFPAdvSIMDEnabled pseudocode, EC 0x07), checked by the SIMD&FP instructions
// (simd.ts) and by MRS/MSR of the FP registers FPCR/FPSR (system.ts).

import type { Cpu, Handler } from '../cpu.ts';
import type { QemuDeviationId } from '../qemu-deviation-ids.ts';
import { EC, raise, syncTargetFromLowEl, undefinedInstruction } from '../exceptions.ts';

/** CheckFPAdvSIMDEnabled: CPACR_EL1.FPEN (EL0/EL1), then CPTR_EL2.TFP (EL0-EL2). */
export function fpAccessCheck(c: Cpu): void {
  // ISS for a trapped access from AArch64: CV=1, COND=0b1110 (as QEMU 7.2 reports too).
  const iss = 0x1e00000;
  const hcr = c.sr.get('HCR_EL2');
  const e2h = (hcr & (1n << 34n)) !== 0n, tge = (hcr & (1n << 27n)) !== 0n;
  // AArch64.CheckFPAdvSIMDEnabled: CPACR_EL1.FPEN for EL0/EL1 outside the EL2&0 host regime.
  if (c.el <= 1 && !(e2h && tge)) {
    const fpen = Number((c.sr.get('CPACR_EL1') >> 20n) & 3n);
    if (fpen === 0 || fpen === 2 || (fpen === 1 && c.el === 0)) {
      // With HCR_EL2.TGE = 1 the exception goes to EL2 and is reported as EC 0x00, Unknown
      // reason (D1.10.4, "routing when TGE is 1"; QEMU 7.2 does the same).
      if (tge) raise(c, { ec: EC.UNKNOWN, iss: 0, targetEl: 2 });
      raise(c, { ec: EC.FP_ASIMD, iss, targetEl: syncTargetFromLowEl(c) });
    }
  }
  // CPTR_EL2: TFP (bit 10) with E2H = 0; FPEN (bits 21:20) in its E2H = 1 layout.
  if (c.el <= 2) {
    const cptr = c.sr.get('CPTR_EL2');
    const fpen2 = Number((cptr >> 20n) & 3n);
    const trap = e2h ? fpen2 === 0 || fpen2 === 2 || (fpen2 === 1 && c.el === 0 && tge) : (cptr & (1n << 10n)) !== 0n;
    if (trap) raise(c, { ec: EC.FP_ASIMD, iss, targetEl: 2 });
  }
}

/**
 * The handler of an unallocated word that QEMU 7.2 (with FEAT_FP16) executes as `h`: UNDEFINED,
 * as the Arm ARM says, unless the run follows that catalogued deviation.
 */
export const fp16QemuImitation = (id: QemuDeviationId, h: Handler): Handler => (c, o) =>
  (c.features.fp16 && c.qemuDeviation(id) ? h(c, o) : undefinedInstruction(c));
