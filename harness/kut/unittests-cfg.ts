// kvm-unit-tests' arm/unittests.cfg: INI-like sections, one per test, with file, smp,
// test_args, qemu_params (extra_params in older trees), groups, arch, accel, timeout and
// disabled_if. The shell expressions in smp and disabled_if are evaluated by bash, as
// run_tests.sh does, with MAX_SMP=8 (KUT_MAX_SMP), TARGET=qemu and ARCH=arm64.

import { execFileSync } from 'node:child_process';

export interface KutTest {
  name: string;
  file: string;
  smp: string;
  testArgs?: string;
  qemuParams?: string;
  groups: string[];
  arch?: string;
  accel?: string;
  timeout?: string;
  disabledIf?: string;
}

const unquote = (v: string): string => {
  const t = v.trim();
  return (t.startsWith("'") && t.endsWith("'")) || (t.startsWith('"') && t.endsWith('"')) ? t.slice(1, -1) : t;
};

export function parseUnittestsCfg(text: string): KutTest[] {
  const tests: KutTest[] = [];
  let cur: Record<string, string> | undefined;
  let name = '';
  const flush = (): void => {
    if (!cur) return;
    tests.push({
      name, file: cur.file ?? '', smp: cur.smp ?? '1', testArgs: cur.test_args !== undefined ? unquote(cur.test_args) : undefined,
      qemuParams: cur.qemu_params ?? cur.extra_params, groups: (cur.groups ?? '').split(/\s+/).filter(Boolean),
      arch: cur.arch, accel: cur.accel, timeout: cur.timeout, disabledIf: cur.disabled_if,
    });
  };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const sec = /^\[(.+)\]$/.exec(line);
    if (sec) {
      flush();
      name = sec[1];
      cur = {};
      continue;
    }
    const kv = /^([a-z_]+)\s*=\s*(.*)$/.exec(line);
    if (kv && cur) cur[kv[1]] = kv[2];
  }
  flush();
  return tests;
}

/**
 * $MAX_SMP: run_tests.sh takes the host's CPU count; s2diff takes the model's limit, so a
 * test gets the same number of PEs on every machine (and so the same verdict).
 */
export const KUT_MAX_SMP = 8;
const SHELL_ENV = `MAX_SMP=${KUT_MAX_SMP}; TARGET=qemu; ARCH=arm64; ACCEL=tcg`;

/** smp = <expr>: a number, or a shell arithmetic expression over $MAX_SMP. */
export function evalSmp(expr: string): number {
  if (/^\d+$/.test(expr.trim())) return Number(expr);
  const out = execFileSync('bash', ['-c', `${SHELL_ENV}; echo $(( ${expr.replace(/^\$\(\(|\)\)$/g, '')} ))`], { encoding: 'utf8' });
  return Number(out.trim());
}

/** disabled_if = <bash condition>: true when it holds for TARGET=qemu. */
export function evalDisabledIf(cond: string): boolean {
  try {
    execFileSync('bash', ['-c', `${SHELL_ENV}; ${cond}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
