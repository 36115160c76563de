// The newc archive the kernel unpacks: read back field by field, as init/initramfs.c parses it.
import { describe, expect, it } from 'vitest';
import { cpioArchive, S_IFDIR, S_IFLNK, S_IFREG } from './cpio.ts';
import { buildInitramfs, DEFAULT_INIT } from './initramfs.ts';

interface Parsed { name: string; mode: number; nlink: number; data: Uint8Array }

/** A newc reader: 110-byte header, name, data, each padded to 4 bytes, until TRAILER!!!. */
function parseNewc(a: Uint8Array): Parsed[] {
  const out: Parsed[] = [];
  const text = new TextDecoder();
  let p = 0;
  for (;;) {
    const h = text.decode(a.subarray(p, p + 110));
    expect(h.slice(0, 6)).toBe('070701');
    const f = (i: number): number => parseInt(h.slice(6 + 8 * i, 14 + 8 * i), 16);
    const namesize = f(11), filesize = f(6);
    const name = text.decode(a.subarray(p + 110, p + 110 + namesize - 1));
    expect(a[p + 110 + namesize - 1]).toBe(0);
    p = (p + 110 + namesize + 3) & ~3;
    if (name === 'TRAILER!!!') { expect(p).toBe(a.length); return out; }
    out.push({ name, mode: f(1), nlink: f(4), data: a.subarray(p, p + filesize) });
    p = (p + filesize + 3) & ~3;
  }
}

describe('cpio newc archive', () => {
  it('holds each entry with its mode, size and data, 4-byte aligned, and ends in a trailer', () => {
    const a = cpioArchive([
      { name: 'bin', mode: S_IFDIR | 0o755 },
      { name: 'bin/x', mode: S_IFREG | 0o700, data: new Uint8Array([1, 2, 3, 4, 5]) },
      { name: 'bin/sh', mode: S_IFLNK | 0o777, data: new TextEncoder().encode('x') },
    ]);
    const e = parseNewc(a);
    expect(e.map((x) => x.name)).toEqual(['bin', 'bin/x', 'bin/sh']);
    expect(e[0]).toMatchObject({ mode: S_IFDIR | 0o755, nlink: 2 });
    expect([...e[1].data]).toEqual([1, 2, 3, 4, 5]);
    expect(new TextDecoder().decode(e[2].data)).toBe('x');
  });

  it('the initramfs: busybox and /init executable, the same bytes for the same inputs', () => {
    const busybox = new Uint8Array(1001).fill(7);
    const a = buildInitramfs({ busybox });
    expect(buildInitramfs({ busybox })).toEqual(a);
    const e = parseNewc(a);
    const init = e.find((x) => x.name === 'init')!;
    expect(init.mode).toBe(S_IFREG | 0o755);
    expect(new TextDecoder().decode(init.data)).toBe(DEFAULT_INIT);
    expect(e.find((x) => x.name === 'bin/busybox')!.data.length).toBe(1001);
    expect(new TextDecoder().decode(parseNewc(buildInitramfs({ busybox, init: 'mine' })).find((x) => x.name === 'init')!.data)).toBe('mine');
  });
});
