// The fp-oracle driver: runs generated FP instruction vectors in QEMU 7.2 (scenarios/
// fp-oracle, the blob loaded with -device loader as harness/fuzz does) and compares every
// result line with what the FP core (emulator/fp) computes for the same instruction, FPCR and
// operands: d0, x0, FPSR and NZCV, bit for bit.
//
//   npx tsx harness/fp-oracle/run.ts [--count N] [--seed S] [--op REGEX] [--show K] [--no-directed]
// (--count random vectors, plus the directed special-value combinations of vectors.ts)
// Exit 0 when every vector matched, 1 on a mismatch, 2 when the run could not be done.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatOf, type FPWidth } from '../../emulator/fp/index.ts';
import { runQemu } from '../qemu-runner.ts';
import { buildScenarios } from '../scenarios.ts';
import { DEFAULT_RUN_OPTIONS, type RunOptions } from '../types.ts';
import { encodeBlob, FP_BLOB_PA, parseOutput } from './blob.ts';
import { decoderModels, decoderOutcome, oracleMachine } from './decoder.ts';
import { expectedOutcome, knownDeviation, type Outcome } from './ops.ts';
import { directed, generate, type Vector } from './vectors.ts';

export interface Mismatch {
  index: number;
  vector: Vector;
  qemu: Outcome;
  core: Outcome;
}

export interface OracleRun {
  compared: number;
  mismatches: Mismatch[];
  /** Differences explained by a known QEMU 7.2 deviation from the Arm ARM (knownDeviation). */
  deviations: (Mismatch & { id: string })[];
  /** Vectors of forms the decoder models, run through it too (decoder.ts), and where it differed from QEMU. */
  decoderCompared: number;
  decoderMismatches: Mismatch[];
  /** How many vectors ended with each FPSR flag set on QEMU, and with a NaN result. */
  flagHits: Record<string, number>;
  /** Vectors compared per form name ("FADD S") and FPCR.RMode. */
  perOp: Map<string, number[]>;
  qemuMs: number;
  /** CPTR_EL2 at the image's entry on QEMU. */
  cptrEl2?: bigint;
}

const hex = (v: bigint): string => v.toString(16);
const FLAG_NAMES: [string, bigint][] = [['IOC', 1n], ['DZC', 2n], ['OFC', 4n], ['UFC', 8n], ['IXC', 16n], ['IDC', 128n]];

/** Whether an FP result in d0 is a NaN of the op's result width (conversions: their target). */
function isNaNResult({ op }: Vector, d0: bigint): boolean {
  const m = /<-/.test(op.name) ? ({ H: 16, S: 32, D: 64 } as Record<string, number>)[op.name.split(' ')[1][0]] : op.N;
  if (!m || /^FCM|^FCMP/.test(op.name)) return false;
  const f = formatOf(m as FPWidth);
  const exp = (d0 >> BigInt(f.F)) & BigInt((1 << f.E) - 1);
  return exp === BigInt((1 << f.E) - 1) && (d0 & ((1n << BigInt(f.F)) - 1n)) !== 0n && d0 >> BigInt(m) === 0n;
}
const RMODES = ['RN', 'RP', 'RM', 'RZ'];

export function formatMismatch(m: Mismatch): string {
  const { op, v } = m.vector;
  const fields = (o: Outcome): string => `d0=${hex(o.d0)} x0=${hex(o.x0)} fpsr=${hex(o.fpsr)} nzcv=${hex(o.nzcv)}`;
  return [
    `vector #${m.index}: ${op.name} (insn ${op.insn.toString(16).padStart(8, '0')})`,
    `  fpcr=${v.fpcr.toString(16)} (${RMODES[(v.fpcr >>> 22) & 3]}${v.fpcr & (1 << 24) ? ' FZ' : ''}${v.fpcr & (1 << 25) ? ' DN' : ''}${v.fpcr & (1 << 19) ? ' FZ16' : ''}${v.fpcr & (1 << 26) ? ' AHP' : ''})`,
    `  a=${hex(v.a)} b=${hex(v.b)} c=${hex(v.c)} x=${hex(v.x)}`,
    `  QEMU: ${fields(m.qemu)}`,
    `  core: ${fields(m.core)}`,
  ].join('\n');
}

