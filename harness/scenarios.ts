// Scenario discovery (every scenarios/<name>/ with a main.c, except the runtime) and
// incremental builds through scenarios/Makefile into the git-ignored build/ directory.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { UsageError } from './errors.ts';
import type { RunOptions } from './types.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// S2DIFF_SCENARIOS_DIR points at another scenario tree (same layout: runtime/, Makefile);
// its images are built into a .build directory inside it.
export const SCENARIO_DIR = process.env.S2DIFF_SCENARIOS_DIR ? resolve(process.env.S2DIFF_SCENARIOS_DIR) : join(REPO_ROOT, 'scenarios');
export const BUILD_DIR = process.env.S2DIFF_SCENARIOS_DIR ? join(SCENARIO_DIR, '.build') : join(REPO_ROOT, 'build', 'scenarios');

export interface ScenarioInfo {
  name: string;
  dir: string;
  description?: string;
  /** False for images that need input from a tool (the fuzz image): not run by `s2diff run`
   * without names, nor by the suite's tests; scenario.json "suite": false. */
  suite: boolean;
  /** scenario.json "icount": N runs the scenario with an instruction-counted clock (--icount N)
   * on both sides, for scenarios that print counter values. */
  icount?: number;
  /** scenario.json "smp": N runs it with N PEs on both sides (--smp N). */
  smp?: number;
  /** scenario.json "gic": 4 runs it on a GICv4.0 (--gic 4). */
  gic?: 3 | 4;
}

/** The run options a scenario asks for in its scenario.json ("icount", "smp"). */
export function scenarioRunOptions(s: Pick<ScenarioInfo, 'icount' | 'smp' | 'gic'> | undefined): Partial<RunOptions> {
  return {
    ...(s?.icount !== undefined ? { icount: s.icount } : {}), ...(s?.smp !== undefined && s.smp > 1 ? { smp: s.smp } : {}),
    ...(s?.gic === 4 ? { gic: 4 as const } : {}),
  };
}

export async function discoverScenarios(root = SCENARIO_DIR): Promise<ScenarioInfo[]> {
  if (!existsSync(root)) return [];
  const out: ScenarioInfo[] = [];
  for (const e of readdirSync(root, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name === 'runtime' || e.name.startsWith('.')) continue;
    const dir = join(root, e.name);
    if (!existsSync(join(dir, 'main.c'))) continue;
    let description: string | undefined;
    let suite = true;
    let icount: number | undefined;
    let smp: number | undefined;
    let gic: 3 | 4 | undefined;
    const meta = join(dir, 'scenario.json');
    if (existsSync(meta)) {
      try {
        const m = JSON.parse(readFileSync(meta, 'utf8')) as { description?: string; suite?: boolean; icount?: number; smp?: number; gic?: number };
        description = m.description;
        suite = m.suite !== false;
        if (m.icount !== undefined) icount = m.icount;
        if (m.smp !== undefined) smp = m.smp;
        if (m.gic !== undefined) {
          if (m.gic !== 3 && m.gic !== 4) throw new Error(`"gic": ${m.gic} is not 3 or 4`);
          gic = m.gic;
        }
      } catch (err) {
        throw new UsageError(`${meta}: invalid JSON (${(err as Error).message})`, 'fix the scenario.json file');
      }
    }
    out.push({ name: e.name, dir, description, suite, ...(icount !== undefined ? { icount } : {}), ...(smp !== undefined ? { smp } : {}), ...(gic !== undefined ? { gic } : {}) });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

const TOOLCHAIN_HINT = './scripts/setup.sh (Debian package gcc-aarch64-linux-gnu)';

/** Builds the named scenarios (only what changed) and returns their image paths, in order. */
export async function buildScenarios(names: string[], buildDir = BUILD_DIR, srcDir = SCENARIO_DIR): Promise<string[]> {
  const images = names.map((n) => join(buildDir, `${n}.elf`));
  if (names.length === 0) return images;
  const cross = process.env.CROSS ?? 'aarch64-linux-gnu-';
  const which = await execa('sh', ['-c', `command -v ${cross}gcc`], { reject: false });
  if (which.exitCode !== 0) {
    throw new UsageError(`the AArch64 cross compiler ${cross}gcc is not on PATH`, TOOLCHAIN_HINT);
  }
  const r = await execa('make', ['-C', srcDir, `BUILD_DIR=${buildDir}`, ...images], { reject: false, all: true });
  if (r.exitCode !== 0) {
    const out = String(r.all ?? '').trim();
    throw new UsageError(`building scenarios failed (make exit ${r.exitCode}):\n${out.slice(-4000)}`,
      /not found|No such file or directory.*gcc/.test(out) ? TOOLCHAIN_HINT : 'fix the compiler errors above');
  }
  return images;
}
