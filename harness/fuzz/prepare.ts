// A case made ready to run: its tables encoded, its probes resolved to addresses, each
// probe's expected outcome, and the adjustments that keep a probe from doing harm (a store
// or a fetch only where it lands in the data pool, no access outside RAM).

import { resolveProbe, type FuzzCase, type Probe } from './case.ts';
import { encodeCase, encodeStage1, S1_VA_BITS, type Encoded } from './encode.ts';
import { inPool, inRam } from './layout.ts';
import { expectAccess, expectLine, type ExpectedLine, type Outcome } from './oracle.ts';

export interface PreparedProbe {
  probe: Probe;
  /** Stub entry: 0-3 load of 1 << n bytes, 4-7 store, 8 execute. */
  entry: number;
  /** Where a store must land (0: unknown). */
  checkPa: number;
  outcome: Outcome;
  expected?: ExpectedLine;
  /** Why the probe differs from what was generated (a store turned into a load...). */
  note?: string;
}

export interface PreparedCase {
  c: FuzzCase;
  enc: Encoded;
  probes: PreparedProbe[];
  /** Probes left out, and why. */
  skipped: string[];
}

export function prepareCase(c: FuzzCase): PreparedCase {
  const enc = encodeCase(c);
  const probes: PreparedProbe[] = [];
  const skipped: string[] = [];
  const targets = enc.mappings.filter((m) => m.index >= 0);
  const resolved = c.probes.map((raw, i) => resolveProbe(c.cfg, targets, raw, i));
  // With stage 1 on, a probe's VA is its IPA: only VAs the 39-bit stage-1 range covers.
  const usable = resolved.filter((p) => !enc.s1 || p.ipa < 2 ** S1_VA_BITS);
  encodeStage1(enc, usable.map((p) => p.ipa));
  resolved.forEach((p0, i) => {
    let p = p0;
    if (!usable.includes(p)) {
      skipped.push(`probe ${i}: VA 0x${p.ipa.toString(16)} is beyond the guest's 39-bit stage-1 range`);
      return;
    }
    let o = expectAccess(c.cfg, enc, p);
    let note: string | undefined;
    // A store or a fetch must not land outside the data pool (the image, its tables), and
    // must not be one whose outcome is not predicted: such probes become loads.
    if (p.kind !== 'read' && (o.ok === undefined || (o.ok && !inPool(o.pa, p.size)))) {
      note = `${p.kind} turned into a load: ${o.ok === undefined ? o.why : 'it lands outside the data pool'}`;
      p = { ...p, kind: 'read', size: p.kind === 'exec' ? 4 : p.size };
      o = expectAccess(c.cfg, enc, p);
    }
    if (o.ok === true && !inRam(o.pa, p.size)) {
      skipped.push(`probe ${i}: ${p.kind} of IPA 0x${p.ipa.toString(16)} would reach PA 0x${o.pa.toString(16)}, outside RAM`);
      return;
    }
    const entry = p.kind === 'exec' ? 8 : (p.kind === 'write' ? 4 : 0) + Math.log2(p.size);
    // The guest first fetches the stub's instruction for this probe, at IPA entry * 8: if
    // that faults (a configuration no walk can use), the fetch is what the probe reports.
    const fetch: Probe = { index: i, kind: 'exec', size: 4, ipa: entry * 8, value: 0n };
    const stub = expectAccess(c.cfg, enc, fetch);
    const expected = stub.ok === false ? expectLine(stub, fetch) : expectLine(o, p);
    probes.push({ probe: p, entry, checkPa: p.kind === 'write' && o.ok === true ? o.pa : 0, outcome: o, expected, note });
  });
  return { c, enc, probes, skipped };
}
