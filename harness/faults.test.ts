// Every way a run can go wrong ends in the right verdict and exit code (design.md §3), with
// the other cases' results still in the report: QEMU crashing or hanging, the model failing,
// a UART flood, a scenario that does not build, a verdict that flips on rerun.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { dir } from 'tmp-promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeElf, POWER_OFF } from '../emulator/test-support.ts';
import type { JsonReport } from './report.ts';
import { REPO_ROOT } from './scenarios.ts';

const BIN = join(REPO_ROOT, 'harness', 'bin.mjs');
const FAKE = join(REPO_ROOT, 'harness', 'fixtures', 'fake-qemu.sh');
let work: Awaited<ReturnType<typeof dir>>;
let good: string, flood: string, unimplemented: string;

const words = (w: number[]): Uint8Array => makeElf(new Uint8Array(new Uint32Array(w).buffer));

beforeAll(async () => {
  work = await dir({ unsafeCleanup: true, prefix: 's2diff-faults-' });
  const put = (name: string, data: Uint8Array): string => { const p = join(work.path, name); writeFileSync(p, data); return p; };
  good = put('good.elf', words(POWER_OFF));
  // movz x9, #0x0900, lsl #16; mov w2, #'A'; 1: strb w2, [x9]; b 1b
  flood = put('flood.elf', words([0xd2a12009, 0x52800822, 0x39000122, 0x17ffffff]));
  // VBAR_EL2 = the image + 0x800 (adr x0, .+0x800; msr vbar_el2, x0; isb), then a halfword read
  // of fw_cfg's selector register (movz x9, #0x0902, lsl #16; ldrh w1, [x9, #8]): QEMU 7.2 takes
  // it as an External abort to VBAR_EL2 + 0x200 (power off); the model does not model that
  // abort and stops with a "does not implement" error rather than guess.
  const img = new Array<number>(640 + POWER_OFF.length).fill(0xd503201f);
  img.splice(0, 5, 0x10004000, 0xd51cc000, 0xd5033fdf, 0xd2a12049, 0x79401121);
  img.splice(640, POWER_OFF.length, ...POWER_OFF);
  unimplemented = put('fw-cfg-read.elf', words(img));
});
afterAll(async () => { await work.cleanup(); });

async function s2diff(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; report: JsonReport }> {
  const json = join(work.path, `r${Math.random().toString(36).slice(2)}.json`);
  const r = await execa('node', [BIN, 'run', '--json', json, ...args], { reject: false, env, timeout: 90_000, all: true });
  return { code: r.exitCode ?? -1, out: String(r.all), report: JSON.parse(readFileSync(json, 'utf8')) as JsonReport };
}

const verdicts = (rep: JsonReport): Record<string, string> => Object.fromEntries(rep.results.map((r) => [r.name, r.verdict]));

describe('faults', () => {
  it('QEMU killed by a signal: error, the other case still reported, exit 2', async () => {
    const r = await s2diff(['--image', good, '--image', unimplemented], { S2DIFF_QEMU: FAKE, FAKE_QEMU_MODE: 'crash' });
    expect(r.code).toBe(2);
    const c = r.report.results.find((x) => x.name === 'good.elf')!;
    expect(c.verdict).toBe('error');
    expect(c.error).toMatch(/QEMU crashed: QEMU killed by SIGSEGV/);
    expect(c.model?.end).toBe('poweroff'); // what was measured is kept
    expect(r.report.results).toHaveLength(2);
  });

  it('QEMU hanging: its whole process group is killed at the timeout; one-sided timeout diverges (exit 1)', async () => {
    const r = await s2diff(['--image', good, '--timeout', '2'], { S2DIFF_QEMU: FAKE, FAKE_QEMU_MODE: 'hang' });
    expect(r.code).toBe(1);
    const c = r.report.results[0];
    expect(c.verdict).toBe('diverge');
    expect(c.divergences[0].kind).toBe('timeout');
    expect(c.qemu?.detail).toMatch(/process group killed/);
    const left = await execa('pgrep', ['-f', 'sleep 100[01]'], { reject: false });
    expect(left.stdout.trim()).toBe(''); // neither the fake QEMU nor its child survived
  });

  it('the model meeting what it does not implement: error naming it in the report (no stack); the rest still runs (exit 2)', async () => {
    const r = await s2diff(['--image', unimplemented, '--image', good]);
    expect(r.code).toBe(2);
    expect(verdicts(r.report)).toEqual({ 'fw-cfg-read.elf': 'error', 'good.elf': 'match' });
    const c = r.report.results.find((x) => x.name === 'fw-cfg-read.elf')!;
    expect(c.error).toMatch(/the model failed/);
    expect(c.error).toMatch(/fw_cfg/);
    expect(c.model?.detail).toMatch(/model does not implement/);
    expect(c.model?.detail).not.toMatch(/\n\s+at /); // a gap is named, not a stack (a model bug keeps its stack)
    expect(c.qemu?.end).toBe('poweroff');
  });

  it('a UART flood: both sides capped, error naming the cap (exit 2)', async () => {
    const r = await s2diff(['--image', flood, '--uart-cap', '4096', '--image', good]);
    expect(r.code).toBe(2);
    const c = r.report.results.find((x) => x.name === 'flood.elf')!;
    expect(c.verdict).toBe('error');
    expect(c.error).toMatch(/UART flood: both sides printed more than 4096 bytes/);
    expect(c.qemu?.uart.length).toBe(4096);
    expect(c.model?.uart.length).toBe(4096);
    expect(verdicts(r.report)['good.elf']).toBe('match');
  });

  it('a scenario that fails to build: that case error, the others run (exit 2)', async () => {
    const tree = join(work.path, 'scenarios');
    mkdirSync(tree);
    for (const d of ['runtime', 'hello', 'hvc-exit']) cpSync(join(REPO_ROOT, 'scenarios', d), join(tree, d), { recursive: true });
    cpSync(join(REPO_ROOT, 'scenarios', 'Makefile'), join(tree, 'Makefile'));
    mkdirSync(join(tree, 'broken'));
    writeFileSync(join(tree, 'broken', 'main.c'), '#include "runtime.h"\nint main(void) { return undefined_symbol; }\n');
    const r = await s2diff([], { S2DIFF_SCENARIOS_DIR: tree });
    expect(r.code).toBe(2);
    expect(verdicts(r.report)).toEqual({ broken: 'error', hello: 'match', 'hvc-exit': 'match' });
    expect(r.report.results.find((x) => x.name === 'broken')!.error).toMatch(/build failed[\s\S]*undefined_symbol/);
  });

  it('--rerun-divergent: a verdict that flips on rerun is flaky', async () => {
    const state = join(work.path, 'flaky-count');
    // --no-id-probe: the fake counts QEMU runs, and the ID probe would be the first one.
    const r = await s2diff(['--image', good, '--rerun-divergent', '2', '--no-id-probe'], { S2DIFF_QEMU: FAKE, FAKE_QEMU_MODE: 'flaky', FAKE_QEMU_STATE: state });
    expect(r.report.results[0].verdict).toBe('flaky');
    expect(r.report.results[0].error).toMatch(/flipped on rerun 1: diverge -> match/);
    expect(r.code).toBe(1);
  });
});
