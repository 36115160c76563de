// The mutation driver (scripts/mutate.sh): copies the repository once to a temporary
// directory (node_modules symlinked, build/ copied so built scenarios and probe caches are
// reused), checks that the test command passes there unmutated, then plants each mutant of
// the catalogue in turn (one file patched, run, restored) and reports which the tests killed.
// The real tree is never touched.
//
//   npx tsx harness/mutation/run.ts [--only ID,ID] [--room R,R] [--cmd "..."] [--full]
//     [--timeout SEC] [--json FILE] [--keep] [--list] [--no-baseline]

import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { applyMutant } from './apply.ts';
import { MUTANTS, type Mutant } from './catalogue.ts';

/**
 * The default test command: the model's unit tests (not the FP core's: no mutant touches it),
 * the lockstep and fault tests, the stage-2 and stateful MMU fuzzers on their
 * small budgets (the latter also judges --strict) and the suite's scenarios (a few minutes
 * per mutant on 2 cores). --bail: a killed mutant stops at its first failing test.
 */
export const FAST_COMMAND = 'npx vitest run --bail 1 emulator harness/lockstep.test.ts harness/faults.test.ts --exclude "emulator/fp/**" ' +
  '&& npx vitest run --bail 1 harness/fuzz/fuzz.diff.test.ts harness/fuzz-mmu harness/fuzz-its harness/scenarios.diff.test.ts';
export const FULL_COMMAND = 'npm test';

export type Verdict = 'killed' | 'survived' | 'timeout' | 'error';

export interface MutantResult {
  id: string;
  room: string;
  file: string;
  verdict: Verdict;
  seconds: number;
  /** The first failing test line (killed), or why it could not run (error). */
  detail?: string;
}

export interface MutationReport {
  command: string;
  mutants: MutantResult[];
  killed: number;
  survived: number;
  timeouts: number;
  errors: number;
  /** (killed + timeouts) / (killed + timeouts + survived). */
  killRate: number;
  seconds: number;
}

