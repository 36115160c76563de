// A cpio archive in the "newc" format (the SVR4 portable format with no CRC, magic 070701),
// the format the Linux kernel unpacks as an initramfs (Documentation/driver-api/
// early-userspace/buffer-format.rst): a 110-byte ASCII header per entry, the NUL-terminated
// name, the data, each padded to 4 bytes, and a final TRAILER!!! entry.

export interface CpioEntry {
  /** Path inside the archive, without a leading slash (`bin/busybox`). */
  name: string;
  /** File type and permissions, as st_mode (0o100755 a file, 0o040755 a directory, 0o120777 a symlink). */
  mode: number;
  /** File contents, or a symlink's target. */
  data?: Uint8Array;
}

export const S_IFREG = 0o100000;
export const S_IFDIR = 0o040000;
export const S_IFLNK = 0o120000;

const MAGIC = '070701';
const TRAILER = 'TRAILER!!!';

/**
 * The archive of `entries`, in the order given (a directory must come before what is in it).
 * Inode numbers count from 1; owner root, mtime 0, so the same entries give the same bytes.
 */
export function cpioArchive(entries: readonly CpioEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  let length = 0;
  const push = (b: Uint8Array): void => {
    parts.push(b);
    length += b.length;
    const pad = (4 - (length % 4)) % 4;
    if (pad > 0) { parts.push(new Uint8Array(pad)); length += pad; }
  };
  const enc = new TextEncoder();
  const all = [...entries, { name: TRAILER, mode: 0 }];
  all.forEach((e, i) => {
    const data = e.data ?? new Uint8Array(0);
    const name = enc.encode(e.name + '\0');
    const isDir = (e.mode & 0o170000) === S_IFDIR;
    const fields = [
      e.name === TRAILER ? 0 : i + 1, // ino
      e.mode, 0, 0, // mode, uid, gid
      isDir ? 2 : 1, // nlink
      0, // mtime
      data.length, // filesize
      0, 0, 0, 0, // devmajor, devminor, rdevmajor, rdevminor
      name.length, // namesize, NUL included
      0, // check
    ];
    const header = MAGIC + fields.map((f) => f.toString(16).padStart(8, '0')).join('');
    const head = new Uint8Array(header.length + name.length);
    head.set(enc.encode(header));
    head.set(name, header.length);
    push(head);
    if (data.length > 0) push(data);
  });
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}
