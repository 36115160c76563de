// `s2diff qemu IMAGE`: the image in QEMU only, with the command line `s2diff run` uses
// (or, with --print-cmd, just that command line).

import { resolve } from 'node:path';
import { dir } from 'tmp-promise';
import { buildQemuArgv, formatCommand } from '../qemu-command.ts';
import { runQemu } from '../qemu-runner.ts';
import type { RunOptions } from '../types.ts';

export async function qemuCommand(image: string, opts: RunOptions, printCmd: boolean): Promise<number> {
  if (printCmd) {
    process.stdout.write(formatCommand(buildQemuArgv(resolve(image), opts, '<log>')) + '\n');
    return 0;
  }
  const work = await dir({ unsafeCleanup: true, prefix: 's2diff-' });
  try {
    const r = await runQemu(resolve(image), opts, { workDir: work.path });
    process.stdout.write(r.uart);
    process.stderr.write(`[qemu: ${r.end}${r.detail ? ` (${r.detail.split('\n')[0]})` : ''}, ${r.exceptions.length} exception records, ${r.durationMs} ms]\n`);
    return r.end === 'poweroff' ? 0 : 1;
  } finally {
    await work.cleanup();
  }
}
