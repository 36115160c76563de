// Places where QEMU 7.2 deviates from the Arm ARM and the model follows the architecture.
// When the only difference between the two sides is one of these, the comparator does not
// call it a divergence of the model: the case result lists the deviation instead, so the
// report says plainly that QEMU is the side that deviates, and why.

import { QEMU_DEVIATION_IDS, type QemuDeviationId } from '../emulator/qemu-deviation-ids.ts';
import type { ExceptionRecord } from './types.ts';

export interface QemuDeviation {
  id: QemuDeviationId;
  summary: string;
  /** Where the Arm ARM says what the model does. */
  reference: string;
  /**
   * `--follow-qemu`: true when the model can imitate QEMU here so a comparison continues past
   * it; otherwise why it cannot.
   */
  follow: true | string;
}

/** What each deviation the model can report (Cpu.qemuDeviation) is, keyed by its id. */
const CATALOGUE: Record<QemuDeviationId, Omit<QemuDeviation, 'id'>> = {
  'nzcv-cleared-on-exception-entry': {
    summary: 'QEMU 7.2 clears PSTATE.{N,Z,C,V} when it takes an exception to AArch64 ' +
      '(arm_cpu_do_interrupt_aarch64 writes PSTATE as DAIF|mode); the architecture leaves them unchanged',
    reference: 'Arm ARM DDI 0487, AArch64.TakeException pseudocode (D1.10): PSTATE.NZCV is not written on exception entry',
    follow: true,
  },
  'isv-for-stage1-aborts-at-el2': {
    summary: 'QEMU 7.2 reports an instruction syndrome (ESR_EL2.ISV and SAS/SSE/SRT/SF/AR) for a Data Abort ' +
      'taken from EL2 to EL2 that is not a stage-2 abort (a stage-1 fault or an External abort at EL2); it ' +
      'leaves it 0 for a stage-1 fault from EL0 taken to EL2 with HCR_EL2.TGE',
    reference: 'Arm ARM DDI 0487, ESR_EL2 ISS encoding for an exception from a Data Abort, ISV: 0 for all faults ' +
      'except the listed stage-2 aborts (a stage-1 fault has no valid instruction syndrome)',
    follow: true,
  },
  'device-alignment-unchecked': {
    summary: 'QEMU 7.2 performs unaligned accesses to Device memory (incl. every data access with stage 1 ' +
      'off) instead of taking an Alignment fault',
    reference: 'Arm ARM DDI 0487 B2.5.2 (unaligned Device accesses fault) and D8.2.10 (stage 1 off: data is Device-nGnRnE)',
    follow: true,
  },
  'sp-alignment-unchecked': {
    summary: 'QEMU 7.2 does not implement the SP alignment check (SCTLR_ELx.SA/SA0): no SP alignment fault',
    reference: 'Arm ARM DDI 0487 D1.8.2, SP alignment checking',
    follow: true,
  },
  'par-sh-device-nc-stage1': {
    summary: 'QEMU 7.2 reports the descriptor SH in PAR_EL1 for a stage-1-only AT result in Device or ' +
      'Normal Non-cacheable memory (it forces 0b10 only for two-stage results)',
    reference: 'Arm ARM DDI 0487, PAREncodeShareability(): Device and Normal Inner+Outer Non-cacheable report 0b10',
    follow: true,
  },
  's2-setup-checked-against-ps': {
    summary: 'QEMU 7.2 faults every stage-2 walk (Translation fault, level 0) when the IPA space is wider than ' +
      'VTCR_EL2.PS, or when a 4K level-0 / 16K or 64K level-1 start comes with a PS of at most 42/40/42 bits ' +
      '(check_s2_mmu_setup compares with PS); the Arm ARM checks the start level against PAMax and walks ' +
      'such IPA spaces, checking output addresses against PS (QEMU 8 follows it)',
    reference: 'Arm ARM DDI 0487, AArch64.S2InvalidSL, AArch64.S2InconsistentSL and AArch64.S2TxSZFaults (D8.2), ' +
      'which use AArch64.PAMax(), not VTCR_EL2.PS',
    follow: true,
  },
  'block-at-unsupported-level-accepted': {
    summary: 'QEMU 7.2 maps a block descriptor at a level where the granule has no blocks (4K level 0, 16K ' +
      'level 1 without FEAT_LPA2) instead of taking a Translation fault at that level',
    reference: 'Arm ARM DDI 0487, AArch64.BlockDescSupported (D8.3): such a descriptor is invalid',
    follow: true,
  },
  's1ptw-fault-level': {
    summary: 'QEMU 7.2 reports a stage-2 fault on a stage-1 translation table walk (S1PTW) with the level of ' +
      'the stage-1 lookup that read the table in the DFSC/IFSC, instead of the level of the stage-2 lookup that faulted',
    reference: 'Arm ARM DDI 0487, AArch64.S1Walk / AArch64.S2Translate (D8): the walk\'s descriptor fetch returns ' +
      'the stage-2 fault record (statuscode and level) with s1ptw set',
    follow: true,
  },
  'device-type-from-normal-attributes': {
    summary: 'QEMU 7.2 combines a Device stage with a Normal one (HCR_EL2.FWB = 0) by taking the strongest ' +
      'low nibble of both attributes as a Device type, so a Normal Inner Non-cacheable (0x4) or Write-Through ' +
      'transient (0x0/0x8) side turns Device-GRE into Device-nGnRE/nGnRnE/nGRE in PAR_EL1',
    reference: 'Arm ARM DDI 0487, D8.5.5 (combining stage 1 and stage 2 attributes): Device and Normal give ' +
      'the Device type of the Device side',
    follow: true,
  },
  'stxr-narrower-than-ldxr-stores-on-failure': {
    summary: 'QEMU 7.2 runs a Store-Exclusive narrower than the preceding Load-Exclusive of the same address ' +
      '(e.g. STXR Wt after LDXR Xt or LDXP) as a compare-and-swap of the narrower size, so it writes memory ' +
      'when those bytes are unchanged, yet returns status 1 (failed) because it compares the whole loaded value',
    reference: 'Arm ARM DDI 0487, B2.9.5 (Load-Exclusive and Store-Exclusive usage restrictions): a mismatched ' +
      'Store-Exclusive may pass or fail; one that fails does not update memory',
    follow: true,
  },
  'its-mapc-rdbase-truncated': {
    summary: 'QEMU 7.2 keeps only the low 16 bits of a MAPC command\'s RDbase (a processor number, GITS_TYPER.PTA = 0) ' +
      'before checking it against the PEs, so a MAPC to processor 0x10000 maps the collection to PE 0 and its LPIs ' +
      'are delivered there, instead of the command failing (process_mapc masks with RDBASE_PROCNUM_MASK)',
    reference: 'GIC architecture specification IHI 0069, 5.3.9 MAPC: an RDbase that is not a valid target is the ' +
      'command error MAPC_RDBASE_OOR; Arm ARM DDI 0487 leaves the ITS to that specification',
    follow: true,
  },
  'hcr-tidcp-ignored': {
    summary: 'QEMU 7.2 ignores HCR_EL2.TIDCP: EL1 accesses to the IMPLEMENTATION DEFINED register space (CRn = 11 ' +
      'and 15) run (or are UNDEFINED) instead of trapping to EL2 (found by s2diff fuzz --traps; QEMU implements ' +
      'TIDCP from 8.0)',
    reference: 'Arm ARM DDI 0487, D19.2 HCR_EL2.TIDCP: EL1 accesses to the encodings reserved for IMPLEMENTATION ' +
      'DEFINED functionality are trapped to EL2 (EC 0x18)',
    follow: true,
  },
  'mdcr-tpmcr-ignored': {
    summary: 'QEMU 7.2 ignores MDCR_EL2.TPMCR: EL0/EL1 accesses to PMCR_EL0 run unless MDCR_EL2.TPM is also set ' +
      '(found by s2diff fuzz --traps; QEMU implements TPMCR from 8.1)',
    reference: 'Arm ARM DDI 0487, D19.3 MDCR_EL2.TPMCR and PMCR_EL0 accessibility: with TPMCR = 1, EL0 and EL1 ' +
      'accesses to PMCR_EL0 are trapped to EL2 (EC 0x18)',
    follow: true,
  },
  'enscxt-applied-in-host': {
    summary: 'QEMU 7.2 applies HCR_EL2.EnSCXT = 0 to EL0 in the EL2&0 host regime (HCR_EL2.E2H = TGE = 1), ' +
      'trapping SCXTNUM_EL0 to EL2 (access_scxtnum does not exclude the host; found by s2diff fuzz --traps)',
    reference: 'Arm ARM DDI 0487, SCXTNUM_EL0 accessibility: at EL0 the EnSCXT trap applies only when ' +
      '!ELIsInHost(EL0); in the host only SCTLR_EL2.TSCXT traps',
    follow: true,
  },
  'el12-accessible-without-e2h': {
    summary: 'QEMU 7.2 lets EL2 access the *_EL12 / *_EL02 register names (SCTLR_EL12, MAIR_EL12, ...) while ' +
      'HCR_EL2.E2H is 0, reaching the EL1/EL0 registers, instead of treating them as UNDEFINED (QEMU 8.1 fixed it)',
    reference: 'Arm ARM DDI 0487, D19.2 SCTLR_EL12 and the other *_EL12 accessors: when HCR_EL2.E2H == 0 the ' +
      'access is UNDEFINED',
    follow: true,
  },
  'hpd-honoured-without-feat-hpds': {
    summary: 'QEMU 7.2 applies TCR_ELx.HPD/HPD0/HPD1 (table descriptors\' APTable, XNTable and PXNTable ignored) ' +
      'on a CPU without FEAT_HPDS (cortex-a57), where those TCR bits are RES0 and the hierarchical permissions apply',
    reference: 'Arm ARM DDI 0487, TCR_EL1.HPD0/HPD1 and TCR_EL2.HPD (D19.2): RES0 when FEAT_HPDS is not implemented; ' +
      'D8.4.2 hierarchical permissions. Evidence: scenario s1-table-controls on --cpu cortex-a57',
    follow: true,
  },
  'fjcvtzs-flushed-denormal-z': {
    summary: 'QEMU 7.2 sets PSTATE.Z after FJCVTZS Wd, Dn of a positive denormal that FPCR.FZ flushes to zero ' +
      '(e.g. Dn = 0x0000000000000001, FPCR = 0x01000000: QEMU NZCV = 0100, W = 0, FPSR.IDC; its helper_fjcvtzs sets ' +
      'Z = !sign for every exponent-0 input); the Arm ARM clears Z because the input was not exactly zero (QEMU ' +
      'fixed it in 2024, "target/arm: Fix FJCVTZS vs flush-to-zero", QEMU issue 2375)',
    reference: 'Arm ARM DDI 0487, shared/functions/float/fptofixedjs/FPToFixedJS: Z = 0 when sign == 0, value == 0.0 ' +
      'and !IsZero(op<51:0>)',
    follow: true,
  },
  'fcvtzs-h-fixed-sign-extended': {
    summary: 'QEMU 7.2 writes the result of FCVTZS Hd, Hn, #fbits (Advanced SIMD scalar, fixed-point, half precision) ' +
      'sign-extended to 32 bits (e.g. -32768 gives S[d] = 0xffff8000, its handle_simd_shift_fpint_conv converts halves ' +
      'with the 32-bit helper and writes a single-precision register); the Arm ARM writes the 16-bit integer and ' +
      'zeroes the rest of V[d] (the low 16 bits and FPSR agree; FCVTZU and FCVTZS Hd, Hn without #fbits do not show it)',
    reference: 'Arm ARM DDI 0487, C7.2 FCVTZS (vector, fixed-point): V[d, datasize] = result with datasize = esize = 16 ' +
      'for the scalar half-precision form',
    follow: true,
  },
  'xpac-nop-while-keys-disabled': {
    summary: 'QEMU 7.2 runs XPACI, XPACD and XPACLRI as NOPs while SCTLR_ELx of the current regime enables none ' +
      'of the four pointer keys (EnIA/EnIB/EnDA/EnDB: its pauth_active translation flag), instead of stripping the PAC ' +
      '(seen with XPACI X0 of 0x0000010040001230 at EL2, TCR_EL2.T0SZ = 25, keys disabled: QEMU leaves it, the Arm ARM ' +
      'gives 0x0000000040001230)',
    reference: 'Arm ARM DDI 0487, XPACD, XPACI, XPACLRI (C6.2): X[d] = Strip(X[d], data), which no enable controls',
    follow: true,
  },
  'addpac-extension-from-own-range-tbi': {
    summary: 'QEMU 7.2 AddPAC in a two-range regime (EL1&0, EL2&0) takes the extension bit (the value it writes to bit ' +
      '55 and fills the PAC field with before computing the PAC) from bit 63 whenever the range bit 55 selects does not ' +
      'ignore the top byte, and the bottom PAC bit from that range\'s TxSZ; the Arm ARM uses bit 55 whenever TBI0 or TBI1 ' +
      'is set (for instruction keys: with TBIDx = 0) and the TxSZ of the range that bit selects (seen at EL2 with E2H = 1, ' +
      'TCR_EL2.TBI0 = 1, TBI1 = 0: PACIA of 0x0080004000123450 gives bit 55 = 0 on QEMU, 1 in the Arm ARM)',
    reference: 'Arm ARM DDI 0487, AddPAC (J1 aarch64/functions/pac/addpac): selbit and CalculateBottomPACBit(selbit) when ' +
      'PtrHasUpperAndLowerAddRanges()',
    follow: true,
  },
  'btype-kept-after-sb': {
    summary: 'QEMU 7.2 leaves PSTATE.BTYPE as a BR/BLR set it when the branch target is an SB (its SB ends the ' +
      'translation block without resetting BTYPE, where its ISB does), so the next instruction runs with BTYPE != 0: ' +
      'SPSR_ELx.BTYPE of an exception it takes is not 0, and on a guarded page it takes a Branch Target exception ' +
      '(seen with BR X0 to SB; BRK #1 at EL2: QEMU SPSR_EL2 = 0x400007c9, BTYPE = 0b01; the Arm ARM 0x400003c9)',
    reference: 'Arm ARM DDI 0487, the PSTATE.BTYPE rules of FEAT_BTI (chapter D1, Branch Target Identification): an instruction other than the branches ' +
      'that set BTYPE sets PSTATE.BTYPE to 0b00 on completing; SB (C6.2) is such an instruction. Evidence: ' +
      'harness/fixtures/qemu-deviations.S case 5',
    follow: true,
  },  'fp16-reduce-sz-ignored': {
    summary: 'QEMU 7.2 executes the FP reductions with U = 0 and bit 22 (sz) = 1 as their half-precision forms: ' +
      'FMAXNMV/FMINNMV/FMAXV/FMINV (across lanes) and FMAXNMP/FMINNMP/FADDP/FMAXP/FMINP (scalar pairwise) (its ' +
      'disas_simd_across_lanes and disas_simd_scalar_pairwise drop size<0> once FEAT_FP16 is there); those words are ' +
      'unallocated, so UNDEFINED (seen with 0x4ef0cad3, "FMINNMV H19, V22.8H" but for bit 22, and 0x5ef0c845, ' +
      '"FMINNMP H5, V2.2H" but for bit 22: QEMU returns to the next instruction, the Arm ARM takes the UNDEFINED ' +
      'exception; binutils disassembles both as undefined too)',
    reference: 'Arm ARM DDI 0487, C4.1.96 Advanced SIMD across lanes / scalar pairwise and C7.2 FMAXNMV, FMINNMP etc.: ' +
      'the half-precision encodings have bit 22 = 0. Evidence: s2diff sweep (harness/undefined-sweep.diff.test.ts), fixture case 6',
    follow: true,
  },
  'fmov-imm-o2-op1-runs-as-double': {
    summary: 'QEMU 7.2 (with FEAT_FP16) executes the Advanced SIMD modified-immediate words with o2 = 1, op = 1 and ' +
      'cmode = 1111 as FMOV Vd.2D, #imm (its disas_simd_mod_imm lets o2 = 1 through for any op once cmode is 1111, ' +
      'then takes the op = 1 constant); only op = 0 is allocated (the half-precision FMOV), so they are UNDEFINED ' +
      '(seen with 0x6f06fe6f: QEMU writes the double constant to V15, the Arm ARM takes the UNDEFINED exception)',
    reference: 'Arm ARM DDI 0487, C4.1.96 Advanced SIMD modified immediate: o2 = 1 is allocated only with op = 0 and ' +
      'cmode = 1111 (FMOV (vector, immediate), half precision). Evidence: s2diff sweep --simd-fp, fixture case 7',
    follow: true,
  },
};

