// Taking asynchronous exceptions (Arm ARM D1.3.6, "Asynchronous exception routing and
// masking", and AArch64.TakePhysicalIRQException & co.): physical IRQ/FIQ from the GIC CPU
// interface, virtual IRQ/FIQ from HCR_EL2.VI/VF or the GIC virtual interface. No EL3, so
// SCR_EL3 plays no part. Checked between instructions by the run loop (Cpu.eventAt).

import type { Cpu } from './cpu.ts';
import { takeException } from './exceptions.ts';

const bit = (v: bigint, n: bigint): boolean => ((v >> n) & 1n) === 1n;
const EC_SERROR = 0x2f;
/** Vector offsets within a group (ExceptionInfo.kind). */
const VECTOR_IRQ = 0x80, VECTOR_FIQ = 0x100, VECTOR_SERROR = 0x180;

/** Whether a physical interrupt routed as `toEl2` is taken now, given PSTATE's mask bit. */
function physicalTaken(c: Cpu, toEl2: boolean, masked: boolean, hostRegime: boolean): boolean {
  if (toEl2) {
    // Routed to EL2: not masked by PSTATE at EL0/EL1, except EL0 in the EL2&0 host regime.
    if (c.el < 2) return hostRegime && c.el === 0 ? !masked : true;
    return !masked;
  }
  return c.el <= 1 && !masked; // routed to EL1: never taken at EL2
}

/** Takes the highest-priority pending, unmasked interrupt, if any (QEMU 7.2's order: FIQ, IRQ, vIRQ, vFIQ, vSError). */
export function takePendingInterrupt(c: Cpu): boolean {
  const hcr = c.sr.get('HCR_EL2');
  const tge = bit(hcr, 27n), imo = bit(hcr, 4n), fmo = bit(hcr, 3n), e2h = bit(hcr, 34n);
  const host = e2h && tge;
  const iMasked = (c.daif & 2) !== 0, fMasked = (c.daif & 1) !== 0;
  const take = (targetEl: number, kind: number, virtual = false): boolean => {
    takeException(c, { ec: 0, iss: 0, targetEl, kind, virtual });
    return true;
  };
  if (c.fiqLine && physicalTaken(c, tge || fmo, fMasked, host)) return take(tge || fmo ? 2 : 1, VECTOR_FIQ);
  if (c.irqLine && physicalTaken(c, tge || imo, iMasked, host)) return take(tge || imo ? 2 : 1, VECTOR_IRQ);
  // Virtual interrupts: only with IMO/FMO, TGE = 0, at EL0/EL1, masked by PSTATE.
  if (c.el <= 1 && !tge) {
    if (imo && !iMasked && (bit(hcr, 7n) || c.gicVirq)) return take(1, VECTOR_IRQ, true);
    if (fmo && !fMasked && (bit(hcr, 6n) || c.gicVfiq)) return take(1, VECTOR_FIQ, true);
    // Virtual SError (HCR_EL2.VSE with AMO), masked by PSTATE.A; ESR_EL1 takes VSESR_EL2's
    // IDS and ISS (FEAT_RAS), and taking it clears HCR_EL2.VSE (D1.3.7).
    if (bit(hcr, 5n) && (c.daif & 4) === 0 && bit(hcr, 8n)) {
      c.sr.set('HCR_EL2', hcr & ~(1n << 8n));
      takeException(c, { ec: EC_SERROR, iss: Number(c.sr.get('VSESR_EL2') & 0x1ffffffn), targetEl: 1, kind: VECTOR_SERROR, virtual: true });
      return true;
    }
  }
  return false;
}

/** Would an interrupt wake a WFI (pending at the CPU interface, whatever PSTATE masks)? */
export function wakeUpPending(c: Cpu): boolean {
  const hcr = c.sr.get('HCR_EL2');
  return c.irqLine || c.fiqLine || (c.el <= 1 && (bit(hcr, 7n) || bit(hcr, 6n) || c.gicVirq || c.gicVfiq));
}
