// QEMU's per-instruction log read synchronously, one state at a time. Lockstep with several
// PEs compares from inside the model's round robin (a hook before each instruction), which
// cannot wait for a promise, so the FIFO is read with blocking reads. The caller bounds
// QEMU's life (a process that never writes again would block the read).

import { readSync } from 'node:fs';
import { QemuTraceParser, type ArchState } from './qemu-trace.ts';

const CHUNK = 1 << 20;

export class SyncTraceReader {
  private readonly parser = new QemuTraceParser();
  private readonly buf = Buffer.alloc(CHUNK);
  private partial = '';
  private eof = false;

  /** `fd`: a blocking descriptor (a FIFO QEMU writes, a file). */
  constructor(private readonly fd: number) {}

  /** The next executed state, or undefined once the log has ended. */
  next(): ArchState | undefined {
    const ready = this.parser.ready;
    while (ready.length === 0 && !this.eof) this.fill();
    return ready.shift();
  }

  private fill(): void {
    const n = readSync(this.fd, this.buf, 0, CHUNK, null);
    if (n === 0) {
      this.eof = true;
      if (this.partial !== '') this.parser.line(this.partial);
      this.parser.end();
      return;
    }
    const text = this.partial + this.buf.toString('latin1', 0, n);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      this.parser.line(text.slice(start, nl));
      start = nl + 1;
    }
    this.partial = text.slice(start);
  }
}