export const QEMU_DEVIATIONS: Readonly<Record<QemuDeviationId, QemuDeviation>> = Object.fromEntries(
  QEMU_DEVIATION_IDS.map((id) => [id, { id, ...CATALOGUE[id] }]),
) as Record<QemuDeviationId, QemuDeviation>;

export const NZCV_CLEARED_ON_EXCEPTION_ENTRY = QEMU_DEVIATIONS['nzcv-cleared-on-exception-entry'];
export const ISV_FOR_STAGE1_ABORTS_AT_EL2 = QEMU_DEVIATIONS['isv-for-stage1-aborts-at-el2'];
export const DEVICE_ALIGNMENT_UNCHECKED = QEMU_DEVIATIONS['device-alignment-unchecked'];
export const SP_ALIGNMENT_UNCHECKED = QEMU_DEVIATIONS['sp-alignment-unchecked'];
export const PAR_SH_NOT_ENCODED = QEMU_DEVIATIONS['par-sh-device-nc-stage1'];
export const S2_SETUP_CHECKED_AGAINST_PS = QEMU_DEVIATIONS['s2-setup-checked-against-ps'];
export const BLOCK_AT_UNSUPPORTED_LEVEL = QEMU_DEVIATIONS['block-at-unsupported-level-accepted'];
export const S1PTW_FAULT_LEVEL = QEMU_DEVIATIONS['s1ptw-fault-level'];
export const DEVICE_TYPE_FROM_NORMAL = QEMU_DEVIATIONS['device-type-from-normal-attributes'];
export const STXR_NARROWER_STORES_ON_FAILURE = QEMU_DEVIATIONS['stxr-narrower-than-ldxr-stores-on-failure'];
export const EL12_WITHOUT_E2H = QEMU_DEVIATIONS['el12-accessible-without-e2h'];
export const FJCVTZS_FLUSHED_DENORMAL_Z = QEMU_DEVIATIONS['fjcvtzs-flushed-denormal-z'];
export const FCVTZS_H_FIXED_SIGN_EXTENDED = QEMU_DEVIATIONS['fcvtzs-h-fixed-sign-extended'];

