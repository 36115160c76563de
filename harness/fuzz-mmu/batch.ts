// Runs a batch of sequences through scenarios/fuzz-mmu on QEMU and on the model (in this
// thread, with --strict, each finding tagged with the sequence and command it came from by
// the status word the image keeps), and judges each sequence against the oracle.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Machine } from '../../emulator/machine.ts';
import { runModelImage } from '../../emulator/index.ts';
import { modelConfig } from '../model-config.ts';
import { modelSide } from '../model-runner.ts';
import { buildQemuArgv } from '../qemu-command.ts';
import { runQemu } from '../qemu-runner.ts';
import type { RunOptions, SideResult } from '../types.ts';
import type { ExpectedLine } from '../fuzz/oracle.ts';
import type { Sequence } from './commands.ts';
import { BLOB_PA, FUZZ_MEM_MIB, MMU_MAGIC, MMU_STATUS_PA } from './layout.ts';
import type { FindingKind } from './oracle.ts';

export interface MmuBatchEnv {
  image: string;
  workDir: string;
  opts: RunOptions;
  /** Test hook: plants a bug in the model (or its strict checker) before it runs. */
  patchModel?: (m: Machine) => void;
}

export interface Line { tag: string; fields: bigint[]; text: string }

export interface MmuBatchRun {
  qemu: SideResult;
  model: SideResult;
  qemuLines: Map<number, Line[]>;
  modelLines: Map<number, Line[]>;
  /** --strict findings by sequence id, then command index. */
  findings: Map<number, Map<number, Set<string>>>;
  blobFile: string;
  qemuArgv: string[];
}

export function encodeSequences(seqs: Sequence[]): Buffer {
  const words: bigint[] = [MMU_MAGIC, BigInt(seqs.length)];
  seqs.forEach((s, id) => {
    words.push(BigInt(id), BigInt(s.cmds.length));
    for (const c of s.cmds) words.push(...c.words);
  });
  const buf = Buffer.alloc(words.length * 8);
  words.forEach((w, i) => buf.writeBigUInt64LE(BigInt.asUintN(64, w), i * 8));
  return buf;
}

export function parseOutput(uart: string): Map<number, Line[]> {
  const out = new Map<number, Line[]>();
  let cur: Line[] | undefined;
  for (const raw of uart.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const [tag, ...rest] = line.split(/\s+/);
    if (tag === 'DONE') break; // what follows is the runtime's exit
    if (tag === 'C' && rest.length === 1) { cur = []; out.set(parseInt(rest[0], 16), cur); continue; }
    if (!cur) continue;
    if (/^[KAXEP?]$/.test(tag) && rest.every((f) => /^[0-9a-f]+$/.test(f))) cur.push({ tag, fields: rest.map((f) => BigInt(`0x${f}`)), text: line });
    else cur.push({ tag: '!', fields: [], text: line });
  }
  return out;
}

export async function runMmuBatch(seqs: Sequence[], env: MmuBatchEnv, tag = 'batch'): Promise<MmuBatchRun> {
  const blobFile = join(env.workDir, `${tag}.bin`);
  await writeFile(blobFile, encodeSequences(seqs));
  // A batch is one long boot: at least 5 minutes before either side is stopped (a loaded machine).
  const opts: RunOptions = { ...env.opts, memMiB: FUZZ_MEM_MIB, loads: [{ file: blobFile, addr: BLOB_PA }], timeoutSec: Math.max(env.opts.timeoutSec, 300),
    uartCapBytes: Math.max(env.opts.uartCapBytes, 16 << 20) };
  const qemuArgv = buildQemuArgv(env.image, opts, join(env.workDir, 'qemu-int.log'));
  const qemuP = runQemu(env.image, opts, { workDir: env.workDir });
  const findings = new Map<number, Map<number, Set<string>>>();
  const cfg = await modelConfig(env.image, { ...opts, strict: true });
  const model = modelSide(runModelImage(env.image, cfg, (m) => {
    env.patchModel?.(m);
    const sc = m.strictChecker!;
    const o = (MMU_STATUS_PA - m.mem.ramBase) >>> 2;
    sc.onFinding = (f) => {
      const k = m.mem.ram32[o] >>> 0, id = m.mem.ram32[o + 1] >>> 0;
      const perSeq = findings.get(id) ?? new Map<number, Set<string>>();
      findings.set(id, perSeq);
      const at = perSeq.get(k) ?? new Set<string>();
      perSeq.set(k, at);
      at.add(f.kind);
    };
  }));
  const qemu = await qemuP;
  // A side that did not run the batch to its end (a timeout, a crash) is no verdict on any sequence.
  for (const [name, side] of [['QEMU', qemu], ['the model', model]] as const) {
    if (side.end !== 'poweroff' || !side.uart.includes('DONE ')) {
      throw new Error(`fuzz --mmu: ${name} did not finish the batch (${side.end}${side.detail ? `: ${side.detail.split('\n')[0]}` : ''}); blob ${blobFile}`);
    }
  }
  return { qemu, model, qemuLines: parseOutput(qemu.uart), modelLines: parseOutput(model.uart), findings, blobFile, qemuArgv };
}

