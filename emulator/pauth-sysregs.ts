// FEAT_PAuth's key registers (D19.2 APIAKeyLo_EL1 ... APGAKeyHi_EL1): EL1 and up, trapped
// from EL1 to EL2 while HCR_EL2.APK = 0 (EC 0x18, sysreg-traps.ts group APK). Not redirected
// by E2H: EL2 and EL1 share the keys. QEMU 7.2 resets them to 0.

import { defineSysRegs, type SysRegSpec } from './sysreg-table.ts';

const key = (crm: number, op2: number): SysRegSpec => ({ enc: [3, 0, 2, crm, op2], minEl: 1, feature: 'pauth', traps: ['APK'] });

export const PAUTH_SYSREGS = defineSysRegs({
  APIAKeyLo_EL1: key(1, 0), APIAKeyHi_EL1: key(1, 1), APIBKeyLo_EL1: key(1, 2), APIBKeyHi_EL1: key(1, 3),
  APDAKeyLo_EL1: key(2, 0), APDAKeyHi_EL1: key(2, 1), APDBKeyLo_EL1: key(2, 2), APDBKeyHi_EL1: key(2, 3),
  APGAKeyLo_EL1: key(3, 0), APGAKeyHi_EL1: key(3, 1),
});
