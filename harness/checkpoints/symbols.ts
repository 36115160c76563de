// Function names for addresses in a divergence report: a kernel's System.map (`nm` format:
// "address type name"), or an ELF's symbols and line table (the image, or x.elf beside a raw
// x.flat / the kernel's vmlinux) through addr2line.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError } from '../errors.ts';
import { sourceLine, symbolFile } from '../disasm.ts';

export type Symbolizer = (addr: bigint) => Promise<string | undefined>;

interface MapSymbol { addr: bigint; name: string }

/** The code symbols of a System.map, sorted by address (an empty list: a placeholder map). */
export function parseSystemMap(text: string): MapSymbol[] {
  const out: MapSymbol[] = [];
  for (const line of text.split('\n')) {
    const m = /^([0-9a-fA-F]{8,16})\s+([tTwW])\s+(\S+)/.exec(line);
    if (m) out.push({ addr: BigInt('0x' + m[1]), name: m[3]! });
  }
  return out.sort((a, b) => (a.addr < b.addr ? -1 : a.addr > b.addr ? 1 : 0));
}

/** "name+0xoffset" of the last symbol at or below `addr`. */
export function lookupSymbol(syms: MapSymbol[], addr: bigint): string | undefined {
  let lo = 0, hi = syms.length - 1, found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (syms[mid]!.addr <= addr) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  if (found < 0) return undefined;
  const s = syms[found]!;
  // Past the last symbol by far: not in this map's code (a userspace address, say).
  if (found === syms.length - 1 && addr - s.addr > 0x100000n) return undefined;
  return addr === s.addr ? s.name : `${s.name}+0x${(addr - s.addr).toString(16)}`;
}

/**
 * Where names come from: `systemMap` (--system-map), else a System.map beside the image
 * (build/linux/System.map for the fetched kernel), else `vmlinux` (--vmlinux) or the image's ELF.
 */
export function symbolizer(image: string, given: { systemMap?: string; vmlinux?: string } = {}): Symbolizer {
  const mapFile = given.systemMap ?? join(dirname(image), 'System.map');
  if (given.systemMap !== undefined && !existsSync(given.systemMap)) throw new UsageError(`--system-map ${given.systemMap}: no such file`);
  if (existsSync(mapFile)) {
    const syms = parseSystemMap(readFileSync(mapFile, 'utf8'));
    if (syms.length > 0) return (addr) => Promise.resolve(lookupSymbol(syms, addr));
  }
  if (given.vmlinux !== undefined) {
    if (!existsSync(given.vmlinux)) throw new UsageError(`--vmlinux ${given.vmlinux}: no such file`);
    const elf = given.vmlinux;
    return (addr) => sourceLine(elf, addr);
  }
  const sf = symbolFile(image);
  if (sf === undefined) return () => Promise.resolve(undefined);
  return (addr) => sourceLine(sf.elf, addr - sf.bias);
}
