// Every room's system register table, loaded together (importing this module fills the
// register table, sysreg-table.ts), and the register-name type derived from them: a name
// that no table declares does not compile (`c.sr.get('SCTRL_EL1')`).

import { CORE_SYSREGS } from './sysregs.ts';
import { GIC_SYSREGS } from './gic-sysregs.ts';
import { TIMER_SYSREGS } from './generic-timer.ts';
import { PMU_SYSREGS } from './pmu.ts';
import { DEBUG_SYSREGS } from './software-step.ts';
import { PAUTH_SYSREGS } from './pauth-sysregs.ts';

export const SYSREG_ROOMS = [CORE_SYSREGS, GIC_SYSREGS, TIMER_SYSREGS, PMU_SYSREGS, DEBUG_SYSREGS, PAUTH_SYSREGS] as const;

/** The keys of each table of a union (keyof a union would be the keys they share). */
type KeysOf<T> = T extends unknown ? keyof T & string : never;

export type SysRegName = KeysOf<(typeof SYSREG_ROOMS)[number]>;
