// s2diff run --kvm-unit-tests DIR: every arm64 test of an upstream kvm-unit-tests tree
// (DIR/arm/unittests.cfg, DIR/arm/*.flat), run on both sides like any raw image, and
// reported per test in run_tests.sh's style besides the usual verdicts.

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.ts';
import type { CaseSpec } from '../run-case.ts';
import type { CaseResult, RunOptions } from '../types.ts';
import { evalDisabledIf, evalSmp, parseUnittestsCfg, type KutTest } from './unittests-cfg.ts';
import { MAX_SMP } from '../../emulator/machine.ts';

/** qemu_params s2diff can honour: -m N, -machine gic-version=3 (the board's own). */
function paramsToOptions(params: string | undefined): { opts: Partial<RunOptions>; unsupported?: string } {
  const opts: Partial<RunOptions> = {};
  const words = (params ?? '').trim().split(/\s+/).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if ((w === '-m') && /^\d+$/.test(words[i + 1] ?? '')) { opts.memMiB = Number(words[++i]); continue; }
    if ((w === '-machine' || w === '-M') && words[i + 1] === 'gic-version=3') { i++; continue; }
    return { opts, unsupported: words.slice(i).join(' ') };
  }
  return { opts };
}

function timeoutSec(t: string | undefined): number | undefined {
  const m = /^(\d+)([smh]?)$/.exec((t ?? '').trim());
  return m ? Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600 } as Record<string, number>)[m[2]] : undefined;
}

/** One case per test; the ones s2diff cannot run carry the reason (verdict `skip`). */
export function kutCases(dir: string, groups?: string[]): CaseSpec[] {
  const cfg = join(resolve(dir), 'arm', 'unittests.cfg');
  if (!existsSync(cfg)) {
    throw new UsageError(`${cfg}: not found`, 'pass the top of a kvm-unit-tests tree built for arm64 (./configure --arch=arm64 && make)');
  }
  const specs: CaseSpec[] = [];
  for (const t of parseUnittestsCfg(readFileSync(cfg, 'utf8'))) {
    if (t.arch !== undefined && t.arch !== 'arm64') continue; // 32-bit only
    if (groups && !t.groups.some((g) => groups.includes(g))) continue;
    specs.push(kutCase(dir, t));
  }
  if (specs.length === 0) throw new UsageError(`${cfg}: no arm64 test${groups ? ` in groups ${groups.join(',')}` : ''}`);
  return specs;
}

function kutCase(dir: string, t: KutTest): CaseSpec {
  const image = join(resolve(dir), 'arm', t.file);
  const spec: CaseSpec = { name: t.name, image };
  const skip = (why: string): CaseSpec => ({ ...spec, skip: why });
  if (!existsSync(image)) return skip(`${t.file} is not built`);
  if (t.accel !== undefined && t.accel !== 'tcg') return skip(`needs accel=${t.accel}`);
  if (t.disabledIf && evalDisabledIf(t.disabledIf)) return skip(`disabled_if ${t.disabledIf}`);
  // run_tests.sh migrates these between two QEMUs mid-test; one run per side cannot.
  if (t.groups.includes('migration')) return skip('a migration test (needs run_tests.sh\'s two-QEMU migration)');
  const smp = evalSmp(t.smp);
  if (smp > MAX_SMP) return skip(`needs smp=${smp}; the model's board has at most ${MAX_SMP} PEs`);
  const { opts, unsupported } = paramsToOptions(t.qemuParams);
  if (unsupported) return skip(`qemu_params "${unsupported}" (the board is design.md's: virt, GICv3)`);
  const timeout = timeoutSec(t.timeout);
  return { ...spec, opts: { ...opts, ...(smp > 1 ? { smp } : {}), ...(t.testArgs !== undefined ? { append: t.testArgs } : {}), ...(timeout ? { timeoutSec: timeout } : {}) } };
}

