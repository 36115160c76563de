// The s2diff command line (design.md §3). Every command returns its exit code:
// 0 all matched, 1 a divergence, 2 the run could not be done (with a fix hint).

import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { dir } from 'tmp-promise';
import yargs, { type Argv } from 'yargs';
import { ImageError, runModelImage } from '../emulator/index.ts';
import { runBench } from './bench.ts';
import { mergeCommand } from './merge-reports.ts';
import { UsageError } from './errors.ts';
import { log, setLogLevel } from './logger.ts';
import { buildQemuArgv, formatCommand } from './qemu-command.ts';
import { runQemu } from './qemu-runner.ts';
import { formatFuzzReport, fuzzJUnit, runFuzz } from './fuzz/fuzz.ts';
import { isRawImage, qemuDtb } from './qemu-dtb.ts';
import { formatKutLine, formatKutSummary, kutCases } from './kut/kvm-unit-tests.ts';
import { CLASSES, type StreamClass } from './random-stream/generate.ts';
import { runRisu } from './random-stream/run.ts';
import { reproCommand } from './repro.ts';
import { runSweep, sampleWords } from './undefined-sweep.ts';
import { traceModel } from './model-trace.ts';
import { checkImage, runSuite } from './run-suite.ts';
import { discoverScenarios } from './scenarios.ts';
import { withIdProbe } from './id-probe.ts';
import { DEFAULT_RUN_OPTIONS, type RawLoad, type RunOptions } from './types.ts';

const CPUS = ['max', 'cortex-a57'] as const;

interface CommonArgs {
  cpu: 'max' | 'cortex-a57';
  m: number;
  timeout: number;
  'max-steps': number;
  'uart-cap': number;
  append?: string;
  initrd?: string;
  load?: string[];
  quiet?: boolean;
  verbose?: boolean;
  'id-probe'?: boolean;
  icount?: number;
  'block-threshold'?: number;
}

function runOptions(a: CommonArgs): RunOptions {
  if (!Number.isFinite(a.m) || a.m < 16 || a.m > 8192) throw new UsageError(`-m ${a.m}: memory size must be 16..8192 MiB`);
  if (!(a.timeout > 0)) throw new UsageError(`--timeout ${a.timeout}: must be a positive number of seconds`);
  if (!(a['max-steps'] > 0)) throw new UsageError(`--max-steps ${a['max-steps']}: must be a positive number`);
  if (!(a['uart-cap'] > 0)) throw new UsageError(`--uart-cap ${a['uart-cap']}: must be a positive number of bytes`);
  return {
    ...DEFAULT_RUN_OPTIONS,
    cpu: a.cpu,
    memMiB: a.m,
    timeoutSec: a.timeout,
    maxSteps: a['max-steps'],
    uartCapBytes: a['uart-cap'],
    append: a.append,
    initrd: a.initrd,
    loads: (a.load ?? []).map(parseLoad),
    ...(a.icount !== undefined ? { icount: integerIn('--icount', a.icount, 10, 'a shift of 0..10 (2^N ns per instruction)') } : {}),
    ...(a['block-threshold'] !== undefined
      ? { blockThreshold: integerIn('--block-threshold', a['block-threshold'], 65535, '0..65535 executions (0: no translated blocks)') }
      : {}),
  };
}

/** A whole-number option in 0..max, or a usage error (exit 2) saying what was expected. */
function integerIn(flag: string, n: number, max: number, expected: string): number {
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw new UsageError(`${flag} ${Number.isNaN(n) ? '(not a number)' : n}: expected ${expected}`);
  }
  return n;
}

/** --load FILE@ADDR: a raw file placed in guest RAM before start (QEMU -device loader). */
function parseLoad(spec: string): RawLoad {
  const at = spec.lastIndexOf('@');
  const addr = at > 0 ? Number(spec.slice(at + 1)) : NaN;
  if (!Number.isSafeInteger(addr) || addr < 0) {
    throw new UsageError(`--load ${spec}: expected FILE@ADDRESS, e.g. blob.bin@0x46000000`);
  }
  const file = resolve(spec.slice(0, at));
  if (!existsSync(file)) throw new UsageError(`--load ${spec}: ${file}: no such file`);
  return { file, addr };
}