export interface SeqFailure {
  /** Encoded command index in the sequence. */
  cmd?: number;
  reason: string;
  qemu?: string;
  model?: string;
  expected?: string;
}

function matches(l: Line, e: ExpectedLine): boolean {
  return l.tag === e.tag && l.fields.length === e.fields.length && e.fields.every((f, i) =>
    f === undefined || (typeof f === 'bigint' ? f === l.fields[i] : (l.fields[i] & f.mask) === f.value));
}

export function formatExpected(e: ExpectedLine): string {
  return [e.tag, ...e.fields.map((f) => (f === undefined ? '*' : typeof f === 'bigint' ? f.toString(16) : `${f.value.toString(16)}/${f.mask.toString(16)}`))].join(' ');
}

/** PAR_EL1.SH[8:7] and ATTR[63:56]: where QEMU 7.2 deviates (harness/qemu-deviations.ts), and the model said it took that path. */
const PAR_ATTRS = 3n << 7n | 0xffn << 56n;
function parDeviation(q: Line, m: Line, run: MmuBatchRun): boolean {
  const took = run.model.qemuDeviations ?? [];
  return (took.includes('par-sh-device-nc-stage1') || took.includes('device-type-from-normal-attributes')) &&
    (q.fields[0] & ~PAR_ATTRS) === (m.fields[0] & ~PAR_ATTRS);
}

const kindsText = (s: Iterable<string>): string => [...s].sort().join(', ') || 'none';

/** The first way sequence `id` fails, or undefined. */
export function judgeSequence(s: Sequence, id: number, run: MmuBatchRun): SeqFailure | undefined {
  const q = run.qemuLines.get(id), m = run.modelLines.get(id);
  if (!q || !m) {
    const side = !q ? run.qemu : run.model;
    return { reason: `${!q ? 'QEMU' : 'the model'} did not reach this sequence (${side.end}${side.detail ? `: ${side.detail.split('\n')[0]}` : ''})` };
  }
  let li = 0;
  const modelF = run.findings.get(id) ?? new Map<number, Set<string>>();
  for (let k = 0; k < s.cmds.length; k++) {
    const c = s.cmds[k];
    // --strict: at every command, exactly the findings the oracle calls for.
    {
      const got = new Set(modelF.get(k) ?? []);
      const want = new Set<FindingKind>(c.findings);
      for (const o of c.optional ?? []) if (!want.has(o)) got.delete(o);
      if (kindsText(got) !== kindsText(want)) {
        return { cmd: k, reason: want.size > 0 && got.size === 0 ? `--strict missed a finding the architecture calls for (${kindsText(want)})` :
          `--strict reported ${kindsText(got)} where the oracle expects ${kindsText(want)}` };
      }
    }
    if (!c.prediction) continue;
    const ql = q[li], ml = m[li];
    li++;
    if (!ql || !ml) return { cmd: k, reason: `${!ql ? 'QEMU' : 'the model'} printed no line for this command`, qemu: ql?.text, model: ml?.text };
    if (!c.prediction.comparable) continue;
    const e = c.prediction.expected;
    if (ql.text !== ml.text && !(ql.tag === 'P' && ml.tag === 'P' && parDeviation(ql, ml, run))) {
      return { cmd: k, reason: 'QEMU and the model differ', qemu: ql.text, model: ml.text, expected: e && formatExpected(e) };
    }
    if (e && !matches(ql, e)) return { cmd: k, reason: 'QEMU and the model agree, but not with the oracle', qemu: ql.text, model: ml.text, expected: formatExpected(e) };
  }
  if (q.length !== li || m.length !== li) return { reason: `extra output: QEMU ${q.length} line(s), the model ${m.length}, ${li} expected` };
  return undefined;
}

/** A sequence, readable: the fuzzed steps and the image's commands with what each gave. */
export function formatSequence(s: Sequence, id: number, run?: MmuBatchRun, f?: SeqFailure): string {
  const out = ['steps:', ...s.steps.map((x, i) => `  ${i + 1}. ${x}`), 'image commands (after the prelude):'];
  const q = run?.qemuLines.get(id) ?? [], m = run?.modelLines.get(id) ?? [];
  let li = 0;
  s.cmds.forEach((c, k) => {
    let extra = '';
    if (c.prediction) {
      const ql = q[li]?.text ?? '-', ml = m[li]?.text ?? '-';
      li++;
      extra = c.prediction.comparable ? `  -> QEMU: ${ql} | model: ${ml}${c.prediction.expected ? ` | expected: ${formatExpected(c.prediction.expected)}` : ''}`
        : `  -> not compared (${c.prediction.why}); QEMU: ${ql} | model: ${ml}`;
    }
    const fs = run?.findings.get(id)?.get(k);
    const fx = c.findings.length > 0 || fs ? `  [strict: ${kindsText(fs ?? [])}; expected: ${kindsText(c.findings)}]` : '';
    if (k >= s.firstFuzzed || f?.cmd === k) out.push(`${f?.cmd === k ? '>>' : '  '} ${k}: ${c.text}${extra}${fx}`);
  });
  return out.join('\n');
}
