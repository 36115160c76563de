// QEMU under its gdbstub, stopped at exact instruction counts of a run of 10^9 instructions.
// QEMU 7.2's plugins cannot read registers and its gdbstub cannot count instructions; the
// two together can: the checkpoint plugin keeps the count in a shared file and holds the
// vCPU thread at the count asked for, the harness then interrupts QEMU through the gdbstub
// (Ctrl-C, 0x03) and lets the vCPU go on; with -singlestep (one instruction per translation
// block) the stop comes before the next instruction. Why not breakpoints and single steps:
// QEMU 7.2 under -icount sleep=off never resumes from a breakpoint or a step once Linux's
// timers run (its vCPU thread spins, holding the BQL: see the README); from an interrupt it does.
// The case's own command line runs, with -S (wait for the debugger).

import { execa, type ResultPromise } from 'execa';
import { closeSync, existsSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { UsageError } from '../errors.ts';
import type { ArchState } from '../qemu-trace.ts';
import type { RunOptions } from '../types.ts';
import { GdbRemote } from './gdb-remote.ts';
import { qemuArgvWithPlugin } from './plugin.ts';

/** Where a register is in the gdbstub's numbering (target.xml), for the state compared. */
interface RegisterMap { core: { x0: number; sp: number; pc: number; cpsr: number }; v0?: number; z0?: number; fpsr?: number; fpcr?: number }

/** Register numbers by name, in target.xml's order and its explicit regnum attributes. */
export function registerNumbers(xmls: string[]): Map<string, number> {
  const out = new Map<string, number>();
  let next = 0;
  for (const xml of xmls) {
    for (const m of xml.matchAll(/<reg\s+([^>]*)\/?>/g)) {
      const attrs = Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!]));
      if (attrs.regnum !== undefined) next = Number(attrs.regnum);
      if (attrs.name !== undefined) out.set(attrs.name, next);
      next++;
    }
  }
  return out;
}

/** A little-endian hex register value (the gdbstub sends target byte order). */
const leHex = (s: string): bigint => {
  let v = 0n;
  for (let i = s.length - 2; i >= 0; i -= 2) v = (v << 8n) | BigInt(parseInt(s.slice(i, i + 2), 16));
  return v;
};

/** Register `n` of a `g` packet, whose registers are 64 bits each up to the one read. */
const gReg64 = (g: string, n: number): bigint => leHex(g.slice(16 * n, 16 * n + 16));

let sessions = 0;

/** The shared file's words (insn-checkpoints.c): the count, then park_at, parked, release. */
const COUNT = 0, PARK_AT = 8, PARKED = 16, RELEASE = 24;
/** At most this long, after the interrupt is sent, for QEMU to ask the parked vCPU to stop. */
const KICK_TIMEOUT_MS = 500;

export class QemuGdbSession {
  private readonly counterFd: number;
  private readonly word = Buffer.alloc(8);

  private constructor(
    private readonly qemu: ResultPromise,
    private readonly gdb: GdbRemote,
    counterFile: string,
    private readonly regs: RegisterMap,
  ) {
    this.counterFd = openSync(counterFile, 'r+');
  }

  /** Starts QEMU stopped before its first instruction. */
  static async start(image: string, opts: RunOptions, workDir: string): Promise<QemuGdbSession> {
    const run = `${process.pid}-${sessions++}`;
    const sock = join(workDir, `gdb-${run}.sock`);
    const counter = join(workDir, `insn-count-${run}`);
    const [bin, ...argv] = await qemuArgvWithPlugin(image, opts, join(workDir, 'qemu-int-gdb.log'),
      [`out=${join(workDir, `checkpoints-gdb-${run}.txt`)}`, `counter=${counter}`]);
    argv.push('-singlestep', '-S', '-chardev', `socket,id=s2diff-gdb,path=${sock},server=on,wait=off`, '-gdb', 'chardev:s2diff-gdb');
    // Detached (qemuArgvWithPlugin says why); SIGKILL: held in the plugin, the vCPU would keep
    // QEMU from acting on SIGTERM.
    const qemu = execa(bin!, argv, { timeout: opts.timeoutSec * 1000, killSignal: 'SIGKILL', reject: false, stdin: 'ignore', detached: true });
    for (let i = 0; !existsSync(sock) || !existsSync(counter); i++) {
      if (qemu.exitCode !== null || i > 200) {
        qemu.kill();
        const r = await qemu;
        throw new UsageError(`QEMU did not open its gdbstub: ${String(r.stderr).slice(0, 500)}`, 'check that the case runs with s2diff qemu first');
      }
      await sleep(25);
    }
    const gdb = await GdbRemote.connect(sock);
    // QEMU 7.2 tells the registers beyond the core ones (FP/SIMD, SVE) through target.xml only.
    const target = await gdb.readObject('features', 'target.xml');
    const xmls = [target];
    for (const inc of target.matchAll(/<xi:include href="([^"]+)"/g)) xmls.push(await gdb.readObject('features', inc[1]!));
    const n = registerNumbers(xmls);
    const need = (name: string): number => {
      const r = n.get(name);
      if (r === undefined) throw new UsageError(`QEMU's gdbstub has no register ${name}`);
      return r;
    };
    const regs: RegisterMap = {
      core: { x0: need('x0'), sp: need('sp'), pc: need('pc'), cpsr: need('cpsr') },
      v0: n.get('v0'), z0: n.get('z0'), fpsr: n.get('fpsr'), fpcr: n.get('fpcr'),
    };
    return new QemuGdbSession(qemu, gdb, counter, regs);
  }