interface Args {
  only?: string[];
  rooms?: string[];
  cmd: string;
  timeoutSec: number;
  json?: string;
  keep: boolean;
  list: boolean;
  baseline: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { cmd: process.env.MUTATE_CMD ?? FAST_COMMAND, timeoutSec: 900, keep: false, list: false, baseline: true };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i], v = (): string => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${k} needs a value`);
      return x;
    };
    if (k === '--only') a.only = v().split(',');
    else if (k === '--room') a.rooms = v().split(',');
    else if (k === '--cmd') a.cmd = v();
    else if (k === '--full') a.cmd = FULL_COMMAND;
    else if (k === '--timeout') a.timeoutSec = Number(v());
    else if (k === '--json') a.json = v();
    else if (k === '--keep') a.keep = true;
    else if (k === '--list') a.list = true;
    else if (k === '--no-baseline') a.baseline = false;
    else throw new Error(`unknown option ${k} (see the header of harness/mutation/run.ts)`);
  }
  return a;
}

/** The chosen mutants, taken round-robin across rooms so that a partial run samples every room. */
export function selectMutants(all: readonly Mutant[], only?: string[], rooms?: string[]): Mutant[] {
  if (only) {
    const unknown = only.filter((id) => !all.some((m) => m.id === id));
    if (unknown.length > 0) throw new Error(`unknown mutant(s): ${unknown.join(', ')}`);
  }
  const chosen = all.filter((m) => (!only || only.includes(m.id)) && (!rooms || rooms.includes(m.room)));
  const byRoom = new Map<string, Mutant[]>();
  for (const m of chosen) byRoom.set(m.room, [...(byRoom.get(m.room) ?? []), m]);
  const out: Mutant[] = [];
  for (let i = 0; out.length < chosen.length; i++) for (const ms of byRoom.values()) if (ms[i]) out.push(ms[i]);
  return out;
}

/** A copy of the repository's files (tracked and untracked-not-ignored), mtimes kept. */
function copyRepo(root: string): string {
  const dest = mkdtempSync(join(tmpdir(), 's2diff-mutate-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 })
    .split('\0').filter((f) => f !== '' && f !== 'node_modules' && !f.startsWith('node_modules/'));
  for (const f of files) {
    const src = join(root, f);
    if (!existsSync(src)) continue; // deleted in the work tree
    mkdirSync(dirname(join(dest, f)), { recursive: true });
    cpSync(src, join(dest, f), { preserveTimestamps: true });
  }
  if (existsSync(join(root, 'build'))) cpSync(join(root, 'build'), join(dest, 'build'), { recursive: true, preserveTimestamps: true });
  symlinkSync(realpathSync(join(root, 'node_modules')), join(dest, 'node_modules'));
  return dest;
}

interface CmdResult { code: number | null; timedOut: boolean; output: string; seconds: number }

function runCommand(cmd: string, cwd: string, timeoutSec: number, mutant = ''): Promise<CmdResult> {
  return new Promise((res) => {
    const t0 = performance.now();
    const child = spawn('bash', ['-c', cmd], { cwd, detached: true, env: { ...process.env, CI: 'true', FORCE_COLOR: '0', S2DIFF_MUTANT: mutant } });
    let output = '';
    const keep = (b: Buffer): void => { output = (output + b.toString()).slice(-200_000); };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ }
    }, timeoutSec * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      res({ code, timedOut, output, seconds: Math.round((performance.now() - t0) / 100) / 10 });
    });
  });
}

/** The first failing test in vitest's output, for the report. */
export function firstFailure(output: string): string | undefined {
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  const line = plain.split('\n').find((l) => /^\s*(FAIL|×|✗)\s/.test(l) || /AssertionError|Error:/.test(l));
  return line?.trim().slice(0, 300);
}

export function summarize(command: string, results: MutantResult[], seconds: number): MutationReport {
  const n = (v: Verdict): number => results.filter((r) => r.verdict === v).length;
  const killed = n('killed'), survived = n('survived'), timeouts = n('timeout'), errors = n('error');
  const judged = killed + timeouts + survived;
  return { command, mutants: results, killed, survived, timeouts, errors, killRate: judged > 0 ? (killed + timeouts) / judged : 0, seconds };
}

export function formatReport(r: MutationReport): string {
  const lines = r.mutants.map((m) => `${m.verdict.toUpperCase().padEnd(9)} ${m.id.padEnd(36)} ${m.room.padEnd(11)} ${String(m.seconds).padStart(6)} s${m.detail && m.verdict !== 'survived' ? `  ${m.detail}` : ''}`);
  const survivors = r.mutants.filter((m) => m.verdict === 'survived').map((m) => m.id);
  lines.push('', `mutation: ${r.mutants.length} mutant(s): ${r.killed} killed, ${r.timeouts} timed out (counted as killed), ${r.survived} survived, ` +
    `${r.errors} error(s); kill rate ${(r.killRate * 100).toFixed(1)}% in ${Math.round(r.seconds)} s`, `command: ${r.command}`);
  if (survivors.length > 0) lines.push(`survivors: ${survivors.join(', ')}`);
  return lines.join('\n');
}

async function main(): Promise<number> {
  const a = parseArgs(process.argv.slice(2));
  const root = resolve(dirname(new URL(import.meta.url).pathname), '../..');
  const chosen = selectMutants(MUTANTS, a.only, a.rooms);
  if (a.list) {
    for (const m of chosen) console.log(`${m.id.padEnd(36)} ${m.room.padEnd(11)} ${m.file}  ${m.why}`);
    return 0;
  }
  // Every chosen mutant must still apply before anything runs (exit 2: the catalogue rotted).
  for (const m of chosen) applyMutant(readFileSync(join(root, m.file), 'utf8'), m);
  const t0 = performance.now();
  const work = copyRepo(root);
  console.log(`mutation: ${chosen.length} mutant(s) in ${work}; command: ${a.cmd}`);
  const results: MutantResult[] = [];
  const write = (): void => {
    if (a.json) writeFileSync(a.json, JSON.stringify(summarize(a.cmd, results, (performance.now() - t0) / 1000), null, 2) + '\n');
  };
  try {
    if (a.baseline) {
      const b = await runCommand(a.cmd, work, a.timeoutSec);
      if (b.code !== 0) {
        console.error(`mutation: the command fails without any mutant (exit ${b.code}${b.timedOut ? ', timed out' : ''}): ` +
          `${firstFailure(b.output) ?? b.output.slice(-2000)}`);
        return 2;
      }
      console.log(`baseline: passes unmutated in ${b.seconds} s`);
    }
    for (const m of chosen) {
      const path = join(work, m.file);
      const original = readFileSync(path, 'utf8');
      let r: MutantResult;
      try {
        writeFileSync(path, applyMutant(original, m));
        const out = await runCommand(a.cmd, work, a.timeoutSec, m.id);
        const verdict: Verdict = out.timedOut ? 'timeout' : out.code === 0 ? 'survived' : 'killed';
        r = { id: m.id, room: m.room, file: m.file, verdict, seconds: out.seconds, detail: verdict === 'killed' ? firstFailure(out.output) : undefined };
      } catch (e) {
        r = { id: m.id, room: m.room, file: m.file, verdict: 'error', seconds: 0, detail: (e as Error).message };
      } finally {
        writeFileSync(path, original);
      }
      results.push(r);
      console.log(`${r.verdict.toUpperCase().padEnd(9)} ${r.id} (${r.seconds} s)${r.detail ? `: ${r.detail}` : ''}`);
      write();
    }
    const rep = summarize(a.cmd, results, (performance.now() - t0) / 1000);
    write();
    console.log('\n' + formatReport(rep));
    return rep.survived > 0 || rep.errors > 0 ? 1 : 0;
  } finally {
    if (a.keep) console.log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  main().then((code) => process.exit(code), (e) => {
    console.error(`mutation: ${(e as Error).message}`);
    process.exit(2);
  });
}