function commonOptions<T>(y: Argv<T>) {
  return y
    .option('cpu', { choices: CPUS, default: 'max' as const, describe: 'CPU profile (QEMU -cpu)' })
    .option('m', { type: 'number', default: DEFAULT_RUN_OPTIONS.memMiB, describe: 'RAM size in MiB' })
    .option('append', { type: 'string', describe: 'kernel command line (raw images)' })
    .option('initrd', { type: 'string', describe: 'initrd file (raw images)' })
    .option('load', { type: 'string', array: true, describe: 'FILE@ADDR: place a raw file in guest RAM (QEMU -device loader)' })
    .option('timeout', { type: 'number', default: DEFAULT_RUN_OPTIONS.timeoutSec, describe: 'wall-clock limit per side, seconds' })
    .option('max-steps', { type: 'number', default: DEFAULT_RUN_OPTIONS.maxSteps, describe: 'model step limit' })
    .option('uart-cap', { type: 'number', default: DEFAULT_RUN_OPTIONS.uartCapBytes, describe: 'UART bytes after which a side is stopped (flood guard)' })
    .option('icount', { type: 'number', describe: 'instruction-counted clock on both sides: QEMU -icount shift=N,sleep=off, the model 2^N ns per instruction' })
    .option('block-threshold', { type: 'number', describe: 'model: executions of an address before its straight-line block runs translated (default 4096); 0 interprets every instruction, to tell a translator bug from an interpreter bug' })
    .option('id-probe', { type: 'boolean', default: true, describe: "learn the ID register values from the QEMU in use (cached per QEMU version); --no-id-probe: QEMU 7.2's built-in tables" });
}

