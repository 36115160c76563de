// Translated blocks: a run of straight-line instructions (those that only read and write
// general registers and NZCV and never take an exception), optionally ended by a branch,
// turned into one JavaScript function. The commonest instructions are emitted as code
// specialized on their operands (block-emit.ts); the others are calls to the interpreter's
// own handlers, and since each block is its own function with its own call sites, V8 sees a
// monomorphic call at every site and inlines them. The interpreter's per-instruction fetch,
// dispatch and PC update are paid once per block. The Machine runs a block only when every
// instruction in it would have run anyway (no timer, interrupt, step or run limit due inside
// it, PSTATE.BTYPE zero), so the result is the interpreter's, instruction for instruction.

import type { Cpu, Handler, Op } from './cpu.ts';
import { advanceTo, emitBody, emitEnd } from './block-emit.ts';
import { dpImmReadsPc, dpImmStraightLine } from './isa/dp-imm.ts';
import { dpRegStraightLine } from './isa/dp-reg.ts';
import { branchBlockEnds } from './isa/branch.ts';
import { systemStraightLine } from './isa/system.ts';

/** A translated block: `run(c, os)` with its own decoded ops. */
export class Block {
  constructor(
    /** Instructions in the block (all retire when it runs). */
    readonly n: number,
    /** Runs the block from PC = its first instruction; leaves PC and instret after it. */
    readonly run: (c: Cpu, os: readonly Op[]) => void,
    /** The decoded op of each instruction (the code calls the handlers of those it does not emit). */
    readonly os: readonly Op[],
  ) {}
}

/** Longest block (a long run of straight-line code is split; the next block follows). */
const MAX_BLOCK = 64;

const STRAIGHT = new Set<Handler>([...dpRegStraightLine, ...dpImmStraightLine, ...systemStraightLine]);
const READS_PC = new Set<Handler>(dpImmReadsPc);
const ENDS = new Set<Handler>(branchBlockEnds);

/** True when op can be part of a block (as its body or its last instruction). */
export function translatable(o: Op): boolean {
  return STRAIGHT.has(o.h) || READS_PC.has(o.h) || ENDS.has(o.h);
}

let serial = 0;
let codeGeneration = true;

/**
 * Translates the instructions op(0), op(1), ... (consecutive words of one page, at most
 * `room` of them) into a block, or returns null when the first one cannot start a block.
 */
export function translateBlock(op: (k: number) => Op, room: number): Block | null {
  const ops: Op[] = [];
  let ended = false;
  for (let k = 0; k < Math.min(room, MAX_BLOCK); k++) {
    const o = op(k);
    if (STRAIGHT.has(o.h) || READS_PC.has(o.h)) ops.push(o);
    else if (ENDS.has(o.h)) { ops.push(o); ended = true; break; }
    else break;
  }
  const n = ops.length;
  if (n === 0 || !codeGeneration) return null;
  const lines: string[] = [];
  // pc: PC[31:0] of the block's first instruction. Its instructions are in one page, so
  // PC[63:32] is the same for all of them and only the address after the last can carry.
  lines.push('const x = c.x;', 'const pc = c.pcLo;');
  const at = (k: number): string => `((pc + ${4 * k}) | 0)`;
  for (let k = 0; k < n; k++) {
    const o = ops[k];
    const call = `os[${k}].h(c, os[${k}]);`;
    if (ended && k === n - 1) {
      const src = emitEnd(o, at(k), at(k + 1));
      if (src !== undefined) lines.push(src);
      else {
        // Through the handler (BL, BR, BLR, RET): PC is the branch's own when it runs.
        lines.push(`c.pcLo = ${at(k)};`, 'c.branched = false;', call, `if (!c.branched) ${advanceTo(at(k + 1))}`);
        // BR/BLR set the BTYPE of the next instruction (the interpreter loop's hand-over).
        lines.push('if (c.btypeNext !== 0) { c.btype = c.btypeNext; c.btypeNext = 0; }');
      }
    } else if (READS_PC.has(o.h)) lines.push(`c.pcLo = ${at(k)};`, call);
    else lines.push(emitBody(o) ?? call);
  }
  if (!ended) lines.push(advanceTo(at(n)));
  lines.push(`c.instret += ${n};`);
  // A new function per block, with call sites of its own (a serial number in the source
  // keeps V8's compilation cache from sharing one function between identical blocks).
  lines.push(`// block ${serial++}`);
  let run: Block['run'];
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    run = new Function('c', 'os', `'use strict';\n${lines.join('\n')}`) as Block['run'];
  } catch {
    // Code generation from strings disallowed (node --disallow-code-generation-from-strings):
    // everything stays interpreted.
    codeGeneration = false;
    return null;
  }
  return new Block(n, run, ops);
}
