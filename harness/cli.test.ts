// The CLI's contract for bad input: exit code 2 and a message that says what to do,
// never a hang or a stack trace (design.md §3).

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { makeElf, POWER_OFF } from '../emulator/test-support.ts';

const BIN = new URL('./bin.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 's2diff-cli-'));

function file(name: string, data: Uint8Array | string): string {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
}

const good = makeElf(new Uint8Array(new Uint32Array(POWER_OFF).buffer));

async function s2diff(args: string[], env: Record<string, string> = {}) {
  return execa('node', [BIN, ...args], { reject: false, env, timeout: 60_000 });
}

describe('bad input gets exit code 2 and a clear message', () => {
  it.each([
    ['a non-ELF file named .elf', () => file('text.elf', 'just some text'), /not an ELF/],
    ['a truncated ELF', () => file('trunc.elf', good.subarray(0, 100)), /truncated ELF/],
    ['a big-endian ELF', () => { const b = good.slice(); b[5] = 2; return file('be.elf', b); }, /big-endian/],
    ['a 32-bit ELF', () => { const b = good.slice(); b[4] = 1; return file('e32.elf', b); }, /32-bit/],
    ['a missing file', () => join(dir, 'does-not-exist.elf'), /no such file/],
  ])('%s', async (_what, make, message) => {
    const r = await s2diff(['run', '--image', make()]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/fix: /);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('QEMU not on PATH', async () => {
    const r = await s2diff(['run', '--image', file('ok.elf', good)], { S2DIFF_QEMU: join(dir, 'no-qemu-here') });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/not found on PATH/);
    expect(r.stderr).toMatch(/setup\.sh/);
  });

  it('an unknown scenario name', async () => {
    const r = await s2diff(['run', 'no-such-scenario']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/neither a scenario nor an existing image/);
  });

  it.each([['0'], ['9'], ['2.5']])('--smp %s (the board has 1 to 8 PEs)', async (n) => {
    const r = await s2diff(['run', '--image', file('ok.elf', good), '--smp', n]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`--smp ${n.replace('.', '\\.')}: the model's board has 1 to 8 PEs`));
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unknown option', async () => {
    const r = await s2diff(['run', '--frobnicate']);
    expect(r.exitCode).toBe(2);
  });

  it('--follow-qemu with an id the catalogue does not have', async () => {
    const r = await s2diff(['run', 'hello', '--follow-qemu', 'no-such-deviation']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/no-such-deviation: not a catalogued QEMU deviation/);
    expect(r.stderr).toMatch(/fix: use one of: all, nzcv-cleared-on-exception-entry/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    ['a CPU the model has no profile for', ['--cpu', 'cortex-a72'], /the model has the profiles max and cortex-a57/],
    ['a malformed CPU property', ['--cpu', 'max,sve'], /"sve" is not a QEMU CPU property/],
    ['a CPU property QEMU refuses', ['--cpu', 'max,frobnicate=on'], /QEMU refused it: .*frobnicate/],
  ])('--cpu: %s', async (_what, args, message) => {
    const r = await s2diff(['run', 'hello', ...args]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('output piped into a reader that stops early ends quietly', async () => {
    const r = await execa('sh', ['-c', `node ${BIN} list --deviations | head -1`], { reject: false });
    expect(r.stdout.split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
  });
});

describe('s2diff run --image on a minimal ABI-following ELF', () => {
  it('matches and exits 0, writing the JSON report', async () => {
    const json = join(dir, 'out.json');
    const r = await s2diff(['run', '--image', file('poweroff.elf', good), '--json', json, '--timeout', '20']);
    expect(r.stdout).toMatch(/MATCH/);
    expect(r.exitCode).toBe(0);
    // What a person reads: the case's one line, the verdict table, the summary; nothing on stderr.
    expect(r.stdout.split('\n')).toEqual([
      expect.stringMatching(/^MATCH {3}poweroff\.elf +3 insns {2}\d+\.\d s$/),
      expect.stringMatching(/^ +match +diverge/), expect.stringMatching(/^cases +1 +0/),
      expect.stringMatching(/^s2diff: 1 case\(s\): 1 match in /),
    ]);
    expect(r.stderr).toBe('');
    const rep = JSON.parse((await import('node:fs')).readFileSync(json, 'utf8'));
    expect(rep.tool).toBe('s2diff');
    expect(rep.summary.match).toBe(1);
    expect(rep.results[0].qemu.exceptions[0]).toMatchObject({ type: 'Secure Monitor Call', psci: true });
  });

  it('qemu --print-cmd shows the design.md command line', async () => {
    const r = await s2diff(['qemu', '--print-cmd', file('p.elf', good)]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/-M virt,virtualization=on,gic-version=3,dtb-randomness=off -cpu max -smp 1 -m 256/);
  });

  it('qemu --print-cmd --smp 4 gives QEMU four CPUs', async () => {
    const r = await s2diff(['qemu', '--print-cmd', '--smp', '4', file('p.elf', good)]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/-cpu max -smp 4 -m 256/);
  });
});
