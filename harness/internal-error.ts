// What a user sees when s2diff itself fails (a bug, not bad input): one line with the
// message and where to get the rest, never a stack trace unless they ask for it. Reports
// written so far stay as they are (they are rewritten atomically after every case).

/** The text for stderr: one line, or with `verbose` the line and the stack. */
export function internalErrorMessage(e: unknown, verbose: boolean): string {
  const err = e instanceof Error ? e : new Error(String(e));
  const first = (err.message.split('\n')[0] || err.name).trim();
  const line = `s2diff: internal error: ${first}`;
  if (verbose) return `${line}\n${err.stack ?? ''}\n`;
  return `${line} (run again with --verbose for the stack trace; reports written so far are kept)\n`;
}
