// PSCI (Arm DEN 0022) as QEMU 7.2's virt board provides it: the conduit is SMC because
// EL2 exists without EL3, and QEMU itself answers the calls (target/arm/psci.c).
// Return values and the set of recognised function IDs follow QEMU 7.2.

import type { Cpu } from './cpu.ts';

export const PSCI = {
  VERSION: 0x84000000,
  CPU_SUSPEND_32: 0x84000001,
  CPU_OFF: 0x84000002,
  CPU_ON_32: 0x84000003,
  AFFINITY_INFO_32: 0x84000004,
  MIGRATE_32: 0x84000005,
  MIGRATE_INFO_TYPE: 0x84000006,
  MIGRATE_INFO_UP_CPU_32: 0x84000007,
  SYSTEM_OFF: 0x84000008,
  SYSTEM_RESET: 0x84000009,
  FEATURES: 0x8400000a,
  CPU_SUSPEND_64: 0xc4000001,
  CPU_ON_64: 0xc4000003,
  AFFINITY_INFO_64: 0xc4000004,
  MIGRATE_64: 0xc4000005,
  MIGRATE_INFO_UP_CPU_64: 0xc4000007,
} as const;

const RET_SUCCESS = 0n;
const RET_NOT_SUPPORTED = BigInt.asUintN(64, -1n);
const RET_INVALID_PARAMS = BigInt.asUintN(64, -2n);
export const RET_ALREADY_ON = BigInt.asUintN(64, -4n);
export { RET_INVALID_PARAMS, RET_SUCCESS };

/** PSCI 1.1, the version QEMU 7.2 reports (read back from QEMU with PSCI_VERSION). */
const VERSION_1_1 = 0x10001n;

export type PowerRequest = 'off' | 'reset' | 'cpu-off';

/**
 * The board's power controller behind CPU_ON, CPU_OFF and AFFINITY_INFO (QEMU 7.2's
 * arm-powerctl.c): PEs are found by MPIDR affinity (Aff3.Aff2.Aff1.Aff0, bits [39:32] and
 * [23:0]); the values returned are PSCI return codes / power states.
 */
export interface PowerController {
  cpuOn(caller: Cpu, target: bigint, entry: bigint, context: bigint): bigint;
  /** PSCI power state of the PE at affinity level 0 (0 ON, 1 OFF), or INVALID_PARAMETERS. */
  affinityInfo(target: bigint): bigint;
  /** The caller powers down; the run ends when no PE is left on. */
  cpuOff(caller: Cpu): void;
}

/** Is `fn` a PSCI function QEMU 7.2 implements (PSCI_FEATURES reports it)? */
export function isPsciFunction(fn: number): boolean {
  const known = Object.values(PSCI) as number[];
  return known.includes(fn >>> 0);
}

/** CPU_SUSPEND with a power_state QEMU accepts: the call waits as WFI does. */
export function psciCallWaits(c: Cpu): boolean {
  const fn = Number(c.getX(0) & 0xffffffffn) >>> 0;
  return (fn === PSCI.CPU_SUSPEND_32 || fn === PSCI.CPU_SUSPEND_64) && (Number(c.getX(1) & 0xffffffffn) & 0xfffe0000) === 0;
}

/**
 * Performs the PSCI call in x0..x3; writes the result to x0. Returns a power request
 * when the call ends the run.
 */
export function psciCall(c: Cpu): PowerRequest | undefined {
  const fn = Number(c.getX(0) & 0xffffffffn) >>> 0;
  switch (fn) {
    case PSCI.VERSION:
      c.setX(0, VERSION_1_1);
      return undefined;
    case PSCI.SYSTEM_OFF:
      return 'off';
    case PSCI.SYSTEM_RESET:
      return 'reset';
    case PSCI.MIGRATE_INFO_TYPE:
      c.setX(0, 2n); // Trusted OS not present / migration not required
      return undefined;
    case PSCI.FEATURES: {
      const q = Number(c.getX(1) & 0xffffffffn) >>> 0;
      const supported = isPsciFunction(q) && q !== PSCI.MIGRATE_32 && q !== PSCI.MIGRATE_64 &&
        q !== PSCI.MIGRATE_INFO_UP_CPU_32 && q !== PSCI.MIGRATE_INFO_UP_CPU_64;
      c.setX(0, supported ? RET_SUCCESS : RET_NOT_SUPPORTED);
      return undefined;
    }
    case PSCI.AFFINITY_INFO_32:
    case PSCI.AFFINITY_INFO_64:
      // Lowest affinity level 0 names one PE; every level above it is always on (QEMU 7.2).
      c.setX(0, (c.getX(2) & 0xffffffffn) === 0n ? c.powerController!.affinityInfo(c.getX(1)) : RET_SUCCESS);
      return undefined;
    case PSCI.CPU_ON_32:
    case PSCI.CPU_ON_64:
      // QEMU 7.2 passes x1-x3 whole for the SMC32 form too.
      c.setX(0, c.powerController!.cpuOn(c, c.getX(1), c.getX(2), c.getX(3)));
      return undefined;
    case PSCI.CPU_SUSPEND_32:
    case PSCI.CPU_SUSPEND_64:
      // QEMU 7.2 (arm_handle_psci_call): no affinity levels beyond the CPU (power_state bits
      // [31:17] are an invalid parameter), no powerdown state: success, then as a WFI.
      if (!psciCallWaits(c)) {
        c.setX(0, RET_INVALID_PARAMS);
        return undefined;
      }
      c.setX(0, 0n);
      c.waitForInterrupt();
      return undefined;
    case PSCI.CPU_OFF:
      // The PE powers down, x0 unchanged (QEMU 7.2 returns before writing it); with no PE
      // left on, QEMU idles until the timeout and the model ends the run.
      c.powerController!.cpuOff(c);
      return undefined;
    default:
      c.setX(0, RET_NOT_SUPPORTED);
      return undefined;
  }
}
