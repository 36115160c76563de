// The QEMU TCG plugin that gives a long run's checkpoints (insn-checkpoints.c), built on first
// use with the host's C compiler into build/plugin (nothing to install but `cc`).

import { execa } from 'execa';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.ts';
import { buildQemuArgv } from '../qemu-command.ts';
import { REPO_ROOT } from '../scenarios.ts';
import type { RunOptions } from '../types.ts';

const SOURCE = join(dirname(fileURLToPath(import.meta.url)), 'insn-checkpoints.c');
export const PLUGIN = join(REPO_ROOT, 'build', 'plugin', 'insn-checkpoints.so');

/** The plugin's path, compiling it when it is missing or older than its source. */
export async function checkpointPlugin(): Promise<string> {
  if (existsSync(PLUGIN) && statSync(PLUGIN).mtimeMs >= statSync(SOURCE).mtimeMs) return PLUGIN;
  mkdirSync(dirname(PLUGIN), { recursive: true });
  const cc = process.env.CC ?? 'cc';
  try {
    await execa(cc, ['-O2', '-shared', '-fPIC', '-Wall', '-o', PLUGIN, SOURCE]);
  } catch (e) {
    const err = e as { code?: string; stderr?: string };
    throw new UsageError(
      err.code === 'ENOENT' ? `no host C compiler (${cc}) to build QEMU's checkpoint plugin` : `building QEMU's checkpoint plugin failed: ${err.stderr ?? String(e)}`,
      'install gcc (apt-get install gcc), or set CC');
  }
  return PLUGIN;
}

/**
 * The case's own QEMU command line with the plugin loaded (`pluginArgs`), the serial console
 * discarded: [binary, ...arguments]. Run it detached, in a session of its own, as qemu-runner.ts
 * does: QEMU 7.2 started in the caller's process group runs a Linux boot's idle stretches at
 * wall-clock pace (15 s instead of 2.5 s here; the instruction counts are the same).
 */
export async function qemuArgvWithPlugin(image: string, opts: RunOptions, logFile: string, pluginArgs: string[]): Promise<string[]> {
  const argv = buildQemuArgv(image, opts, logFile);
  const serial = argv.indexOf('stdio');
  if (serial >= 0) argv[serial] = 'null';
  argv.push('-plugin', [await checkpointPlugin(), ...pluginArgs].join(','));
  return argv;
}
