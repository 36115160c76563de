// A fuzz case in readable form: the configuration in words, the mappings and the probes as
// tables, with what each side printed and what the case implies.

import { configLegal, PS_BITS, qemu72RejectsConfig, startLevelOf, type FuzzCase } from './case.ts';
import { formatExpected } from './run-batch.ts';
import type { PreparedCase } from './prepare.ts';

const hex = (n: number | bigint): string => `0x${n.toString(16)}`;

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => '  ' + r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

export function describeConfig(c: FuzzCase): string {
  const g = c.cfg.granule, ipaBits = 64 - c.cfg.t0sz;
  const start = startLevelOf(g, c.cfg.sl0);
  const legal = configLegal(c.cfg) ? 'legal' : 'not a legal configuration: every walk must fault at level 0';
  const q = qemu72RejectsConfig(c.cfg) && configLegal(c.cfg) ? '; QEMU 7.2 refuses it (s2-setup-checked-against-ps)' : '';
  return `${2 ** (g - 10)}K granule, ${ipaBits}-bit IPA (T0SZ ${c.cfg.t0sz}), SL0 ${c.cfg.sl0} = start level ` +
    `${start < 0 ? 'reserved' : start}, PS ${c.cfg.ps} = ${PS_BITS[c.cfg.ps]} bits, VMID ${c.cfg.vmid} [${legal}${q}]`;
}

/** The case with the outputs of one run (lines per probe) when given. */
export function formatCase(pc: PreparedCase, qemu?: string[], model?: string[]): string {
  const out = [`config: ${describeConfig(pc.c)}`];
  const rows = [['#', 'level', 'IPA', 'PA', 'size', 'S2AP', 'XN', 'AF', 'MemAttr', 'contig', 'malformed']];
  for (const m of [...pc.enc.mappings, ...pc.enc.dropped]) {
    const r = m.raw;
    const dropped = pc.enc.dropped.includes(m);
    rows.push([m.index < 0 ? 'stub' : `${m.index}${dropped ? ' (dropped: overlaps)' : ''}`, String(m.level), hex(m.ipa), hex(m.pa),
      hex(m.size), String(r.s2ap), String(r.xn), r.af ? '1' : '0',
      hex(r.memAttr), r.contiguous && m.level === 3 ? 'yes' : '', r.malformed === 'none' ? '' : r.malformed]);
  }
  out.push('mappings:', table(rows));
  const prow = [['#', 'access', 'IPA', 'value', 'expected', 'QEMU', 'model']];
  pc.probes.forEach((p, k) => {
    prow.push([String(p.probe.index), `${p.probe.kind} ${p.probe.size}`, hex(p.probe.ipa),
      p.probe.kind === 'write' ? hex(p.probe.value) : '', p.expected ? formatExpected(p.expected) : '(not predicted)',
      qemu?.[k] ?? '', model?.[k] ?? '']);
  });
  out.push('probes (output: K <x1> [<memory at the PA>] | A <ESR_EL2> <FAR_EL2> <HPFAR_EL2> | X <HVC imm> <ELR> | E <ESR_EL1> <FAR_EL1> <ELR_EL1>):', table(prow));
  for (const p of pc.probes) if (p.note) out.push(`  note: probe ${p.probe.index}: ${p.note}`);
  for (const s of pc.skipped) out.push(`  skipped: ${s}`);
  return out.join('\n');
}
