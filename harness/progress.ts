// Progress while a suite runs: on a terminal, one live line (done/total, current cases,
// ETA) redrawn in place; elsewhere (CI logs) nothing extra — each case's line is printed
// as it finishes.

export class Progress {
  private done = 0;
  private readonly running = new Set<string>();
  private readonly t0 = performance.now();
  private readonly live: boolean;

  constructor(private readonly total: number, enabled: boolean, private readonly out = process.stderr) {
    this.live = enabled && out.isTTY === true && !process.env.CI;
  }

  start(name: string): void {
    this.running.add(name);
    this.draw();
  }

  finish(name: string, line: string): void {
    this.running.delete(name);
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
    const cur = [...this.running].join(', ');
    this.out.write(`\r\x1b[K[${this.done}/${this.total}] ${cur} ETA ${this.eta()}`);
  }

  private clear(): void {
    if (this.live) this.out.write('\r\x1b[K');
  }
}
