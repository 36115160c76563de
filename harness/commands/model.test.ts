// `s2diff model` honours the options `s2diff run` gives the model (they go through one
// modelConfig): --block-threshold, --strict, --coverage, --icount, and boots raw images
// with QEMU's DTB, with and without --trace.

import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildScenarios } from '../scenarios.ts';

const BIN = new URL('../bin.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 's2diff-model-cmd-'));

async function s2diff(args: string[]) {
  return execa('node', [BIN, 'model', ...args], { reject: false, timeout: 120_000 });
}

/** The translated-block count from the summary line on stderr. */
function blocksTranslated(stderr: string): number {
  const m = /\[model: poweroff, \d+ instructions, (\d+) translated blocks,/.exec(stderr);
  expect(m, stderr).not.toBeNull();
  return Number(m![1]);
}

let alu: string, hello: string, bbm: string, s2: string, helloFlat: string;

beforeAll(async () => {
  [alu, hello, bbm, s2] = await buildScenarios(['alu', 'hello', 'strict-bbm', 's2-walk-4k-l1']);
  helloFlat = join(dir, 'hello.flat');
  await execa('aarch64-linux-gnu-objcopy', ['-O', 'binary', hello, helloFlat]);
}, 120_000);

describe('s2diff model', () => {
  it('--block-threshold 0 interprets every instruction; by default alu runs translated blocks', async () => {
    const [byDefault, interpreted] = await Promise.all([s2diff([alu]), s2diff([alu, '--block-threshold', '0'])]);
    expect(byDefault.exitCode).toBe(0);
    expect(interpreted.exitCode).toBe(0);
    expect(blocksTranslated(byDefault.stderr)).toBeGreaterThan(0);
    expect(blocksTranslated(interpreted.stderr)).toBe(0);
    expect(interpreted.stdout).toBe(byDefault.stdout);
  }, 120_000);

  it('boots a raw image with the DTB QEMU generates (x0 = the DTB address)', async () => {
    const r = await s2diff([helloFlat]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('x0=0x0000000048000000');
  }, 120_000);

  it('--trace writes a trace of a raw image, from QEMU\'s bootloader at the start of RAM', async () => {
    const trace = join(dir, 'hello-flat.trace');
    const r = await s2diff([helloFlat, '--trace', trace]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/\[model: \d+ instructions traced to /);
    expect(r.stdout).toContain('EXIT: STATUS=0');
    expect(existsSync(trace)).toBe(true);
    const head = readFileSync(trace, 'utf8').slice(0, 400);
    expect(head).toMatch(/^Trace 0:\n PC=0000000040000000 /);
  }, 120_000);

  it('--strict prints the findings on stderr and exits 1', async () => {
    const r = await s2diff([bbm, '--strict']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^strict: break-before-make at pc 0x4008/m);
    expect(r.stdout).toContain('EXIT: STATUS=0');
    const clean = await s2diff([hello, '--strict']);
    expect(clean.exitCode).toBe(0);
    expect(clean.stderr).toContain('[model: --strict: 0 finding(s)]');
  }, 120_000);

  it('--coverage prints the translation coverage table', async () => {
    const r = await s2diff([s2, '--coverage']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/translation coverage \(model, -cpu max\): [1-9]\d*\/\d+ reachable cells hit/);
    expect(r.stdout).not.toMatch(/translation coverage/); // stdout stays the guest's UART output
  }, 120_000);

  it('--icount with --trace is accepted', async () => {
    const trace = join(dir, 'hello-icount.trace');
    const r = await s2diff([hello, '--icount', '3', '--trace', trace]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(readFileSync(trace, 'utf8').startsWith('Trace 0:\n')).toBe(true);
  }, 120_000);
});
