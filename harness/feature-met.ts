// Which unimplemented feature, if any, a case that did not match ran into: the line that
// replaces the long list of every feature QEMU advertises and the model lacks (now only in
// --verbose and the JSON report's idRegisters). Two ways a case meets one:
//   - the model stopped with its "model does not implement ..." error (isa/unimplemented.ts);
//   - the model took an UNDEFINED exception (EC 0) where QEMU did something else: the
//     instruction is read from the image at ELR and classified (SVE, SME, a system register
//     access), and named by its disassembly.

import { readFileSync } from 'node:fs';
import { isElf, parseElf } from '../emulator/elf.ts';
import type { FeatureGap } from '../emulator/feature-gaps.ts';
import { disassembleWords } from './disasm.ts';
import type { CaseResult, ExceptionRecord } from './types.ts';

const UNDEFINED_ESR = '0x2000000'; // EC 0 (unknown reason), IL 1

/** The instruction word at `addr` in an ELF image's loaded segments (addresses as loaded: MMU off or identity-mapped). */
export function wordAt(image: string, addr: bigint): number | undefined {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(image);
  } catch {
    return undefined;
  }
  if (!isElf(bytes)) return undefined;
  for (const s of parseElf(bytes, image).segments) {
    const off = Number(addr - BigInt(s.paddr));
    if (off >= 0 && off + 4 <= s.data.length) return new DataView(s.data.buffer, s.data.byteOffset).getUint32(off, true);
  }
  return undefined;
}

/** The feature an UNDEFINED instruction belongs to, from its encoding (Arm ARM C4.1, top-level groups). */
export function featureOfEncoding(word: number): string | undefined {
  const op0 = (word >>> 25) & 0xf;
  if (op0 === 0b0010) return 'FEAT_SVE';
  if (word >>> 31 === 1 && op0 === 0) return 'FEAT_SME';
  // MRS/MSR (register): 1101 0101 00 L 1 o0 ... (op0 = 2 or 3).
  if ((word & 0xffd00000) >>> 0 === 0xd5100000) return 'system register';
  return undefined;
}

/** The first exception the model took as UNDEFINED where QEMU's record differs. */
function firstModelOnlyUndefined(r: CaseResult): ExceptionRecord | undefined {
  const q = r.qemu?.exceptions ?? [], m = r.model?.exceptions ?? [];
  for (let i = 0; i < m.length; i++) {
    const a = q[i], b = m[i];
    const differs = !a || a.type !== b.type || a.esr !== b.esr || a.elr !== b.elr;
    if (differs) return b.esr === UNDEFINED_ESR && b.elr !== undefined ? b : undefined;
  }
  return undefined;
}

/** One line naming the unimplemented feature the case met, or undefined. */
export async function featureMet(r: CaseResult, gaps: FeatureGap[]): Promise<string | undefined> {
  if (r.verdict === 'match' || r.verdict === 'skip') return undefined;
  const said = (r.model?.detail ?? r.error ?? '').match(/model does not implement ([^\n]+)/);
  if (said) return `the model does not implement ${said[1].trim()}`;
  const u = firstModelOnlyUndefined(r);
  if (!u) return undefined;
  const word = wordAt(r.image, BigInt(u.elr!));
  if (word === undefined) return undefined;
  const kind = featureOfEncoding(word);
  if (!kind) return undefined;
  const [disasm] = await disassembleWords([{ addr: BigInt(u.elr!), word }]);
  const gap = gaps.find((g) => g.feature === kind);
  const advertised = gap ? `; QEMU advertises it (${gap.field})` : '';
  const what = kind === 'system register' ? 'a system register the model does not implement' : `${kind}, which the model does not implement`;
  return `UNDEFINED on the model at ${u.elr}: ${disasm} (${what}${advertised}), where QEMU went on`;
}
