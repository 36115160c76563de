// Which translation regime and which "host" state the PE is in: the one answer every room
// of the model asks (D8.1.2 "Translation regimes", D1.6 "Virtualization Host Extensions").

import type { Cpu } from '../cpu.ts';
import { isSet } from './field.ts';
import { HCR_EL2 } from './registers.ts';

export type Regime = 'el10' | 'el2' | 'el20';

/** HCR_EL2.E2H: EL2 runs as a host (FEAT_VHE). */
export const isE2H = (c: Cpu): boolean => isSet(c.sr.get('HCR_EL2'), HCR_EL2.E2H);

/** HCR_EL2.TGE: exceptions from EL0 go to EL2. */
export const isTGE = (c: Cpu): boolean => isSet(c.sr.get('HCR_EL2'), HCR_EL2.TGE);

/** {E2H, TGE} = {1, 1}: EL0 runs in the EL2&0 host regime, with EL1 unused. */
export function inHost(c: Cpu): boolean {
  const hcr = c.sr.get('HCR_EL2');
  return isSet(hcr, HCR_EL2.E2H) && isSet(hcr, HCR_EL2.TGE);
}

/** The translation regime of an access at `el`: EL1&0, EL2, or EL2&0 (VHE). */
export function regimeOf(c: Cpu, el: number): Regime {
  if (el === 2 || (el === 0 && inHost(c))) return isE2H(c) ? 'el20' : 'el2';
  return 'el10';
}