/** ESR_ELx.ISS[24:14]: ISV and the instruction syndrome it validates. */
const ISS_INSTRUCTION_SYNDROME = 0x7ff << 14;

/**
 * A Data Abort from EL2 to EL2 whose ESR differs only in the instruction syndrome, present on
 * QEMU's side alone (the rest of the record equal but for PSTATE.NZCV, which QEMU clears).
 */
function isvOnlyOnQemu(q: ExceptionRecord, m: ExceptionRecord): boolean {
  if (q.type !== 'Data Abort' || m.type !== q.type || q.fromEl !== 2 || q.toEl !== 2 || m.fromEl !== 2 || m.toEl !== 2) return false;
  if (q.esr === undefined || m.esr === undefined) return false;
  const qe = Number(q.esr), me = Number(m.esr);
  const nzcv = ((Number(q.pstate) ^ Number(m.pstate)) & ~0xf0000000) === 0;
  return nzcv && (qe & (1 << 24)) !== 0 && (me & ISS_INSTRUCTION_SYNDROME) === 0 && ((qe ^ me) & ~ISS_INSTRUCTION_SYNDROME) === 0 &&
    q.far === m.far && q.elr === m.elr && q.pc === m.pc;
}

/**
 * If two exception records differ only as a known QEMU deviation explains, returns it.
 * NZCV: identical records except PSTATE bits [31:28], zero on QEMU's side.
 */
export function explainRecordDifference(q: ExceptionRecord, m: ExceptionRecord): QemuDeviation | undefined {
  if (q.type === 'eret' || q.pstate === undefined || m.pstate === undefined) return undefined;
  if (isvOnlyOnQemu(q, m)) return ISV_FOR_STAGE1_ABORTS_AT_EL2;
  const sameOtherwise = q.type === m.type && q.fromEl === m.fromEl && q.toEl === m.toEl && q.esr === m.esr &&
    q.far === m.far && q.elr === m.elr && q.pc === m.pc && !!q.psci === !!m.psci;
  if (!sameOtherwise) return undefined;
  const qp = Number(q.pstate), mp = Number(m.pstate);
  if (((qp ^ mp) & ~0xf0000000) === 0 && (qp & 0xf0000000) === 0) return NZCV_CLEARED_ON_EXCEPTION_ENTRY;
  return undefined;
}
