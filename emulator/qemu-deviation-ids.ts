// The Arm ARM rules the model applies on which QEMU 7.2 is known to deviate. The model
// records an id when a run takes such a path (Cpu.qemuDeviation), so that the harness,
// which keeps the catalogue of what each one means, can say that a divergence there is
// QEMU's. One list, so that a misspelt id or one missing from the catalogue fails tsc.

export const QEMU_DEVIATION_IDS = [
  'nzcv-cleared-on-exception-entry',
  'device-alignment-unchecked',
  'sp-alignment-unchecked',
  'par-sh-device-nc-stage1',
  's2-setup-checked-against-ps',
  'block-at-unsupported-level-accepted',
  's1ptw-fault-level',
  'device-type-from-normal-attributes',
  'stxr-narrower-than-ldxr-stores-on-failure',
  'el12-accessible-without-e2h',
  'fcvtzs-h-fixed-sign-extended',
] as const;

export type QemuDeviationId = (typeof QEMU_DEVIATION_IDS)[number];