/** Run options with the ID register values of the QEMU in use (harness/id-probe.ts). */
async function probed(a: CommonArgs): Promise<RunOptions> {
  return (await withIdProbe(runOptions(a), { probe: a['id-probe'], quiet: a.quiet })).opts;
}

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const setCode = (c: number): void => { code = c; };
  const parser = yargs(argv)
    .scriptName('s2diff')
    .usage('$0 <command> [options]\n\nRuns AArch64 test images in QEMU and in the s2diff model and compares them.')
    .option('quiet', { type: 'boolean', describe: 'only the summary' })
    .option('verbose', { type: 'boolean', describe: 'debug logs on stderr' })
    .middleware((a) => setLogLevel(a.verbose ? 'debug' : a.quiet ? 'silent' : 'warn'))
    .command('run [cases..]', 'build if needed, run each case on QEMU and the model, compare',
      (y) => commonOptions(y)
        .positional('cases', { type: 'string', array: true, describe: 'scenario names or image paths (default: every scenario)' })
        .option('image', { type: 'string', array: true, describe: 'an image following the image ABI (repeatable)' })
        .option('json', { type: 'string', describe: 'write the JSON report here' })
        .option('junit', { type: 'string', describe: 'write a JUnit XML report here' })
        .option('jobs', { type: 'number', default: 1, describe: 'cases run in parallel' })
        .option('shard', { type: 'string', describe: 'K/N: run the K-th of N deterministic shards' })
        .option('tap', { type: 'string', describe: 'write a TAP report here' })
        .option('markdown', { type: 'string', describe: 'write a Markdown summary here (CI job summary)' })
        .option('expect', { type: 'string', describe: 'known-divergence file (JSON)' })
        .option('rerun-divergent', { type: 'number', default: 0, describe: 'rerun divergent cases N times; flips are flaky' })
        .option('strict', { type: 'boolean', describe: 'report where an image relies on UNPREDICTABLE behaviour (missing TLBI, break-before-make, missing ISB)' })
        .option('coverage', { type: 'boolean', describe: 'print which (stage, granule, level, fault) translation cells the model exercised' })
        .option('kvm-unit-tests', { type: 'string', describe: 'DIR: run the arm64 tests of a built kvm-unit-tests tree (DIR/arm/unittests.cfg)' })
        .option('kut-group', { type: 'string', array: true, describe: 'with --kvm-unit-tests: only tests in these groups' }),
      async (a) => setCode(await runSuite({
        ...(a['kvm-unit-tests'] !== undefined ? {
          extraSpecs: kutCases(a['kvm-unit-tests'], a['kut-group']?.map(String)),
          formatLine: formatKutLine, formatExtraSummary: formatKutSummary,
        } : {}),
        cases: (a.cases ?? []).map(String),
        images: (a.image ?? []).map(String),
        opts: { ...runOptions(a), strict: a.strict === true, coverage: a.coverage === true },
        json: a.json,
        junit: a.junit,
        tap: a.tap,
        markdown: a.markdown,
        rerunDivergent: a['rerun-divergent'],
        jobs: a.jobs,
        shard: a.shard,
        expect: a.expect,
        quiet: a.quiet === true,
        idProbe: a['id-probe'],
      })))
    .command('model <image>', 'run an image on the model only; UART bytes to stdout',
      (y) => commonOptions(y)
        .positional('image', { type: 'string', demandOption: true })
        .option('trace', { type: 'string', describe: "write the state before every instruction here (QEMU's -d cpu layout)" }),
      async (a) => setCode(await modelCommand(String(a.image), await probed(a), a.trace)))
    .command('qemu <image>', 'run an image in QEMU only, with the same command line',
      (y) => commonOptions(y)
        .positional('image', { type: 'string', demandOption: true })
        .option('print-cmd', { type: 'boolean', describe: 'print the QEMU command line and exit' }),
      async (a) => setCode(await qemuCommand(String(a.image), runOptions(a), a['print-cmd'] === true)))
    .command('merge <out> <inputs..>', 'merge the JSON reports of --shard runs into one (and JUnit/TAP/Markdown)',
      (y) => y
        .positional('out', { type: 'string', demandOption: true, describe: 'merged JSON report to write' })
        .positional('inputs', { type: 'string', array: true, demandOption: true, describe: 'shard JSON reports' })
        .option('junit', { type: 'string', describe: 'also write JUnit XML' })
        .option('tap', { type: 'string', describe: 'also write TAP' })
        .option('markdown', { type: 'string', describe: 'also write the Markdown summary' }),
      (a) => setCode(mergeCommand({ out: String(a.out), inputs: (a.inputs ?? []).map(String), junit: a.junit, tap: a.tap, markdown: a.markdown })))
    .command('sweep', 'run sampled A64 encodings at EL0 on both sides and compare how each ends (UNDEFINED, executed, trap)',
      (y) => commonOptions(y)
        .option('words', { type: 'number', default: 65536, describe: 'encodings to sample' })
        .option('seed', { type: 'number', default: 1, describe: 'sampling seed' }),
      async (a) => setCode(await sweepCommand(a.words, a.seed, await probed(a))))
    .command('risu', 'random instruction streams of every class in lockstep on both sides (RISU-like)',
      (y) => commonOptions(y)
        .option('instructions', { type: 'number', default: 1_000_000, describe: 'random instructions in all' })
        .option('seed', { type: 'number', default: 1, describe: 'first stream seed (each stream uses the next)' })
        .option('per-stream', { type: 'number', default: 50_000, describe: 'random instructions per image' })
        .option('class', { type: 'string', array: true, choices: [...CLASSES], describe: 'only these instruction classes' }),
      async (a) => setCode(await risuCommand(a.instructions, a.seed, a['per-stream'], a.class as StreamClass[] | undefined, await probed(a))))
    .command('list', 'list the scenarios', () => {}, async () => setCode(await listCommand()))
    .command('bench', 'run the alu workload on both sides: model MIPS and QEMU wall time',
      (y) => commonOptions(y).option('json', { type: 'string', describe: 'write the figures as JSON' })
        .option('repeat', { type: 'number', default: 5, describe: 'runs per side; the figures are medians' }),
      async (a) => {
        if (!Number.isInteger(a.repeat) || a.repeat < 1) throw new UsageError(`--repeat ${a.repeat}: must be a positive integer`);
        setCode(await runBench(await probed(a), a.json, a.repeat));
      })
    .command('repro <target>', 'lockstep run (scenario, image or JSON report) to the first divergent instruction',
      (y) => commonOptions(y)
        .positional('target', { type: 'string', demandOption: true })
        .option('out', { type: 'string', describe: 'directory for repro folders (default ./repro)' })
        .option('limit', { type: 'number', describe: 'stop after N instructions' }),
      async (a) => setCode(await reproCommand({ target: String(a.target), opts: await probed(a), outDir: a.out, limit: a.limit })))
    .command('fuzz', 'fast-check fuzzing of stage-2 page-table mappings, differential, shrinking to a minimal repro',
      (y) => commonOptions(y)
        .option('runs', { type: 'number', default: 1000, describe: 'cases to run (with --time-budget: at most)' })
        .option('time-budget', { type: 'string', describe: 'stop after this long: 90s, 10m, 1h (runs default to unlimited)' })
        .option('seed', { type: 'number', describe: 'fast-check seed (default: random, printed)' })
        .option('path', { type: 'string', describe: 'replay and shrink the case at this fast-check path (with --seed)' })
        .option('batch', { type: 'number', default: 500, describe: 'cases per boot' })
        .option('json', { type: 'string', describe: 'write the report as JSON' })
        .option('junit', { type: 'string', describe: 'write the report as JUnit XML' })
        .option('out', { type: 'string', default: 'repro', describe: 'directory for repro folders' }),
      async (a) => setCode(await fuzzCommand(a)))
    .demandCommand(1, 'name a command: run, model, qemu, repro, merge, list, bench, fuzz')
    .strict()
    .help()
    .version(false)
    .exitProcess(false)
    .fail((msg, err) => {
      if (err) throw err;
      throw new UsageError(msg ?? 'bad command line', 'see s2diff --help');
    });
  try {
    await parser.parseAsync();
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`s2diff: ${e.message}\n`);
      return 2;
    }
    if (e instanceof ImageError) {
      process.stderr.write(`s2diff: ${e.message}\n  fix: pass an AArch64 little-endian ELF64 image that follows the image ABI (design.md §2)\n`);
      return 2;
    }
    log.error({ err: e }, 'unexpected failure');
    process.stderr.write(`s2diff: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 2;
  }
  return code;
}

function parseDuration(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(s.trim());
  if (!m) throw new UsageError(`--time-budget ${s}: expected a duration such as 90s, 10m or 1h`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
}

async function fuzzCommand(a: CommonArgs & { runs: number; 'time-budget'?: string; seed?: number; path?: string; batch: number;
  json?: string; junit?: string; out: string }): Promise<number> {
  if (a.cpu !== 'max') throw new UsageError('s2diff fuzz needs --cpu max (its oracle assumes FEAT_XNX, FEAT_TTST and FEAT_LPA)');
  if (!Number.isInteger(a.runs) || a.runs < 1) throw new UsageError(`--runs ${a.runs}: must be a positive integer`);
  if (!Number.isInteger(a.batch) || a.batch < 1 || a.batch > 5000) throw new UsageError(`--batch ${a.batch}: must be 1..5000`);
  if (a.path !== undefined && a.seed === undefined) throw new UsageError('--path needs the --seed it came from');
  if (a.path !== undefined && !/^\d+(:\d+)*$/.test(a.path)) throw new UsageError(`--path ${a.path}: expected a fast-check path such as 42:0:3`);
  const budget = a['time-budget'] !== undefined ? parseDuration(a['time-budget']) : undefined;
  const live = process.stderr.isTTY && !process.env.CI && a.quiet !== true;
  const r = await runFuzz({
    runs: budget !== undefined && process.argv.every((x) => !x.startsWith('--runs')) ? Number.MAX_SAFE_INTEGER : a.runs,
    timeBudgetMs: budget, seed: a.seed, path: a.path, batchSize: a.batch, opts: await probed(a), outDir: a.out,
    log: (l) => { if (live) process.stderr.write('\r\x1b[K'); process.stderr.write(l + '\n'); },
    live: live ? (l) => process.stderr.write(`\r\x1b[K${l}`) : undefined,
  });
  if (live) process.stderr.write('\r\x1b[K');
  process.stdout.write(formatFuzzReport(r) + '\n');
  if (a.json) {
    const failures = r.failures.map((f) => ({ seed: f.seed, path: f.path, summary: f.summary, mappings: f.mappings, probes: f.probes,
      shrunk: f.shrunk, reproDir: f.reproDir, case: f.case, readable: f.readable }));
    writeFileSync(a.json, JSON.stringify({ ...r, failures }, null, 2) + '\n');
  }
  if (a.junit) writeFileSync(a.junit, fuzzJUnit(r));
  return r.failures.length > 0 ? 1 : 0;
}

async function risuCommand(instructions: number, seed: number, perStream: number, classes: StreamClass[] | undefined,
  opts: RunOptions): Promise<number> {
  if (!Number.isInteger(instructions) || instructions < 1) throw new UsageError(`--instructions ${instructions}: must be a positive integer`);
  if (!Number.isInteger(perStream) || perStream < 1 || perStream > 1_000_000) throw new UsageError(`--per-stream ${perStream}: must be 1..1000000`);
  const work = await dir({ unsafeCleanup: true, prefix: 's2diff-risu-' });
  try {
    const t0 = performance.now();
    const r = await runRisu({ seed, instructions, perStream, classes, opts, workDir: work.path, log: (l) => process.stderr.write(l + '\n') });
    process.stdout.write(`risu: ${r.instructions} random instructions in ${r.streams} stream(s) (${JSON.stringify(r.counts)}), ` +
      `${r.lockstepInstructions} instructions compared in lockstep, ${Math.round((performance.now() - t0) / 1000)} s: ` +
      `${r.divergence ? '1 divergence' : '0 divergences'}\n`);
    if (r.divergence) process.stdout.write(r.divergence.text + '\n');
    return r.divergence ? 1 : 0;
  } finally {
    await work.cleanup();
  }
}

async function sweepCommand(words: number, seed: number, opts: RunOptions): Promise<number> {
  if (!Number.isInteger(words) || words < 1 || words > 4_000_000) throw new UsageError(`--words ${words}: must be 1..4000000`);
  const work = await dir({ unsafeCleanup: true, prefix: 's2diff-sweep-' });
  try {
    let differences = 0;
    const byClass: Record<string, number> = {};
    // Batches of 64K words: each boot's UART output stays well under the flood cap.
    for (let start = 0; start < words; start += 65536) {
      const r = await runSweep(sampleWords(seed + start, Math.min(65536, words - start)), work.path, { ...opts, uartCapBytes: 1 << 24 });
      for (const [k, n] of Object.entries(r.byClass)) byClass[k] = (byClass[k] ?? 0) + n;
      for (const d of r.differences) {
        process.stdout.write(`DIFFER ${d.word.toString(16).padStart(8, '0')}  ${d.disasm}: QEMU ${d.qemu}, model ${d.model}\n`);
      }
      differences += r.differences.length;
    }
    process.stdout.write(`sweep: ${words} words (seed ${seed}), outcomes by exception class on QEMU ${JSON.stringify(byClass)}, ${differences} difference(s)\n`);
    return differences > 0 ? 1 : 0;
  } finally {
    await work.cleanup();
  }
}

async function modelCommand(image: string, opts: RunOptions, trace?: string): Promise<number> {
  if (trace) {
    checkImage(resolve(image));
    const n = await traceModel(resolve(image), opts, trace, (b) => process.stdout.write(b));
    process.stderr.write(`[model: ${n} instructions traced to ${trace}]\n`);
    return 0;
  }
  checkImage(resolve(image));
  const dtb = isRawImage(resolve(image)) ? await qemuDtb(resolve(image), opts) : undefined;
  const r = runModelImage(resolve(image), {
    cpu: opts.cpu, memMiB: opts.memMiB, maxSteps: opts.maxSteps, timeoutMs: opts.timeoutSec * 1000,
    uartCapBytes: opts.uartCapBytes, append: opts.append, initrd: opts.initrd, loads: opts.loads, dtb,
    idRegisters: opts.idRegisters, icount: opts.icount,
    onUart: (b) => process.stdout.write(b),
  });
  const tail = `[model: ${r.end}${r.detail ? ` (${r.detail.split('\n')[0]})` : ''}, ${r.instructions} instructions, ` +
    `${r.exceptions.length} exception records, ${Math.round(r.durationMs)} ms]`;
  process.stderr.write(`${tail}\n`);
  for (const n of r.notes) process.stderr.write(`[model note: ${n}]\n`);
  return r.end === 'poweroff' ? 0 : 1;
}

async function qemuCommand(image: string, opts: RunOptions, printCmd: boolean): Promise<number> {
  if (printCmd) {
    process.stdout.write(formatCommand(buildQemuArgv(resolve(image), opts, '<log>')) + '\n');
    return 0;
  }
  const { dir } = await import('tmp-promise');
  const work = await dir({ unsafeCleanup: true, prefix: 's2diff-' });
  try {
    const r = await runQemu(resolve(image), opts, { workDir: work.path });
    process.stdout.write(r.uart);
    process.stderr.write(`[qemu: ${r.end}${r.detail ? ` (${r.detail.split('\n')[0]})` : ''}, ${r.exceptions.length} exception records, ${r.durationMs} ms]\n`);
    return r.end === 'poweroff' ? 0 : 1;
  } finally {
    await work.cleanup();
  }
}

async function listCommand(): Promise<number> {
  const all = await discoverScenarios();
  const width = Math.max(...all.map((s) => s.name.length), 4);
  for (const s of all) process.stdout.write(`${s.name.padEnd(width)}  ${s.suite ? '' : '[not in the suite] '}${s.description ?? ''}\n`);
  return 0;
}
