// The ID register values of the QEMU in use. Users run other QEMU versions than the 7.2 the
// built-in profile tables come from, and QEMU changes what `-cpu max` advertises between
// versions; so the id-registers scenario is run once per (QEMU version, -cpu) and its REGS
// blocks become the values the model presents. Cached in build/id-probe/ (git-ignored),
// keyed by the `--version` line and the binary, so a QEMU upgrade re-probes by itself.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dir } from 'tmp-promise';
import { unimplementedFeatures, type FeatureGap } from '../emulator/feature-gaps.ts';
import { ccsidrName, profileIdRegs, type CpuProfile, type IdRegisters } from '../emulator/profiles.ts';
import '../emulator/sysreg-rooms.ts'; // fills the register table
import { lookupSysReg, sysregKey } from '../emulator/sysreg-table.ts';
import { parseRegsBlocks } from './compare.ts';
import { qemuBinary, qemuVersion, runQemu } from './qemu-runner.ts';
import { buildScenarios, REPO_ROOT } from './scenarios.ts';
import { log } from './logger.ts';
import { UsageError } from './errors.ts';
import { DEFAULT_RUN_OPTIONS, type RunOptions } from './types.ts';

export const CACHE_DIR = join(REPO_ROOT, 'build', 'id-probe');

export interface IdProbe {
  qemuVersion: string;
  cpu: CpuProfile;
  /** Register name -> value, as the model names them (profiles.ts). */
  registers: IdRegisters;
  /** Registers whose value differs from the built-in (QEMU 7.2) table. */
  differsFromBuiltIn: string[];
  /** Features this QEMU advertises that the model does not implement. */
  unimplemented: FeatureGap[];
  /** Where the values came from this time. */
  source: 'qemu' | 'cache';
}

/** The model's name for a field of the id-registers scenario's REGS blocks. */
export function registerName(field: string): string | undefined {
  const enc = field.match(/^s3_0_c0_c([1-7])_([0-7])$/);
  if (enc) return lookupSysReg(sysregKey(3, 0, 0, Number(enc[1]), Number(enc[2])))?.name;
  const cc = field.match(/^ccsidr_l([1-7])_([di])$/);
  if (cc) return ccsidrName(Number(cc[1]) - 1, cc[2] === 'i');
  return /^[a-z0-9_]+_el[0-3]$/.test(field) ? field.toUpperCase() : undefined;
}

/** Turns the id-registers scenario's UART output into ID register values. */
export function parseIdProbe(uart: string): Record<string, bigint> {
  const out: Record<string, bigint> = {};
  for (const b of parseRegsBlocks(uart)) {
    for (const [field, hex] of b.fields) {
      const name = registerName(field);
      const v = BigInt(hex);
      if (name && v !== 0n) out[name] = v;
    }
  }
  return out;
}

function describe(cpu: CpuProfile, version: string, regs: IdRegisters, source: IdProbe['source']): IdProbe {
  const builtIn = profileIdRegs(cpu);
  const names = new Set([...Object.keys(builtIn), ...Object.keys(regs)]);
  const differsFromBuiltIn = [...names].filter((n) => (builtIn[n] ?? 0n) !== (regs[n] ?? 0n)).sort();
  return { qemuVersion: version, cpu, registers: regs, differsFromBuiltIn, unimplemented: unimplementedFeatures(regs), source };
}

/** Where the probe of `cpu` on the QEMU in use (its binary and --version line) is cached. */
export function idProbeCacheFile(cpu: CpuProfile, qemuVersionLine: string, cacheDir = CACHE_DIR, props = ''): string {
  const key = createHash('sha256').update(`${qemuBinary()}\n${qemuVersionLine}\n${cpu}${props ? `,${props}` : ''}`).digest('hex').slice(0, 16);
  return join(cacheDir, `${cpu}-${key}.json`);
}