/**
 * The test's own result from its exit status: lib/arm/io.c prints STATUS = code << 1 | 1,
 * and report_summary() exits with 77 >> 1 when everything was skipped, so 1 is PASS and 77
 * SKIP (as run_tests.sh reads them); anything else, or no status, is FAIL.
 */
export function kutStatus(exitStatus: number | null | undefined): 'PASS' | 'FAIL' | 'SKIP' {
  return exitStatus === 1 ? 'PASS' : exitStatus === 77 ? 'SKIP' : 'FAIL';
}

/** How many tests the test reports it ran (report_summary(): "SUMMARY: N tests ..."), if it got that far. */
export function testsRun(uart: string | undefined): number | undefined {
  const m = /SUMMARY: (\d+) tests/.exec(uart ?? '');
  return m ? Number(m[1]) : undefined;
}

/**
 * A test that ran 0 tests (gicv3-ipi with one CPU: it needs more than the run has) tested
 * nothing, so both sides "agreeing" on it means nothing: it is `skip`, with why, not `match`.
 */
export function kutVerdict(r: CaseResult): CaseResult {
  if (r.verdict !== 'match' || testsRun(r.qemu?.uart) !== 0) return r;
  return { ...r, verdict: 'skip', error: 'the test ran 0 tests on both sides (it needs something this run lacks, such as more CPUs): nothing was compared' };
}

/**
 * A run_tests.sh line, then s2diff's verdict: `PASS selftest-setup (3 tests) [s2diff: ...]`.
 * The two kinds of SKIP read differently: "SKIP (by the test)" is the test's own result,
 * which both sides ran and compared; "SKIP (not run by s2diff: why)" was not run at all.
 */
export function formatKutLine(r: CaseResult): string {
  if (r.verdict === 'skip' && !r.qemu) return `SKIP ${r.name} (not run by s2diff: ${r.error ?? ''})`;
  const q = r.qemu;
  const summary = /SUMMARY: ([^\n]*)/.exec(q?.uart ?? '')?.[1]?.trim();
  const status = q ? kutStatus(q.exitStatus) : 'FAIL';
  const modelStatus = r.model ? kutStatus(r.model.exitStatus) : 'FAIL';
  const first = r.divergences[0]?.summary;
  const tail = r.verdict === 'match' ? 'QEMU and the model agree'
    : r.verdict === 'skip' ? `not counted as agreeing: ${r.error ?? ''}`
    : `${r.verdict}${modelStatus !== status ? `, the model says ${modelStatus}` : ''}${first ? `: ${first.split('\n')[0]}` : r.error ? `: ${r.error.split('\n')[0]}` : ''}`;
  const by = status === 'SKIP' ? ' (by the test)' : '';
  return `${status}${by} ${r.name}${summary ? ` (${summary})` : ''} [s2diff: ${tail}]`;
}

export function formatKutSummary(results: CaseResult[]): string {
  const count = (f: (r: CaseResult) => boolean): number => results.filter(f).length;
  const notRun = (r: CaseResult): boolean => r.verdict === 'skip' && !r.qemu;
  const status = (r: CaseResult): string => (r.qemu ? kutStatus(r.qemu.exitStatus) : 'FAIL');
  const ran = results.filter((r) => !notRun(r));
  return `SUMMARY: ${results.length} tests: QEMU ${count((r) => !notRun(r) && status(r) === 'PASS')} PASS, ` +
    `${ran.filter((r) => status(r) === 'FAIL').length} FAIL, ${ran.filter((r) => status(r) === 'SKIP').length} SKIP (by the test); ` +
    `${count(notRun)} not run by s2diff; model vs QEMU: ${count((r) => r.verdict === 'match')} match, ` +
    `${count((r) => r.verdict === 'skip' && !!r.qemu)} ran 0 tests (not counted), ` +
    `${count((r) => r.verdict === 'diverge' || r.verdict === 'timeout')} diverge/timeout, ${count((r) => r.verdict === 'error')} error`;
}