/** Runs `vectors` on QEMU and compares each with the core. */
export async function runOracle(vectors: Vector[], opts: Partial<RunOptions> = {}): Promise<OracleRun> {
  const [image] = await buildScenarios(['fp-oracle']);
  // Fewer rewrites of the image's instruction slot: same instruction words together.
  const order = vectors.map((_, i) => i).sort((i, j) => vectors[i].op.insn - vectors[j].op.insn || i - j);
  const sorted = order.map((i) => vectors[i]);
  const workDir = await mkdtemp(join(tmpdir(), 'fp-oracle-'));
  try {
    const blob = join(workDir, 'vectors.bin');
    await writeFile(blob, encodeBlob(sorted));
    const run: RunOptions = {
      ...DEFAULT_RUN_OPTIONS, timeoutSec: 600, uartCapBytes: 256 << 20, ...opts,
      loads: [{ file: blob, addr: FP_BLOB_PA }],
    };
    const t0 = performance.now();
    const q = await runQemu(image, run, { workDir });
    const qemuMs = performance.now() - t0;
    const out = parseOutput(q.uart);
    if (out.done !== sorted.length || out.results.length !== sorted.length) {
      throw new Error(`fp-oracle: QEMU printed ${out.results.length} of ${sorted.length} results (${q.end}${q.detail ? `: ${q.detail}` : ''})\n${q.uart.slice(-2000)}`);
    }
    const mismatches: Mismatch[] = [];
    const deviations: OracleRun['deviations'] = [];
    const decoderMismatches: Mismatch[] = [];
    const machine = oracleMachine();
    let decoderCompared = 0;
    const differs = (a: Outcome, b: Outcome): boolean => a.d0 !== b.d0 || a.x0 !== b.x0 || a.fpsr !== b.fpsr || a.nzcv !== b.nzcv;
    const perOp = new Map<string, number[]>();
    const flagHits: Record<string, number> = Object.fromEntries([...FLAG_NAMES.map(([n]) => n), 'NaN result'].map((n) => [n, 0]));
    sorted.forEach((vector, k) => {
      const core = expectedOutcome(vector.op, vector.v);
      const qemu = out.results[k];
      for (const [n, bit] of FLAG_NAMES) if (qemu.fpsr & bit) flagHits[n]++;
      if (isNaNResult(vector, qemu.d0)) flagHits['NaN result']++;
      const key = vector.op.name.replace(/ #\d+$/, ' #fbits');
      const row = perOp.get(key) ?? [0, 0, 0, 0];
      row[(vector.v.fpcr >>> 22) & 3]++;
      perOp.set(key, row);
      if (differs(core, qemu)) {
        const id = knownDeviation(vector, qemu, core);
        if (id) deviations.push({ index: order[k], vector, qemu, core, id });
        else mismatches.push({ index: order[k], vector, qemu, core });
      }
      if (decoderModels(vector.op)) {
        decoderCompared++;
        const dec = decoderOutcome(machine, vector.op, vector.v);
        if (differs(dec, qemu) && !knownDeviation(vector, qemu, dec)) decoderMismatches.push({ index: order[k], vector, qemu, core: dec });
      }
    });
    return { compared: sorted.length, mismatches, deviations, decoderCompared, decoderMismatches, flagHits, perOp, qemuMs, cptrEl2: out.cptrEl2 };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<number> {
  const arg = (name: string, dflt: string): string => {
    const i = argv.indexOf(name);
    return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : dflt;
  };
  const count = Number(arg('--count', '20000'));
  const seed = Number(arg('--seed', '1'));
  const show = Number(arg('--show', '5'));
  const filter = new RegExp(arg('--op', '.'));
  const vectors = [...generate(count, seed), ...(argv.includes('--no-directed') ? [] : directed())].filter((v) => filter.test(v.op.name));
  const t0 = performance.now();
  const r = await runOracle(vectors);
  const rows = [...r.perOp.entries()].sort(([a], [b]) => a.localeCompare(b));
  console.log(`${'form'.padEnd(24)} ${RMODES.map((m) => m.padStart(6)).join(' ')}`);
  for (const [name, n] of rows) console.log(`${name.padEnd(24)} ${n.map((x) => String(x).padStart(6)).join(' ')}`);
  const byOp = new Map<string, number>();
  for (const m of r.mismatches) byOp.set(m.vector.op.name, (byOp.get(m.vector.op.name) ?? 0) + 1);
  console.log(`\n${r.compared} vectors compared (seed ${seed}), ${r.mismatches.length} mismatches; QEMU ${Math.round(r.qemuMs)} ms, total ${Math.round(performance.now() - t0)} ms`);
  console.log(`decoder: ${r.decoderCompared} vectors of the forms it models run through it too, ${r.decoderMismatches.length} differ from QEMU`);
  for (const m of r.decoderMismatches.slice(0, show)) console.log(`decoder ${formatMismatch(m).replace('core:', 'model:')}`);
  console.log(`CPTR_EL2 at entry on QEMU: ${r.cptrEl2 === undefined ? '?' : `0x${r.cptrEl2.toString(16)}`} (TFP = bit 10)`);
  console.log(`QEMU results with: ${Object.entries(r.flagHits).map(([n, c]) => `${n} ${c}`).join(', ')}`);
  for (const [name, n] of byOp) console.log(`  ${name}: ${n}`);
  const devs = new Map<string, number>();
  for (const d of r.deviations) devs.set(d.id, (devs.get(d.id) ?? 0) + 1);
  for (const [id, n] of devs) console.log(`known QEMU 7.2 deviation ${id}: ${n} vectors (core follows the Arm ARM)`);
  for (const m of r.mismatches.slice(0, show)) console.log(formatMismatch(m));
  return r.mismatches.length || r.decoderMismatches.length ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then((c) => process.exit(c), (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  });
}
