// The QEMU side of a case: runs qemu-system-aarch64 with the command line of design.md §1,
// captures the UART (stdout) with a flood cap, enforces the wall-clock timeout by killing
// the whole process group, and parses the `-d int` log into exception records.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { UsageError } from './errors.ts';
import { parseExitStatus } from './exit-status.ts';
import { buildQemuArgv, qemuBinary, QEMU_SHUTDOWN_REQUEST } from './qemu-command.ts';
import { parseIntLog } from './qemu-int-log.ts';
import { STORM_POLL_MS, stormInLogTail } from './qemu-storm.ts';
import { formatStorm, type ExceptionStorm } from './storm-report.ts';
import type { RunOptions, SideResult } from './types.ts';

export { qemuBinary } from './qemu-command.ts';

const INSTALL_HINT = 'install QEMU: ./scripts/setup.sh (Debian package qemu-system-arm), or set S2DIFF_QEMU';

let versionCache: Promise<string> | undefined;

/** First line of `qemu-system-aarch64 --version`, cached. */
export function qemuVersion(): Promise<string> {
  versionCache ??= execa(qemuBinary(), ['--version']).then(
    (r) => r.stdout.split('\n')[0],
    (e: NodeJS.ErrnoException) => {
      versionCache = undefined;
      throw e.code === 'ENOENT' ? new UsageError(`${qemuBinary()} not found on PATH`, INSTALL_HINT) : e;
    },
  );
  return versionCache;
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export async function runQemu(image: string, opts: RunOptions, ctx: { workDir: string }): Promise<SideResult> {
  const logFile = join(ctx.workDir, 'qemu-int.log');
  const [bin, ...args] = buildQemuArgv(image, opts, logFile);
  const t0 = performance.now();
  const chunks: Buffer[] = [];
  let bytes = 0;
  let capped = false;
  let timedOut = false;
  const child = execa(bin, args, {
    detached: true, // own process group, so a timeout kills QEMU and anything it spawned
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    buffer: { stdout: false, stderr: true },
    reject: false,
    cleanup: true,
  });
  child.stdout?.on('data', (d: Buffer) => {
  if (capped) return;
    const room = opts.uartCapBytes - bytes;
    if (d.length >= room) {
      chunks.push(d.subarray(0, room));
      bytes += room;
      capped = true;
      killGroup(child.pid);
      return;
    }
    chunks.push(d);
    bytes += d.length;
  });
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child.pid);
  }, opts.timeoutSec * 1000);
  let storm: ExceptionStorm | undefined;
  let looking = false;
  const stormWatch = setInterval(() => {
    if (looking || storm) return;
    looking = true;
    void stormInLogTail(logFile).then((s) => {
      looking = false;
      if (s && !storm) { storm = s; killGroup(child.pid); }
    }, () => { looking = false; });
  }, STORM_POLL_MS);
  const r = await child;
  clearTimeout(timer);
  clearInterval(stormWatch);
  const durationMs = Math.round(performance.now() - t0);
  if ((r as { code?: string }).code === 'ENOENT' || /ENOENT/.test(String(r.message ?? '')) && r.exitCode === undefined) {
    throw new UsageError(`${bin} not found on PATH`, INSTALL_HINT);
  }
  const uart = Buffer.concat(chunks).toString('latin1');
  let logText = '';
  try {
    logText = await readFile(logFile, 'latin1');
  } catch {
    // QEMU did not get as far as opening its log
  }
  const log = parseIntLog(logText, undefined, (opts.smp ?? 1) > 1);
  const stderr = String(r.stderr ?? '').trim();
  if (r.exitCode !== 0 && !timedOut && !capped && /could not load kernel|not found|No such file/i.test(stderr)) {
    throw new UsageError(`QEMU could not load ${image}: ${stderr.split('\n')[0]}`, 'pass an existing AArch64 image');
  }
  const base = {
    exitStatus: parseExitStatus(uart), uart, exceptions: log.records, durationMs,
  };
  if (storm) return { ...base, end: 'timeout', detail: formatStorm(storm), storm };
  if (capped) return { ...base, end: 'uart-cap', detail: `UART output capped at ${opts.uartCapBytes} bytes` };
  if (timedOut) return { ...base, end: 'timeout', detail: `no power-off within ${opts.timeoutSec}s; QEMU process group killed` };
  // -no-reboot: a PSCI SYSTEM_RESET (or panic=-1) exits 0 too, without a power-off request.
  if (r.exitCode === 0) return { ...base, end: logText.includes(QEMU_SHUTDOWN_REQUEST) ? 'poweroff' : 'reset' };
  const how = r.signal ? `killed by ${r.signal}` : `exit code ${r.exitCode}`;
  return { ...base, end: 'crash', detail: `QEMU ${how}${stderr ? `: ${stderr.slice(0, 2000)}` : ''}` };
}
