// Where `s2diff linux` finds what it boots: the kernel Image and busybox that
// `scripts/setup.sh --linux` (scripts/fetch-linux.sh) unpacked under build/linux, or the
// user's own; and the initramfs it builds, kept under build/linux/initramfs by content hash
// so a JSON report's `options.initrd` still names a file that exists for `s2diff repro`.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.ts';
import { buildInitramfs } from './initramfs.ts';

export const LINUX_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../build/linux');
const SETUP_HINT = 'run ./scripts/setup.sh --linux (fetches Debian\'s arm64 cloud kernel and busybox-static into build/linux)';

/** The kernel to boot: --kernel, else build/linux/Image. */
export function kernelImage(given?: string): string {
  const path = resolve(given ?? join(LINUX_DIR, 'Image'));
  if (!existsSync(path)) {
    throw new UsageError(`${path}: no such kernel image`, given ? 'pass an arm64 kernel Image with --kernel' : SETUP_HINT);
  }
  return path;
}

export interface InitramfsChoice {
  /** --initramfs: a .cpio used as it is, or a directory added to the built one. */
  initramfs?: string;
  /** --init: the /init script of the built one. */
  init?: string;
  /** --busybox: the static arm64 busybox (default build/linux/busybox). */
  busybox?: string;
}

/** The initrd file to boot with: the user's cpio, or one built from busybox, /init and a directory. */
export function initramfsFile(c: InitramfsChoice): string {
  const given = c.initramfs !== undefined ? resolve(c.initramfs) : undefined;
  if (given !== undefined && !existsSync(given)) throw new UsageError(`--initramfs ${c.initramfs}: no such file or directory`);
  if (given !== undefined && statSync(given).isFile()) {
    if (c.init !== undefined) throw new UsageError('--init goes with a built initramfs, not with a ready .cpio', 'put your init in the archive, or pass --initramfs DIR');
    return given;
  }
  const busyboxPath = resolve(c.busybox ?? join(LINUX_DIR, 'busybox'));
  if (!existsSync(busyboxPath)) throw new UsageError(`${busyboxPath}: no busybox to build the initramfs from`, c.busybox ? 'pass a static arm64 busybox with --busybox' : SETUP_HINT);
  let init: string | undefined;
  if (c.init !== undefined) {
    if (!existsSync(c.init)) throw new UsageError(`--init ${c.init}: no such file`);
    init = readFileSync(c.init, 'utf8');
  }
  const archive = buildInitramfs({ busybox: readFileSync(busyboxPath), init, dir: given });
  const hash = createHash('sha256').update(archive).digest('hex').slice(0, 16);
  const out = join(LINUX_DIR, 'initramfs', `${hash}.cpio`);
  if (!existsSync(out)) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, archive);
  }
  return out;
}
