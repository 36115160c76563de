// The s2diff command line (design.md §3): every command's options, and the shared ones
// turned into RunOptions; each command's body is in commands/, one file each. Every command
// returns its exit code: 0 all matched, 1 a divergence, 2 the run could not be done (with a
// fix hint).

import { existsSync } from 'node:fs';
import { MAX_SMP } from '../emulator/machine.ts';
import { resolve } from 'node:path';
import yargs, { type Argv } from 'yargs';
import { ImageError } from '../emulator/index.ts';
import { benchCommand } from './commands/bench.ts';
import { doctorCommand } from './commands/doctor.ts';
import { fuzzCommand } from './commands/fuzz.ts';
import { listCommand } from './commands/list.ts';
import { mergeCommand } from './commands/merge.ts';
import { LINUX_MAX_STEPS, LINUX_TIMEOUT_SEC, linuxCommand } from './commands/linux.ts';
import { modelCommand } from './commands/model.ts';
import { qemuCommand } from './commands/qemu.ts';
import { reproCommand } from './commands/repro.ts';
import { risuCommand } from './commands/risu.ts';
import { runCommand } from './commands/run.ts';
import { sweepCommand } from './commands/sweep.ts';
import { UsageError } from './errors.ts';
import { setLogLevel } from './logger.ts';
import { checkOutputOptions } from './output-paths.ts';
import { internalErrorMessage } from './internal-error.ts';
import { CLASSES, type StreamClass } from './random-stream/generate.ts';
import type { RisuMode } from './random-stream/run.ts';
import { parseFollowQemu } from './follow-qemu.ts';
import { withIdProbe } from './id-probe.ts';
import { version } from './report.ts';
import { DEFAULT_RUN_OPTIONS, type RawLoad, type RunOptions } from './types.ts';

const CPUS = ['max', 'cortex-a57'] as const;

interface CommonArgs {
  /** A CPU model, optionally with QEMU properties: max, cortex-a57, max,sve=off,sme=off */
  cpu: string;
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
  smp?: number;
  gic?: number;
  'block-threshold'?: number;
  'follow-qemu'?: string[];
  el1?: boolean;
  /** Only on the commands that take modelChecks(): run, model. */
  strict?: boolean;
  coverage?: boolean;
}

function runOptions(a: CommonArgs): RunOptions {
  if (!Number.isFinite(a.m) || a.m < 16 || a.m > 8192) throw new UsageError(`-m ${a.m}: memory size must be 16..8192 MiB`);
  if (!(a.timeout > 0)) throw new UsageError(`--timeout ${a.timeout}: must be a positive number of seconds`);
  if (!(a['max-steps'] > 0)) throw new UsageError(`--max-steps ${a['max-steps']}: must be a positive number`);
  if (!(a['uart-cap'] > 0)) throw new UsageError(`--uart-cap ${a['uart-cap']}: must be a positive number of bytes`);
  return {
    ...DEFAULT_RUN_OPTIONS,
    ...parseCpu(a.cpu),
    memMiB: a.m,
    timeoutSec: a.timeout,
    maxSteps: a['max-steps'],
    uartCapBytes: a['uart-cap'],
    append: a.append,
    initrd: a.initrd,
    loads: (a.load ?? []).map(parseLoad),
    ...(a.icount !== undefined ? { icount: integerIn('--icount', a.icount, 10, 'a shift of 0..10 (2^N ns per instruction)') } : {}),
    ...(a.smp !== undefined && a.smp !== 1 ? { smp: smpCount(a.smp) } : {}),
    ...(a.gic !== undefined ? gicVersion(a.gic, a.el1 === true) : {}),
    ...(a['block-threshold'] !== undefined
      ? { blockThreshold: integerIn('--block-threshold', a['block-threshold'], 65535, '0..65535 executions (0: no translated blocks)') }
      : {}),
    ...(a['follow-qemu']?.length ? { followQemu: parseFollowQemu(a['follow-qemu']) } : {}),
    ...(a.el1 ? { el1: true } : {}),
    ...(a.strict !== undefined ? { strict: a.strict } : {}),
    ...(a.coverage !== undefined ? { coverage: a.coverage } : {}),
  };
}

