// The DTB QEMU generates for a command line (`-machine dumpdtb=FILE`: QEMU writes it and
// exits), which the model needs to boot a raw image the way QEMU does. With
// dtb-randomness=off it is the same every time, so it is cached per command line.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { execa } from 'execa';
import { isElf } from '../emulator/elf.ts';
import { loadImageFile } from '../emulator/index.ts';
import { UsageError } from './errors.ts';
import { buildQemuArgv } from './qemu-command.ts';
import type { RunOptions } from './types.ts';

let cacheDir: string | undefined;
const cache = new Map<string, Promise<string>>();

/** True when `image` is not an ELF (design.md §2: a raw image). */
export function isRawImage(image: string): boolean {
  return !isElf(loadImageFile(image));
}

/** Path of the DTB QEMU builds for running `image` with `opts`. */
export function qemuDtb(image: string, opts: RunOptions): Promise<string> {
  cacheDir ??= mkdtempSync(join(tmpdir(), 's2diff-dtb-'));
  const argv = buildQemuArgv(image, opts, '/dev/null');
  // The DTB does not depend on the image's bytes, only on the rest of the command line.
  const key = createHash('sha256').update(JSON.stringify(argv.map((a) => (a === image ? '<image>' : a)))).digest('hex').slice(0, 16);
  let p = cache.get(key);
  if (p === undefined) {
    const file = join(cacheDir, `${key}.dtb`);
    const m = argv.indexOf('-M');
    argv[m + 1] += `,dumpdtb=${file}`;
    const [bin, ...args] = argv;
    p = execa(bin, args, { reject: false, timeout: 30_000 }).then((r) => {
      if ((r as { code?: string }).code === 'ENOENT') {
        throw new UsageError(`${bin} not found on PATH: raw images need QEMU for their DTB`, './scripts/setup.sh (Debian package qemu-system-arm)');
      }
      if (r.exitCode !== 0) throw new UsageError(`QEMU could not produce the DTB for ${image}: ${String(r.stderr).split('\n')[0]}`);
      return file;
    });
    cache.set(key, p);
  }
  return p;
}
