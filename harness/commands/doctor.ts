// `s2diff doctor`: is everything s2diff needs here, and what is not, with the command that
// fixes it. Required: Node, QEMU, the cross toolchain (scenarios, disassembly, source lines)
// and make; exit 2 when any is missing. The caches under build/ (ID register probes, DTBs,
// built scenarios) and the optional browser are listed, never required: a run fills them.

import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { CACHE_DIR as ID_PROBE_CACHE_DIR, idProbeCacheFile } from '../id-probe.ts';
import { DTB_CACHE_DIR } from '../qemu-dtb.ts';
import { qemuBinary } from '../qemu-command.ts';
import { version } from '../report.ts';
import { BUILD_DIR, discoverScenarios, REPO_ROOT } from '../scenarios.ts';

type Status = 'ok' | 'MISSING' | 'cache' | 'optional';

interface Check { status: Status; what: string; detail: string; fix?: string }

const SETUP = './scripts/setup.sh';
const MIN_NODE = [20, 19];

/** The first line a tool prints for `args`, or undefined when it cannot be run. */
async function firstLine(cmd: string, args: string[]): Promise<string | undefined> {
  const r = await execa(cmd, args, { reject: false, timeout: 20_000 });
  if (r.failed && r.exitCode === undefined) return undefined; // not found / not executable
  return String(r.stdout || r.stderr).split('\n')[0].trim() || undefined;
}

async function tool(what: string, cmd: string, args: string[], fix: string): Promise<Check> {
  const line = await firstLine(cmd, args);
  return line ? { status: 'ok', what, detail: `${cmd}: ${line}` } : { status: 'MISSING', what, detail: `${cmd} not found`, fix };
}

function nodeCheck(): Check {
  const [maj, min] = process.versions.node.split('.').map(Number);
  const ok = maj > MIN_NODE[0] || (maj === MIN_NODE[0] && min >= MIN_NODE[1]);
  return ok ? { status: 'ok', what: 'Node.js', detail: `v${process.versions.node}` }
    : { status: 'MISSING', what: 'Node.js', detail: `v${process.versions.node}; s2diff needs >= ${MIN_NODE.join('.')}`, fix: 'install Node.js 20.19 or newer' };
}

const short = (p: string): string => relative(REPO_ROOT, p) || '.';

function idProbes(qemuVersion: string | undefined): Check[] {
  return (['max', 'cortex-a57'] as const).map((cpu) => {
    const what = `ID register probe, -cpu ${cpu}`;
    if (!qemuVersion) return { status: 'cache', what, detail: 'needs QEMU' };
    const file = idProbeCacheFile(cpu, qemuVersion);
    return existsSync(file) ? { status: 'cache', what, detail: `cached for this QEMU: ${short(file)}` }
      : { status: 'cache', what, detail: 'not cached for this QEMU yet (the first run with this --cpu probes it, a few seconds)',
        fix: `npx s2diff run id-registers --cpu ${cpu}` };
  });
}

function listDir(dir: string, ext: string): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith(ext));
  } catch {
    return [];
  }
}

async function builtScenarios(): Promise<Check> {
  const all = await discoverScenarios();
  const built = all.filter((s) => existsSync(join(BUILD_DIR, `${s.name}.elf`))).length;
  return { status: 'cache', what: 'scenario images', detail: `${built} of ${all.length} built in ${short(BUILD_DIR)}/`,
    ...(built < all.length ? { fix: 'npx s2diff run (builds what it runs, incrementally)' } : {}) };
}

export async function doctorChecks(): Promise<Check[]> {
  const cross = process.env.CROSS ?? 'aarch64-linux-gnu-';
  const qemu = qemuBinary();
  const qemuLine = await firstLine(qemu, ['--version']);
  const checks: Check[] = [
    nodeCheck(),
    qemuLine ? { status: 'ok', what: 'QEMU', detail: `${qemu}: ${qemuLine}` }
      : { status: 'MISSING', what: 'QEMU', detail: `${qemu} not found${process.env.S2DIFF_QEMU ? ' (S2DIFF_QEMU)' : ' on PATH'}`,
        fix: `${SETUP} (Debian package qemu-system-arm), or set S2DIFF_QEMU to a qemu-system-aarch64` },
    await tool('cross compiler', `${cross}gcc`, ['--version'], `${SETUP} (Debian package gcc-aarch64-linux-gnu), or set CROSS=<prefix>`),
    await tool('objdump (disassembly in reports)', `${cross}objdump`, ['--version'], `${SETUP} (Debian package binutils-aarch64-linux-gnu)`),
    await tool('addr2line (source lines in repro)', `${cross}addr2line`, ['--version'], `${SETUP} (Debian package binutils-aarch64-linux-gnu)`),
    await tool('make', 'make', ['--version'], `${SETUP} (Debian package make)`),
    existsSync(join(REPO_ROOT, 'node_modules', 'yargs')) ? { status: 'ok', what: 'npm dependencies', detail: 'node_modules present' }
      : { status: 'MISSING', what: 'npm dependencies', detail: 'node_modules missing', fix: 'npm ci' },
    ...idProbes(qemuLine),
    { status: 'cache', what: 'DTBs for raw images', detail: `${listDir(DTB_CACHE_DIR, '.dtb').length} cached in ${short(DTB_CACHE_DIR)}/ (one per QEMU command line, made on first use)` },
    await builtScenarios(),
  ];
  const chromium = (await firstLine('chromium', ['--version'])) ?? (await firstLine('chromium-browser', ['--version']));
  checks.push(chromium ? { status: 'optional', what: 'headless browser (HTML report test)', detail: chromium }
    : { status: 'optional', what: 'headless browser (HTML report test)', detail: 'chromium not installed: that test is skipped', fix: `${SETUP} --browser` });
  return checks;
}

export function formatDoctor(checks: Check[]): string {
  const w = Math.max(...checks.map((c) => c.what.length));
  const lines = [`s2diff ${version()} doctor (${REPO_ROOT})`];
  for (const c of checks) {
    lines.push(`  ${c.status.padEnd(8)} ${c.what.padEnd(w)}  ${c.detail}`);
    // Only a missing requirement needs fixing; a cache fills itself, the browser is optional.
    const label = c.status === 'MISSING' ? 'fix' : c.status === 'cache' ? 'fill now' : 'install';
    if (c.fix) lines.push(`  ${''.padEnd(8)} ${''.padEnd(w)}  ${label}: ${c.fix}`);
  }
  const missing = checks.filter((c) => c.status === 'MISSING');
  lines.push(missing.length === 0 ? 's2diff doctor: everything s2diff needs is here'
    : `s2diff doctor: missing: ${missing.map((c) => c.what).join(', ')} (see the fix lines above)`);
  return lines.join('\n');
}

/** Exit code: 0 when everything required is there, 2 when something is missing. */
export async function doctorCommand(): Promise<number> {
  const checks = await doctorChecks();
  process.stdout.write(formatDoctor(checks) + '\n');
  return checks.some((c) => c.status === 'MISSING') ? 2 : 0;
}
