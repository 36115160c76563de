// The DTB QEMU generates for a command line (`-machine dumpdtb=FILE`: QEMU writes it and
// exits), which the model needs to boot a raw image the way QEMU does. With
// dtb-randomness=off it is the same every time, so it is cached in build/dtb/ (git-ignored),
// keyed by the command line and QEMU's --version line (a newer QEMU builds another DTB).

import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { execa } from 'execa';
import { isElf } from '../emulator/elf.ts';
import { loadImageFile } from '../emulator/index.ts';
import { UsageError } from './errors.ts';
import { buildQemuArgv } from './qemu-command.ts';
import { qemuVersion } from './qemu-runner.ts';
import { REPO_ROOT } from './scenarios.ts';
import type { RunOptions } from './types.ts';

/** Where the DTBs are cached (`s2diff doctor` lists them). */
export const DTB_CACHE_DIR = join(REPO_ROOT, 'build', 'dtb');

const cache = new Map<string, Promise<string>>();

/** True when `image` is not an ELF (design.md §2: a raw image). */
export function isRawImage(image: string): boolean {
  return !isElf(loadImageFile(image));
}

/** Path of the DTB QEMU builds for running `image` with `opts`. */
export function qemuDtb(image: string, opts: RunOptions): Promise<string> {
  const argv = buildQemuArgv(image, opts, '/dev/null');
  // The DTB does not depend on the image's bytes, only on the rest of the command line.
  const line = JSON.stringify(argv.map((a) => (a === image ? '<image>' : a)));
  let p = cache.get(line);
  if (p === undefined) {
    p = (async () => {
      const version = await qemuVersion();
      const key = createHash('sha256').update(`${version}\n${line}`).digest('hex').slice(0, 16);
      const file = join(DTB_CACHE_DIR, `${key}.dtb`);
      if (existsSync(file)) return file;
      mkdirSync(DTB_CACHE_DIR, { recursive: true });
      // Written beside and renamed: another s2diff reading the cache never sees half a DTB.
      const tmp = `${file}.tmp-${process.pid}`;
      const m = argv.indexOf('-M');
      argv[m + 1] += `,dumpdtb=${tmp}`;
      const [bin, ...args] = argv;
      const r = await execa(bin, args, { reject: false, timeout: 30_000 });
      if ((r as { code?: string }).code === 'ENOENT') {
        throw new UsageError(`${bin} not found on PATH: raw images need QEMU for their DTB`, './scripts/setup.sh (Debian package qemu-system-arm)');
      }
      if (r.exitCode !== 0) throw new UsageError(`QEMU could not produce the DTB for ${image}: ${String(r.stderr).split('\n')[0]}`);
      renameSync(tmp, file);
      return file;
    })();
    cache.set(line, p);
  }
  return p;
}