/** --cpu MODEL[,PROP=VALUE...]: the model (max or cortex-a57) and QEMU properties for it. */
export function parseCpu(spec: string): Pick<RunOptions, 'cpu' | 'cpuProps'> {
  const [model, ...props] = spec.split(',');
  if (!(CPUS as readonly string[]).includes(model!)) {
    throw new UsageError(`--cpu ${spec}: the model has the profiles ${CPUS.join(' and ')}`, 'use --cpu max or --cpu cortex-a57 (QEMU properties may follow: --cpu max,sve=off)');
  }
  const bad = props.find((p) => !/^[a-z][a-z0-9-]*=[\w.-]+$/i.test(p));
  if (bad !== undefined) throw new UsageError(`--cpu ${spec}: "${bad}" is not a QEMU CPU property (NAME=VALUE)`, 'e.g. --cpu max,sve=off,pauth=off');
  return { cpu: model as RunOptions['cpu'], ...(props.length > 0 ? { cpuProps: props.join(',') } : {}) };
}

/** A whole-number option in 0..max, or a usage error (exit 2) saying what was expected. */
function integerIn(flag: string, n: number, max: number, expected: string): number {
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw new UsageError(`${flag} ${Number.isNaN(n) ? '(not a number)' : n}: expected ${expected}`);
  }
  return n;
}

/** --gic 3|4: the GIC version on both sides; GICv4 needs EL2 (QEMU refuses gic-version=4 without virtualization=on). */
function gicVersion(n: number, el1: boolean): Pick<RunOptions, 'gic'> {
  if (n !== 3 && n !== 4) throw new UsageError(`--gic ${Number.isNaN(n) ? '(not a number)' : n}: the virt board has a GICv3 or a GICv4.0`, 'use --gic 3 or --gic 4');
  if (n === 4 && el1) throw new UsageError('--gic 4 with --el1: a GICv4 needs EL2 (QEMU refuses gic-version=4 without virtualization=on)', 'drop --el1 or use --gic 3');
  return n === 4 ? { gic: 4 } : {};
}

/** --smp N: 1..MAX_SMP PEs on both sides. */
function smpCount(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > MAX_SMP) {
    throw new UsageError(`--smp ${Number.isNaN(n) ? '(not a number)' : n}: the model's board has 1 to ${MAX_SMP} PEs`, `use --smp 1..${MAX_SMP}`);
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
    .option('cpu', { type: 'string', default: 'max', describe: 'CPU profile (QEMU -cpu): max or cortex-a57, optionally with QEMU properties (max,sve=off,sme=off): the model then presents the ID registers QEMU presents for them' })
    .option('m', { type: 'number', default: DEFAULT_RUN_OPTIONS.memMiB, describe: 'RAM size in MiB' })
    .option('append', { type: 'string', describe: 'kernel command line (raw images)' })
    .option('initrd', { type: 'string', describe: 'initrd file (raw images)' })
    .option('load', { type: 'string', array: true, describe: 'FILE@ADDR: place a raw file in guest RAM (QEMU -device loader)' })
    .option('timeout', { type: 'number', default: DEFAULT_RUN_OPTIONS.timeoutSec, describe: 'wall-clock limit per side, seconds' })
    .option('max-steps', { type: 'number', default: DEFAULT_RUN_OPTIONS.maxSteps, describe: 'model step limit' })
    .option('uart-cap', { type: 'number', default: DEFAULT_RUN_OPTIONS.uartCapBytes, describe: 'UART bytes after which a side is stopped (flood guard)' })
    .option('icount', { type: 'number', describe: 'instruction-counted clock on both sides: QEMU -icount shift=N,sleep=off, the model 2^N ns per instruction' })
    .option('smp', { type: 'number', describe: `PEs on both sides (QEMU -smp N, 1..${MAX_SMP}); PE 0 boots, the others wait for PSCI CPU_ON; with --icount both sides run them in QEMU's round-robin turns` })
    .option('gic', { type: 'number', describe: 'the GIC on both sides (QEMU gic-version): 3 (default), or 4 for a GICv4.0 with direct injection of virtual LPIs (needs EL2)' })
    .option('block-threshold', { type: 'number', describe: 'model: executions of an address before its straight-line block runs translated (default 4096); 0 interprets every instruction, to tell a translator bug from an interpreter bug' })
    .option('el1', { type: 'boolean', describe: 'a board without EL2, both sides entered at EL1 (QEMU virt without virtualization=on, as kvm-unit-tests usually run under TCG); the default is EL2 (design.md)' })
    .option('follow-qemu', { type: 'string', array: true, describe: 'ID|all: the model imitates this catalogued QEMU deviation (s2diff list --deviations) so the comparison continues past it; a case that matched only thanks to it is "known"' })
    .option('id-probe', { type: 'boolean', default: true, describe: "learn the ID register values from the QEMU in use (cached per QEMU version); --no-id-probe: QEMU 7.2's built-in tables" });
}

