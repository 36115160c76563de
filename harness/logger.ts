// Debug/diagnostic logging (pino) to stderr: quiet by default, `--verbose` for debug.
import { pino } from 'pino';

export let log = pino({ level: 'warn', base: undefined }, pino.destination(2));

export function setLogLevel(level: 'silent' | 'warn' | 'info' | 'debug'): void {
  log = pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination(2));
}
