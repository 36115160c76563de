// The QEMU command line of design.md §1, built in one place so `s2diff qemu --print-cmd`
// shows exactly what `run` executes.

import { DEFAULT_RNG_SEED } from '../emulator/rng.ts';
import { RTC_BASE_ISO } from '../emulator/pl031.ts';
import type { RunOptions } from './types.ts';

export function qemuBinary(): string {
  return process.env.S2DIFF_QEMU ?? 'qemu-system-aarch64';
}

/**
 * What QEMU logs (-d): exceptions, guest errors, and the trace event of a guest power-off
 * request, which tells a PSCI SYSTEM_OFF from a SYSTEM_RESET (both exit 0 under -no-reboot).
 */
export const QEMU_LOG_ITEMS = 'int,guest_errors,trace:qemu_system_shutdown_request';
/** The log line a guest power-off request leaves (harness/qemu-runner.ts). */
export const QEMU_SHUTDOWN_REQUEST = 'qemu_system_shutdown_request';

export function buildQemuArgv(image: string, opts: RunOptions, logFile: string): string[] {
  const argv = [
    qemuBinary(),
    '-nodefaults',
    '-M', `virt,${opts.el1 ? '' : 'virtualization=on,'}gic-version=${opts.gic ?? 3},dtb-randomness=off`,
    '-cpu', opts.cpuProps ? `${opts.cpu},${opts.cpuProps}` : opts.cpu,
    '-smp', String(opts.smp ?? 1),
    '-m', String(opts.memMiB),
    '-display', 'none',
    '-monitor', 'none',
    '-serial', 'stdio',
    // A PSCI SYSTEM_RESET (or a panic with panic=-1) ends the run, as on the model.
    '-no-reboot',
    '-kernel', image,
  ];
  if (opts.append !== undefined) argv.push('-append', opts.append);
  if (opts.initrd !== undefined) argv.push('-initrd', opts.initrd);
  for (const l of opts.loads ?? []) argv.push('-device', `loader,file=${l.file},addr=0x${l.addr.toString(16)},force-raw=on`);
  // --icount: an instruction-counted clock (2^shift ns per instruction, idle time skipped),
  // the same the model uses, so counters and timers agree between the two sides.
  if (opts.icount !== undefined) argv.push('-icount', `shift=${opts.icount},sleep=off`);
  // A deterministic RNDR (FEAT_RNG): QEMU's seeded generator, which the model reproduces.
  argv.push('-seed', String(DEFAULT_RNG_SEED));
  // The PL031 counts from a fixed date on the virtual clock (pl031.ts), not the host's.
  argv.push('-rtc', `base=${RTC_BASE_ISO},clock=vm`);
  argv.push('-d', QEMU_LOG_ITEMS, '-D', logFile);
  return argv;
}

/** Shell-quotes an argv for display. */
export function formatCommand(argv: string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
