// Progress while a suite runs: on a terminal, one live line (done/total, each running case
// with the model's instructions, MIPS and elapsed time, ETA) redrawn in place; elsewhere (CI
// logs) nothing extra — each case's line is printed as it finishes.

export class Progress {
  private done = 0;
  private readonly running = new Set<string>();
  private readonly details = new Map<string, string>();
  private readonly t0 = performance.now();
  /** The line is drawn: stderr is a terminal, not CI, not --quiet. */
  readonly live: boolean;

  constructor(private readonly total: number, enabled: boolean, private readonly out = process.stderr) {
    this.live = enabled && out.isTTY === true && !process.env.CI;
  }

  start(name: string): void {
    this.running.add(name);
    this.draw();
  }

  /** What a running case is doing now (its part of the live line). */
  detail(name: string, text: string): void {
    this.details.set(name, text);
    this.draw();
  }

  finish(name: string, line: string): void {
    this.running.delete(name);
    this.details.delete(name);
    this.done++;
    this.clear();
    process.stdout.write(line + '\n');
    this.draw();
  }

  end(): void {
    this.clear();
  }

  private eta(): string {
    if (this.done === 0) return '?';
    const per = (performance.now() - this.t0) / this.done;
    return `${Math.round((per * (this.total - this.done)) / 1000)}s`;
  }

  private draw(): void {
    if (!this.live) return;
    const cur = [...this.running].map((n) => (this.details.has(n) ? `${n}: ${this.details.get(n)}` : n)).join(', ');
    // One case (s2diff linux): its own progress says enough; the line must fit the terminal.
    const text = this.total > 1 ? `[${this.done}/${this.total}] ${cur} ETA ${this.eta()}` : cur;
    const width = (this.out as { columns?: number }).columns ?? 200;
    this.out.write(`\r\x1b[K${text.slice(0, width - 1)}`);
  }

  private clear(): void {
    if (this.live) this.out.write('\r\x1b[K');
  }
}
