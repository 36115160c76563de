// The run options of one case as the JSON report keeps them (design.md §4, `options`), so
// that `s2diff repro REPORT.json` and a repro folder's command lines rerun the case exactly
// as it ran: kernel command line, initrd, memory, CPU, clock, loaded files and limits. The
// ID register values are not kept: they follow the QEMU in use, probed again.

import type { QemuDeviationId } from '../emulator/qemu-deviation-ids.ts';
import type { RunOptions } from './types.ts';

export interface CaseOptions {
  cpu: RunOptions['cpu'];
  cpuProps?: string;
  memMiB: number;
  /** PEs (QEMU -smp; design.md §1's default 1). */
  smp: number;
  /** QEMU gic-version when not design.md §1's 3. */
  gic?: 4;
  append?: string;
  initrd?: string;
  loads?: { file: string; addr: string }[];
  /** QEMU -icount shift, or null for the host-clock default. */
  icount: number | null;
  timeoutSec: number;
  maxSteps: number;
  uartCapBytes: number;
  strict?: boolean;
  coverage?: boolean;
  blockThreshold?: number;
  followQemu?: QemuDeviationId[];
  el1?: boolean;
}

export function caseOptions(o: RunOptions): CaseOptions {
  return {
    cpu: o.cpu, ...(o.cpuProps ? { cpuProps: o.cpuProps } : {}), memMiB: o.memMiB, smp: o.smp ?? 1,
    ...(o.gic === 4 ? { gic: 4 as const } : {}),
    ...(o.append !== undefined ? { append: o.append } : {}),
    ...(o.initrd !== undefined ? { initrd: o.initrd } : {}),
    ...(o.loads?.length ? { loads: o.loads.map((l) => ({ file: l.file, addr: '0x' + l.addr.toString(16) })) } : {}),
    icount: o.icount ?? null,
    timeoutSec: o.timeoutSec, maxSteps: o.maxSteps, uartCapBytes: o.uartCapBytes,
    ...(o.strict ? { strict: true } : {}),
    ...(o.coverage ? { coverage: true } : {}),
    ...(o.blockThreshold !== undefined ? { blockThreshold: o.blockThreshold } : {}),
    ...(o.followQemu?.length ? { followQemu: o.followQemu } : {}),
    ...(o.el1 ? { el1: true } : {}),
  };
}

/** A report's `options` back as run options (over the command's own). */
export function runOptionsFrom(c: Partial<CaseOptions> | undefined): Partial<RunOptions> {
  if (!c) return {};
  const out: Partial<RunOptions> = {};
  if (c.cpu !== undefined) out.cpu = c.cpu;
  if (c.cpuProps !== undefined) out.cpuProps = c.cpuProps;
  if (c.memMiB !== undefined) out.memMiB = c.memMiB;
  if (c.append !== undefined) out.append = c.append;
  if (c.initrd !== undefined) out.initrd = c.initrd;
  if (c.loads !== undefined) out.loads = c.loads.map((l) => ({ file: l.file, addr: Number(l.addr) }));
  if (c.icount !== undefined && c.icount !== null) out.icount = c.icount;
  if (c.smp !== undefined && c.smp !== 1) out.smp = c.smp;
  if (c.gic === 4) out.gic = 4;
  if (c.timeoutSec !== undefined) out.timeoutSec = c.timeoutSec;
  if (c.maxSteps !== undefined) out.maxSteps = c.maxSteps;
  if (c.uartCapBytes !== undefined) out.uartCapBytes = c.uartCapBytes;
  if (c.strict !== undefined) out.strict = c.strict;
  if (c.coverage !== undefined) out.coverage = c.coverage;
  if (c.blockThreshold !== undefined) out.blockThreshold = c.blockThreshold;
  if (c.followQemu !== undefined) out.followQemu = c.followQemu;
  if (c.el1 !== undefined) out.el1 = c.el1;
  return out;
}

const shellQuote = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The s2diff flags that give a command these options (for repro folders' command lines). */
export function optionFlags(o: RunOptions): string {
  const f = [`--cpu ${o.cpuProps ? `${o.cpu},${o.cpuProps}` : o.cpu}`, `-m ${o.memMiB}`];
  if (o.append !== undefined) f.push(`--append ${shellQuote(o.append)}`);
  if (o.initrd !== undefined) f.push(`--initrd ${shellQuote(o.initrd)}`);
  for (const l of o.loads ?? []) f.push(`--load ${shellQuote(`${l.file}@0x${l.addr.toString(16)}`)}`);
  if (o.icount !== undefined) f.push(`--icount ${o.icount}`);
  if (o.smp !== undefined && o.smp !== 1) f.push(`--smp ${o.smp}`);
  if (o.gic === 4) f.push('--gic 4');
  if (o.blockThreshold !== undefined) f.push(`--block-threshold ${o.blockThreshold}`);
  if (o.followQemu?.length) f.push(`--follow-qemu ${o.followQemu.join(',')}`);
  if (o.el1) f.push('--el1');
  return f.join(' ');
}