  private read(at: number): number {
    readSync(this.counterFd, this.word, 0, 8, at);
    return Number(this.word.readBigUInt64LE(0));
  }

  private write(at: number, v: number): void {
    this.word.writeBigUInt64LE(BigInt(v));
    writeSync(this.counterFd, this.word, 0, 8, at);
  }

  /** The instructions QEMU started so far (the plugin's count). */
  count(): number {
    return this.read(COUNT);
  }

  /** The state compared with the model's: X0-X30, SP, PC, PSTATE, V0-V31 (low 128 bits of Z), FPSR, FPCR. */
  async state(): Promise<ArchState> {
    const g = await this.gdb.readGeneralRegisters();
    const { core } = this.regs;
    const x = Array.from({ length: 31 }, (_v, i) => gReg64(g, core.x0 + i));
    const cpsr = Number(leHex(g.slice(16 * core.cpsr, 16 * core.cpsr + 8)));
    const s: ArchState = { pc: gReg64(g, core.pc), x, sp: gReg64(g, core.sp), pstate: cpsr >>> 0 };
    const vBase = this.regs.v0 ?? this.regs.z0;
    if (vBase !== undefined) {
      const v: bigint[] = [];
      for (let i = 0; i < 32; i++) {
        const val = leHex((await this.gdb.readRegister(vBase + i)).slice(0, 32));
        v.push(val & 0xffffffffffffffffn, val >> 64n);
      }
      s.v = v;
      if (this.regs.fpsr !== undefined) s.fpsr = Number(leHex(await this.gdb.readRegister(this.regs.fpsr)));
      if (this.regs.fpcr !== undefined) s.fpcr = Number(leHex(await this.gdb.readRegister(this.regs.fpcr)));
    }
    return s;
  }

  /** To the next instruction (or an exception's entry). False when QEMU ended. */
  async step(): Promise<boolean> {
    return (await this.stopAt(this.count() + 1)) === 'stopped';
  }

  /**
   * Runs until `count` instructions have started: the plugin holds the vCPU there, the
   * gdbstub is interrupted, the vCPU finishes the instruction it was about to run.
   */
  async stopAt(count: number): Promise<'stopped' | 'ended'> {
    this.write(PARK_AT, count);
    const resumed = this.gdb.resume('c');
    let settled = false;
    void resumed.then(() => { settled = true; }, () => { settled = true; });
    while (!settled && this.read(PARKED) === 0) await sleep(0.5);
    if (!settled) {
      this.gdb.interrupt();
      await this.stopRequested();
      this.write(RELEASE, 1);
    }
    const r = await resumed;
    this.write(PARK_AT, Number.MAX_SAFE_INTEGER);
    return r.kind === 'exited' ? 'ended' : 'stopped';
  }

  /**
   * Waits until QEMU's main thread, having read the interrupt, waits for the vCPU to stop
   * (pause_all_vcpus: a futex wait, where otherwise it polls its file descriptors): released
   * before that, the vCPU would run on past the count. Linux's /proc tells; elsewhere, a pause.
   */
  private async stopRequested(): Promise<void> {
    const wchan = `/proc/${this.qemu.pid}/task/${this.qemu.pid}/wchan`;
    const until = Date.now() + KICK_TIMEOUT_MS;
    while (Date.now() < until) {
      let at: string;
      try {
        at = readFileSync(wchan, 'utf8');
      } catch {
        await sleep(20);
        return;
      }
      if (at.includes('futex')) return;
      await sleep(0.2);
    }
  }

  /**
   * Runs to the point where `count` instructions have started and the PC is `pc`. 'passed'
   * when QEMU is elsewhere there (the two sides' control flow differs before it), 'ended'
   * when QEMU ended first.
   */
  async runTo(count: number, pc: bigint): Promise<'arrived' | 'passed' | 'ended'> {
    if (this.count() < count && (await this.stopAt(count)) === 'ended') return 'ended';
    return this.count() === count && (await this.pc()) === pc ? 'arrived' : 'passed';
  }

  /** The PC alone (one packet). */
  async pc(): Promise<bigint> {
    return gReg64(await this.gdb.readGeneralRegisters(), this.regs.core.pc);
  }

  async close(): Promise<void> {
    this.gdb.close();
    closeSync(this.counterFd);
    this.qemu.kill('SIGKILL');
    await this.qemu;
  }
}
