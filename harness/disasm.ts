// Disassembly and source lines for divergence reports, from binutils (objdump, addr2line).
// Works for any instruction word (disassembled from a 4-byte blob, so code that is not in
// the ELF, e.g. copied or generated at run time, is covered too).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

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

/** "function at file:line" for an address, when the ELF has debug info; undefined otherwise. */
export async function sourceLine(elf: string, addr: bigint): Promise<string | undefined> {
  const r = await execa(`${CROSS}addr2line`, ['-f', '-C', '-e', elf, `0x${addr.toString(16)}`], { reject: false });
  if (r.exitCode !== 0) return undefined;
  const [fn, loc] = r.stdout.split('\n');
  if (!loc || loc.startsWith('??')) return fn && fn !== '??' ? fn : undefined;
  return `${fn} at ${loc.replace(/ \(discriminator \d+\)/, '')}`;
}
