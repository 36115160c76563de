// Disassembly and source lines for divergence reports, from binutils (objdump, addr2line).
// Works for any instruction word (disassembled from a 4-byte blob, so code that is not in
// the ELF, e.g. copied or generated at run time, is covered too).

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { isElf, parseElf } from '../emulator/elf.ts';
import { rawBootLayout } from '../emulator/raw-boot.ts';

const CROSS = process.env.CROSS ?? 'aarch64-linux-gnu-';

/** Disassembles instruction words (address used for branch targets). */
export async function disassembleWords(words: { addr: bigint; word: number }[]): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 's2diff-dis-'));
  try {
    const out: string[] = [];
    for (const { addr, word } of words) {
      const f = join(dir, 'w.bin');
      const b = Buffer.alloc(4);
      b.writeUInt32LE(word >>> 0);
      writeFileSync(f, b);
      const r = await execa(`${CROSS}objdump`, ['-D', '-b', 'binary', '-m', 'aarch64', `--adjust-vma=0x${addr.toString(16)}`, f], { reject: false });
      const line = r.stdout.split('\n').find((l) => /^\s*[0-9a-f]+:\s+[0-9a-f]{8}\s/.test(l));
      out.push(line ? line.replace(/^\s*[0-9a-f]+:\s+[0-9a-f]{8}\s+/, '').replace(/\s+/g, ' ').trim() : `.inst 0x${(word >>> 0).toString(16)}`);
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Where an image's symbols are: the image itself when it is an ELF, or for a raw image
 * (kvm-unit-tests' `x.flat`, a kernel `Image`) the ELF of the same name beside it (`x.elf`),
 * with the bias from run-time addresses (the raw image at QEMU's load address) to the ELF's
 * link addresses (its lowest loadable segment).
 */
export function symbolFile(image: string): { elf: string; bias: bigint } | undefined {
  try {
    const bytes = readFileSync(image);
    if (isElf(bytes)) return { elf: image, bias: 0n };
    const elf = image.replace(/(\.[^./]*)?$/, '.elf');
    if (elf === image || !existsSync(elf)) return undefined;
    const eb = readFileSync(elf);
    if (!isElf(eb)) return undefined;
    const base = Math.min(...parseElf(eb, elf).segments.map((s) => s.vaddr));
    return { elf, bias: BigInt(rawBootLayout(bytes, 128, 0).entry - base) };
  } catch {
    return undefined;
  }
}

/** "function at file:line" for an address, when the ELF has debug info; undefined otherwise. */
export async function sourceLine(elf: string, addr: bigint): Promise<string | undefined> {
  const r = await execa(`${CROSS}addr2line`, ['-f', '-C', '-e', elf, `0x${addr.toString(16)}`], { reject: false });
  if (r.exitCode !== 0) return undefined;
  const [fn, loc] = r.stdout.split('\n');
  if (!loc || loc.startsWith('??')) return fn && fn !== '??' ? fn : undefined;
  return `${fn} at ${loc.replace(/ \(discriminator \d+\)/, '')}`;
}
