// The initramfs `s2diff linux` boots: busybox (static, from Debian's busybox-static), an
// /init script (the user's, or DEFAULT_INIT), and the user's files, as one newc cpio
// (cpio.ts). A user's own .cpio is used as it is.

import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { cpioArchive, S_IFDIR, S_IFLNK, S_IFREG, type CpioEntry } from './cpio.ts';

/**
 * What the default /init does: the mounts every userspace needs, a few commands whose output
 * is the same on every run (no dates, no timings), a little floating point (busybox awk
 * computes in doubles), then power-off (PSCI SYSTEM_OFF).
 */
export const DEFAULT_INIT = `#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mkdir -p /proc /sys /dev /tmp
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
echo "s2diff: userspace up"
uname -srm
cat /proc/cmdline
grep -E '^(Features|CPU part)' /proc/cpuinfo
awk 'BEGIN { printf "awk: %.17g %.17g\\n", 1/3, 22/7 }'
echo "s2diff: powering off"
poweroff -f
`;

export interface InitramfsInputs {
  /** Debian's busybox-static binary. */
  busybox: Uint8Array;
  /** The /init script (default DEFAULT_INIT). */
  init?: string;
  /** A directory whose tree is added at the root (after busybox and /init, so it may replace them). */
  dir?: string;
}

const dirEntry = (name: string): CpioEntry => ({ name, mode: S_IFDIR | 0o755 });

/** The initramfs as a cpio archive; the same inputs give the same bytes. */
export function buildInitramfs(inp: InitramfsInputs): Uint8Array {
  const entries: CpioEntry[] = [
    dirEntry('bin'),
    { name: 'bin/busybox', mode: S_IFREG | 0o755, data: inp.busybox },
    { name: 'init', mode: S_IFREG | 0o755, data: new TextEncoder().encode(inp.init ?? DEFAULT_INIT) },
    ...['dev', 'proc', 'sys', 'tmp'].map(dirEntry),
  ];
  if (inp.dir !== undefined) entries.push(...treeEntries(inp.dir));
  return cpioArchive(entries);
}

/** A directory tree's entries, parents first, names sorted (a deterministic archive). */
function treeEntries(root: string): CpioEntry[] {
  const out: CpioEntry[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const rel = relative(root, path).split(sep).join('/');
      const st = lstatSync(path);
      const perm = st.mode & 0o7777;
      if (st.isSymbolicLink()) out.push({ name: rel, mode: S_IFLNK | 0o777, data: new TextEncoder().encode(readlinkSync(path)) });
      else if (st.isDirectory()) { out.push({ name: rel, mode: S_IFDIR | perm }); walk(path); }
      else if (st.isFile()) out.push({ name: rel, mode: S_IFREG | perm, data: readFileSync(path) });
    }
  };
  walk(root);
  return out;
}