/** The model's own checks, for the commands that report them (run, model). */
function modelChecks<T>(y: Argv<T>) {
  return y
    .option('strict', { type: 'boolean', describe: 'report where an image relies on UNPREDICTABLE behaviour (missing TLBI, break-before-make, missing ISB)' })
    .option('coverage', { type: 'boolean', describe: 'print which (stage, granule, level, fault) translation cells the model exercised' });
}

/** Run options with the ID register values of the QEMU in use (harness/id-probe.ts). */
async function probed(a: CommonArgs): Promise<RunOptions> {
  return (await withIdProbe(runOptions(a), { probe: a['id-probe'], quiet: a.quiet, verbose: a.verbose })).opts;
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
    .middleware((a) => checkOutputOptions(String(a._[0] ?? ''), a))
    .command('run [cases..]', 'build if needed, run each case on QEMU and the model, compare',
      (y) => modelChecks(commonOptions(y))
        .positional('cases', { type: 'string', array: true, describe: 'scenario names or image paths (default: every scenario)' })
        .option('image', { type: 'string', array: true, describe: 'an image following the image ABI (repeatable)' })
        .option('json', { type: 'string', describe: 'write the JSON report here' })
        .option('junit', { type: 'string', describe: 'write a JUnit XML report here' })
        .option('jobs', { type: 'number', default: 1, describe: 'cases run in parallel' })
        .option('shard', { type: 'string', describe: 'K/N: run the K-th of N deterministic shards' })
        .option('tap', { type: 'string', describe: 'write a TAP report here' })
        .option('markdown', { type: 'string', describe: 'write a Markdown summary here (CI job summary)' })
        .option('html', { type: 'string', describe: 'write a self-contained HTML page here: side-by-side UART and exception diffs' })
        .option('expect', { type: 'string', describe: 'known-divergence file (JSON)' })
        .option('rerun-divergent', { type: 'number', default: 0, describe: 'rerun divergent cases N times; flips are flaky' })
        .option('kvm-unit-tests', { type: 'string', describe: 'DIR: run the arm64 tests of a built kvm-unit-tests tree (DIR/arm/unittests.cfg)' })
        .option('kut-group', { type: 'string', array: true, describe: 'with --kvm-unit-tests: only tests in these groups' }),
      async (a) => setCode(await runCommand({
        cases: (a.cases ?? []).map(String),
        images: (a.image ?? []).map(String),
        opts: runOptions(a),
        json: a.json,
        junit: a.junit,
        tap: a.tap,
        markdown: a.markdown,
        html: a.html,
        rerunDivergent: a['rerun-divergent'],
        jobs: a.jobs,
        shard: a.shard,
        expect: a.expect,
        quiet: a.quiet === true,
        verbose: a.verbose === true,
        idProbe: a['id-probe'],
        kvmUnitTests: a['kvm-unit-tests'],
        kutGroups: a['kut-group']?.map(String),
      })))
    .command('model <image>', 'run an image on the model only; UART bytes to stdout',
      (y) => modelChecks(commonOptions(y))
        .positional('image', { type: 'string', demandOption: true })
        .option('trace', { type: 'string', describe: "write the state before every instruction here (QEMU's -d cpu layout)" }),
      async (a) => setCode(await modelCommand(String(a.image), await probed(a), a.trace)))
    .command('qemu <image>', 'run an image in QEMU only, with the same command line',
      (y) => commonOptions(y)
        .positional('image', { type: 'string', demandOption: true })
        .option('print-cmd', { type: 'boolean', describe: 'print the QEMU command line and exit' }),
      async (a) => setCode(await qemuCommand(String(a.image), runOptions(a), a['print-cmd'] === true)))
    .command('linux', 'boot Linux (default: Debian\'s cloud kernel from setup.sh --linux) to an initramfs on both sides and compare console, exceptions and ending',
      (y) => commonOptions(y)
        .option('kernel', { type: 'string', describe: 'arm64 kernel Image (default build/linux/Image)' })
        .option('initramfs', { type: 'string', describe: 'DIR: files added to the built initramfs; FILE.cpio: used as it is' })
        .option('init', { type: 'string', describe: "the built initramfs's /init script (default: mounts, a few commands, poweroff -f)" })
        .option('busybox', { type: 'string', describe: 'static arm64 busybox for the built initramfs (default build/linux/busybox)' })
        .option('without-initramfs', { type: 'boolean', describe: 'boot without one: the kernel panics at mounting root and, with panic=-1, resets' })
        .option('timeout', { type: 'number', default: LINUX_TIMEOUT_SEC, describe: 'wall-clock limit per side, seconds' })
        .option('max-steps', { type: 'number', default: LINUX_MAX_STEPS, describe: 'model step limit' })
        .option('json', { type: 'string', describe: 'write the JSON report here' })
        .option('junit', { type: 'string', describe: 'write a JUnit XML report here' })
        .option('markdown', { type: 'string', describe: 'write a Markdown summary here' })
        .option('html', { type: 'string', describe: 'write the HTML page here' }),
      async (a) => setCode(await linuxCommand({
        kernel: a.kernel, initramfs: a.initramfs, init: a.init, busybox: a.busybox, noInitramfs: a['without-initramfs'] === true,
        opts: runOptions(a), json: a.json, junit: a.junit, markdown: a.markdown, html: a.html,
        quiet: a.quiet === true, verbose: a.verbose === true, idProbe: a['id-probe'],
      })))
    .command('merge <out> <inputs..>', 'merge the JSON reports of --shard runs into one (and JUnit/TAP/Markdown)',
      (y) => y
        .positional('out', { type: 'string', demandOption: true, describe: 'merged JSON report to write' })
        .positional('inputs', { type: 'string', array: true, demandOption: true, describe: 'shard JSON reports' })
        .option('junit', { type: 'string', describe: 'also write JUnit XML' })
        .option('tap', { type: 'string', describe: 'also write TAP' })
        .option('markdown', { type: 'string', describe: 'also write the Markdown summary' })
        .option('html', { type: 'string', describe: 'also write the HTML page' }),
      (a) => setCode(mergeCommand({ out: String(a.out), inputs: (a.inputs ?? []).map(String), junit: a.junit, tap: a.tap, markdown: a.markdown, html: a.html })))
    .command('sweep', 'run sampled A64 encodings at EL0 on both sides and compare how each ends (UNDEFINED, executed, trap)',
      (y) => commonOptions(y)
        .option('words', { type: 'number', default: 65536, describe: 'encodings to sample' })
        .option('seed', { type: 'number', default: 1, describe: 'sampling seed' })
        .option('simd-fp', { type: 'boolean', describe: 'sample only the SIMD&FP spaces (data processing and the V = 1 loads/stores)' }),
      async (a) => setCode(await sweepCommand(a.words, a.seed, await probed(a), a['simd-fp'] === true)))
    .command('risu', 'random instruction streams of every class on both sides (RISU-like), compared after every item',
      (y) => commonOptions(y)
        .option('instructions', { type: 'number', default: 1_000_000, describe: 'random instructions in all' })
        .option('seed', { type: 'number', default: 1, describe: 'first stream seed (each stream uses the next)' })
        .option('per-stream', { type: 'number', describe: 'random instructions per image (default 20000 with signatures, 50000 in lockstep)' })
        .option('mode', { type: 'string', choices: ['signature', 'lockstep'], default: 'signature',
          describe: 'signature: free runs comparing a CRC of the state after every item, a differing stream rerun in lockstep; lockstep: every instruction single-stepped' })
        .option('class', { type: 'string', array: true, choices: [...CLASSES], describe: 'only these instruction classes' }),
      async (a) => setCode(await risuCommand({ instructions: a.instructions, seed: a.seed, perStream: a['per-stream'], mode: a.mode as RisuMode,
        classes: a.class as StreamClass[] | undefined }, await probed(a))))
    .command('list', 'list the scenarios (--deviations: the catalogue of QEMU deviations from the Arm ARM)',
      (y) => y.option('deviations', { type: 'boolean', describe: 'list the QEMU deviation catalogue instead, with what --follow-qemu can imitate' }),
      async (a) => setCode(await listCommand(a.deviations === true)))
    .command('doctor', 'check QEMU, the toolchain and the caches; say what is missing and how to fix it', () => {}, async () => setCode(await doctorCommand()))
    .command('bench', 'run the alu workload on both sides: model MIPS and QEMU wall time',
      (y) => commonOptions(y).option('json', { type: 'string', describe: 'write the figures as JSON' })
        .option('repeat', { type: 'number', default: 5, describe: 'runs per side; the figures are medians' })
        .option('linux', { type: 'boolean', describe: "also Debian's Linux boot to userspace on cortex-a57 (scripts/setup.sh --linux), run once" })
        .option('lockstep', { type: 'boolean', describe: 'also lockstep (s2diff repro) in instructions compared per second, by blocks and single-stepped' }),
      async (a) => setCode(await benchCommand({ json: a.json, repeat: a.repeat, linux: a.linux === true, lockstep: a.lockstep === true }, () => probed(a))))
    .command('repro <target>', 'lockstep run (scenario, image or JSON report) to the first divergent instruction',
      (y) => commonOptions(y)
        .positional('target', { type: 'string', demandOption: true })
        .option('out', { type: 'string', describe: 'directory for repro folders (default ./repro)' })
        .option('limit', { type: 'number', describe: 'stop after N instructions (compared by blocks: at the first block entry at or after N)' })
        .option('single-step', { type: 'boolean', describe: 'compare at every instruction from the start (QEMU -singlestep; about 10x slower). By default the two are compared at every translation-block entry and only the block where they differ is single-stepped' })
        .option('checkpoints', { type: 'boolean', describe: 'for long runs (a Linux boot): narrow from the instruction counts at every exception entry (QEMU through a TCG plugin), then name the first instruction whose result differs (QEMU stopped by its gdbstub at points the model chooses)' })
        .option('system-map', { type: 'string', describe: 'with --checkpoints: the kernel\'s System.map, for function names (default: System.map beside the image)' })
        .option('vmlinux', { type: 'string', describe: 'with --checkpoints: the kernel\'s vmlinux (symbols, lines), for function names' }),
      async (a) => setCode(await reproCommand({
        target: String(a.target), opts: await probed(a), outDir: a.out, limit: a.limit, quiet: a.quiet === true, singleStep: a['single-step'] === true, checkpoints: a.checkpoints === true,
        symbols: { systemMap: a['system-map'], vmlinux: a.vmlinux },
      })))
    .command('fuzz', 'fast-check fuzzing of stage-2 page-table mappings, differential, shrinking to a minimal repro',
      (y) => commonOptions(y)
        .option('runs', { type: 'number', default: 1000, describe: 'cases to run (with --time-budget: at most)' })
        .option('time-budget', { type: 'string', describe: 'stop after this long: 90s, 10m, 1h (runs default to unlimited)' })
        .option('seed', { type: 'number', describe: 'fast-check seed (default: random, printed)' })
        .option('path', { type: 'string', describe: 'replay and shrink the case at this fast-check path (with --seed)' })
        .option('batch', { type: 'number', default: 500, describe: 'cases per boot' })
        .option('json', { type: 'string', describe: 'write the report as JSON' })
        .option('junit', { type: 'string', describe: 'write the report as JUnit XML' })
        .option('out', { type: 'string', default: 'repro', describe: 'directory for repro folders' })
        .option('mmu', { type: 'boolean', default: false, describe: 'stateful MMU fuzzing: sequences of table changes, TLBI, VMID switches, AT and accesses (harness/fuzz-mmu)' })
        .option('its', { type: 'boolean', default: false, describe: 'ITS fuzzing: random command sequences, MSIs, LPI configuration changes and acknowledgements, the tables compared at the end (harness/fuzz-its)' })
        .option('traps', { type: 'boolean', default: false, describe: 'trap-configuration fuzzing: random HCR_EL2/CPTR_EL2/MDCR_EL2/CNTHCTL_EL2/HSTR_EL2/CPACR_EL1 x one EL1 or EL0 instruction (system registers, SYS, WFI, HVC, SMC, ERET, FP/SIMD, PAuth), VHE and not; executes, traps or UNDEFINED must agree (harness/fuzz-traps)' })
        .option('timers', { type: 'boolean', default: false, describe: 'timer and interrupt fuzzing under -icount 4: random CNTVOFF_EL2, CVAL/TVAL/CTL of the EL1 virtual, EL1 physical and EL2 physical timers, PPI priorities and ICC_PMR_EL1; every ISTATUS read, the iteration each interrupt is taken at and the counters must agree (harness/fuzz-timers)' }),
      async (a) => setCode(await fuzzCommand({
        cpu: parseCpu(a.cpu).cpu, runs: a.runs, runsGiven: argv.some((x) => x.startsWith('--runs')), timeBudget: a['time-budget'],
        seed: a.seed, path: a.path, batch: a.batch, json: a.json, junit: a.junit, out: a.out, quiet: a.quiet, mmu: a.mmu, its: a.its, traps: a.traps, timers: a.timers,
      }, () => probed(a))))
    .demandCommand(1, 'name a command: run, model, qemu, linux, repro, merge, list, bench, fuzz, doctor')
    .strict()
    .help()
    .version('version', 'show the version', `s2diff ${version()}`)
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
    process.stderr.write(internalErrorMessage(e, argv.includes('--verbose')));
    return 2;
  }
  return code;
}
