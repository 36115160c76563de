// The test's own status: the last `EXIT: STATUS=<n>` line of the UART output
// (kvm-unit-tests' convention, design.md §2), or null when there is none.

const EXIT_RE = /^EXIT: STATUS=(-?\d+)\s*$/gm;

export function parseExitStatus(uart: string): number | null {
  let last: number | null = null;
  for (const m of uart.replace(/\r/g, '').matchAll(EXIT_RE)) last = Number(m[1]);
  return last;
}
