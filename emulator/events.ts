// The architectural events the model reports while it runs: exceptions taken, exception
// returns, and calls answered by the emulated firmware. They are the model's own account,
// in the architecture's terms (Arm ARM D1.10, D1.11) and as numbers; the harness turns them
// into the records it compares with QEMU's `-d int` log.

/** The vector an exception is taken to, within its 0x200-byte group (D1.10.2). */
export type ExceptionKind = 'synchronous' | 'irq' | 'fiq' | 'serror';

/** AArch64.TakeException, after it has written the target EL's registers and PSTATE. */
export interface ExceptionTaken {
  /** The PE that took or made it (MPIDR_EL1.Aff0), on a board of several PEs only. */
  cpu?: number;
  event: 'exception-taken';
  kind: ExceptionKind;
  /** IRQ, FIQ and SError are asynchronous; everything else is synchronous. */
  async: boolean;
  /** A virtual interrupt or SError (HCR_EL2.VI/VF/VSE, the GIC's virtual CPU interface). */
  virtual: boolean;
  fromEl: number;
  toEl: number;
  /**
   * The syndrome written to ESR_ELx: EC, ISS and the whole register (IL = 1). Absent for IRQ
   * and FIQ, which leave ESR_ELx unchanged.
   */
  ec?: number;
  iss?: number;
  esr?: number;
  /** ELR_ELx: the preferred return address. */
  elr: bigint;
  /** FAR_ELx, when the exception writes it (aborts, PC alignment). */
  far?: bigint;
  /** The vector address the PE continues at. */
  vector: bigint;
  /** PSTATE after entry (in the SPSR layout). */
  pstate: number;
}

/** A legal ERET (AArch64.ExceptionReturn); an illegal return is no event (PSTATE.IL is set instead). */
export interface ExceptionReturn {
  /** The PE that took or made it (MPIDR_EL1.Aff0), on a board of several PEs only. */
  cpu?: number;
  event: 'exception-return';
  fromEl: number;
  toEl: number;
  /** The address returned to (ELR_ELx). */
  elr: bigint;
}

/**
 * An SMC (an HVC on a board without EL2) answered by the firmware the board emulates in
 * place of EL3 (PSCI/SMCCC; the virt board has no EL3): no exception is taken, x0.. carry
 * the result.
 */
export interface FirmwareCall {
  /** The PE that took or made it (MPIDR_EL1.Aff0), on a board of several PEs only. */
  cpu?: number;
  event: 'firmware-call';
  conduit: 'smc' | 'hvc';
  fromEl: number;
  /** The immediate, and the syndrome the call would have at EL3 / EL2 (EC 0x17 / 0x16). */
  imm: number;
  esr: number;
  /**
   * The call waits as WFI does (PSCI CPU_SUSPEND): QEMU 7.2 leaves the wait by a longjmp out
   * of its PSCI handler, so its -d int log never says the call was handled as PSCI.
   */
  waits?: boolean;
}

export type ArchEvent = ExceptionTaken | ExceptionReturn | FirmwareCall;
