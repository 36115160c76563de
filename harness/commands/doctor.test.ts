// `s2diff doctor` reports what is there and what is missing with the fix, exit 0 / 2;
// `s2diff --version` prints package.json's version.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../scenarios.ts';

const BIN = join(REPO_ROOT, 'harness', 'bin.mjs');
const s2diff = (args: string[], env: Record<string, string> = {}) => execa('node', [BIN, ...args], { reject: false, env, timeout: 60_000 });

describe('s2diff --version and doctor', () => {
  it('--version: "s2diff <package.json version>", exit 0', async () => {
    const r = await s2diff(['--version']);
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim()).toBe(`s2diff ${pkg.version}`);
  });

  it('everything there: exit 0, the QEMU in use with its version line, the toolchain, the caches', async () => {
    const qemuLine = (await execa('qemu-system-aarch64', ['--version'])).stdout.split('\n')[0];
    const r = await s2diff(['doctor']);
    expect(r.exitCode, r.stdout).toBe(0);
    expect(r.stdout).toContain(`qemu-system-aarch64: ${qemuLine}`);
    expect(r.stdout).toMatch(/ok +cross compiler +aarch64-linux-gnu-gcc: /);
    expect(r.stdout).toMatch(/cache +ID register probe, -cpu max /);
    expect(r.stdout).toMatch(/cache +DTBs for raw images +\d+ cached in build\/dtb\//);
    expect(r.stdout).toMatch(/everything s2diff needs is here$/);
  });

  it('QEMU missing: exit 2, MISSING with the command that fixes it', async () => {
    const r = await s2diff(['doctor'], { S2DIFF_QEMU: '/no/such/qemu-system-aarch64' });
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toMatch(/MISSING +QEMU +\/no\/such\/qemu-system-aarch64 not found \(S2DIFF_QEMU\)\n +fix: \.\/scripts\/setup\.sh \(Debian package qemu-system-arm\)/);
    expect(r.stdout).toMatch(/s2diff doctor: missing: QEMU /);
  });

  it('toolchain missing: exit 2, each missing tool named', async () => {
    const r = await s2diff(['doctor'], { CROSS: 'no-such-cross-' });
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toMatch(/MISSING +cross compiler +no-such-cross-gcc not found\n +fix: .*gcc-aarch64-linux-gnu/);
    expect(r.stdout).toMatch(/MISSING +objdump/);
    expect(r.stdout).toMatch(/missing: cross compiler, objdump .*, addr2line/);
  });
});
