// A run that cannot be done (bad input, missing tool, build failure): exit code 2
// with a message that names the fix (design.md §3).
export class UsageError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(hint ? `${message}\n  fix: ${hint}` : message);
    this.name = 'UsageError';
  }
}
