// The Arm ARM rules the model applies on which QEMU 7.2 is known to deviate. The model
// records an id when a run takes such a path (Cpu.qemuDeviation), so that the harness,
// which keeps the catalogue of what each one means, can say that a divergence there is
// QEMU's. One list, so that a misspelt id or one missing from the catalogue fails tsc.

export const QEMU_DEVIATION_IDS = [
  'nzcv-cleared-on-exception-entry',
  'isv-for-stage1-aborts-at-el2',
  'device-alignment-unchecked',
  'sp-alignment-unchecked',
  'par-sh-device-nc-stage1',
  's2-setup-checked-against-ps',
  'block-at-unsupported-level-accepted',
  's1ptw-fault-level',
  'device-type-from-normal-attributes',
  'stxr-narrower-than-ldxr-stores-on-failure',
  'el12-accessible-without-e2h',
  'hpd-honoured-without-feat-hpds',
  'fjcvtzs-flushed-denormal-z',
  'fcvtzs-h-fixed-sign-extended',
  'xpac-nop-while-keys-disabled',
  'btype-kept-after-sb',
  'fp16-reduce-sz-ignored',
  'fmov-imm-o2-op1-runs-as-double',
  'addpac-extension-from-own-range-tbi',
  'its-mapc-rdbase-truncated',
  'hcr-tidcp-ignored',
  'mdcr-tpmcr-ignored',
  'enscxt-applied-in-host',
] as const;

export type QemuDeviationId = (typeof QEMU_DEVIATION_IDS)[number];