/** Probes (or reads from the cache) the ID registers QEMU presents for `cpu`. */
export async function probeIdRegisters(cpu: CpuProfile, cacheDir = CACHE_DIR, props = ''): Promise<IdProbe> {
  const version = await qemuVersion();
  const file = idProbeCacheFile(cpu, version, cacheDir, props);
  try {
    const cached = JSON.parse(readFileSync(file, 'utf8')) as { registers: Record<string, string> };
    const regs = Object.fromEntries(Object.entries(cached.registers).map(([k, v]) => [k, BigInt(v)]));
    return describe(cpu, version, regs, 'cache');
  } catch {
    // not cached yet (or unreadable): probe
  }
  const [image] = await buildScenarios(['id-registers'], join(REPO_ROOT, 'build', 'scenarios'), join(REPO_ROOT, 'scenarios'));
  const work = await dir({ unsafeCleanup: true, prefix: 's2diff-idprobe-' });
  try {
    // A short timeout: the probe takes ~0.1 s on a working QEMU; a hanging one must not cost the run 30 s.
    const r = await runQemu(image!, { ...DEFAULT_RUN_OPTIONS, cpu, cpuProps: props || undefined, timeoutSec: 5 }, { workDir: work.path })
      .catch((e: unknown) => {
        // QEMU refusing a CPU property is the user's to fix: say so, with QEMU's words.
        if (props && e instanceof UsageError) {
          const why = /qemu-system-aarch64: (.*)/.exec(e.message)?.[1] ?? e.message;
          throw new UsageError(`--cpu ${cpu},${props}: QEMU refused it: ${why}`, `see the properties with: ${qemuBinary()} -cpu ${cpu},help`);
        }
        throw e;
      });
    const regs = parseIdProbe(r.uart);
    if (r.end !== 'poweroff' || !regs.ID_AA64PFR0_EL1) {
      // QEMU refusing a CPU property is the user's to fix, not a reason to carry on.
      if (props) throw new UsageError(`--cpu ${cpu},${props}: QEMU did not run with it (${(r.detail ?? r.end).split('\n')[0]})`, `see the properties with: ${qemuBinary()} -cpu ${cpu},help`);
      throw new Error(`the ID register probe did not finish on QEMU (${r.end}${r.detail ? `: ${r.detail}` : ''})`);
    }
    mkdirSync(cacheDir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({
      qemuVersion: version, qemuBinary: qemuBinary(), cpu, ...(props ? { cpuProps: props } : {}),
      registers: Object.fromEntries(Object.entries(regs).map(([k, v]) => [k, `0x${v.toString(16)}`])),
    }, null, 2) + '\n');
    renameSync(tmp, file); // atomic: parallel runs never read half a file
    return describe(cpu, version, regs, 'qemu');
  } finally {
    await work.cleanup();
  }
}

/** The lines a run prints about the probe (stderr, once per run). */
export function formatIdProbe(p: IdProbe): string[] {
  const lines: string[] = [];
  if (p.differsFromBuiltIn.length > 0) {
    lines.push(`s2diff: ${p.qemuVersion} presents other ID register values for -cpu ${p.cpu} than QEMU 7.2; ` +
      `the model presents this QEMU's: ${p.differsFromBuiltIn.join(', ')}`);
  }
  if (p.unimplemented.length > 0) {
    lines.push(`s2diff: warning: -cpu ${p.cpu} advertises features the model does not implement; images that use ` +
      `them will diverge (the JSON report's idRegisters lists the ID fields): ${p.unimplemented.map((g) => g.feature).join(', ')}`);
  }
  return lines;
}

/**
 * Run options with the ID values of the QEMU in use (unless already given or `probe` is
 * false). A probe that cannot run (no QEMU, say) leaves the built-in table, with a warning:
 * the command itself reports the missing QEMU where it needs it.
 */
export async function withIdProbe(opts: RunOptions, o: { probe?: boolean; quiet?: boolean; verbose?: boolean } = {}):
  Promise<{ opts: RunOptions; probe?: IdProbe }> {
  if (o.probe === false || opts.idRegisters) return { opts };
  try {
    const probe = await probeIdRegisters(opts.cpu, CACHE_DIR, opts.cpuProps ?? '');
    // The list is long and concerns every image alike: only asked for (--verbose) and in the JSON
    // report; a case that meets one of the features says so on its own line (feature-met.ts).
    if (o.verbose && !o.quiet) for (const l of formatIdProbe(probe)) process.stderr.write(l + '\n');
    const idRegisters = Object.fromEntries(Object.entries(probe.registers).map(([k, v]) => [k, `0x${v.toString(16)}`]));
    return { opts: { ...opts, idRegisters }, probe };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    log.warn(`could not probe QEMU's ID registers (${(e as Error).message.split('\n')[0]}); the model presents QEMU 7.2's values`);
    return { opts };
  }
}

/** The report's summary of a probe (JSON report key `idRegisters`). */
export function probeSummary(p: IdProbe): { qemuVersion: string; source: string; differsFromBuiltIn: string[]; unimplemented: FeatureGap[] } {
  return { qemuVersion: p.qemuVersion, source: p.source, differsFromBuiltIn: p.differsFromBuiltIn, unimplemented: p.unimplemented };
}
