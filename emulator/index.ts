// Public entry point of the model: load an image, run it to the end, return what it did.
// (Stub: the implementation lands with the model v0.)
import type { ExceptionRecord } from '../harness/types.ts';

export interface ModelConfig {
  cpu: 'max' | 'cortex-a57';
  memMiB: number;
  maxSteps: number;
  /** Wall-clock limit; checked every few thousand instructions. */
  timeoutMs: number;
  uartCapBytes: number;
  append?: string;
  initrd?: string;
  /** Called with UART bytes as they are written (e.g. `s2diff model` streams to stdout). */
  onUart?: (bytes: Uint8Array) => void;
}

export type ModelEnd = 'poweroff' | 'reset' | 'timeout' | 'uart-cap' | 'crash';

export interface ModelResult {
  uart: string;
  exceptions: ExceptionRecord[];
  instructions: number;
  end: ModelEnd;
  /** Why it ended abnormally: step limit, wall-clock, cap, or the error's message+stack. */
  detail?: string;
  durationMs: number;
}

/** Runs an image (ELF or raw) on the model. Throws UsageError for a malformed image. */
export function runModelImage(_imagePath: string, _cfg: ModelConfig): ModelResult {
  throw new Error('model not implemented yet');
}
