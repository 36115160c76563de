// A client of the GDB remote serial protocol (GDB manual, "Remote Protocol"), as much of it as
// resuming QEMU's gdbstub, interrupting it and reading its registers needs:
// packets `$data#checksum` with '+' acknowledgements until QStartNoAckMode, replies with
// run-length encoding and '}' escapes decoded. One request at a time.

import { connect, type Socket } from 'node:net';

export class GdbProtocolError extends Error {}

/** Why a resumed target stopped: at a signal (a breakpoint or a step: SIGTRAP), or it exited. */
export type StopReply = { kind: 'stopped'; signal: number } | { kind: 'exited'; code: number };

const checksum = (s: string): string => {
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum = (sum + s.charCodeAt(i)) & 0xff;
  return sum.toString(16).padStart(2, '0');
};

/** A reply's payload with '}' escapes (next byte xor 0x20) and '*' run lengths expanded. */
function decodePayload(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '}') out += String.fromCharCode(s.charCodeAt(++i) ^ 0x20);
    else if (ch === '*') {
      const repeat = s.charCodeAt(++i) - 29;
      out += out[out.length - 1]!.repeat(repeat);
    } else out += ch;
  }
  return out;
}

export class GdbRemote {
  private buf = '';
  /** Replies not yet asked for, and the one waiter for the next. */
  private readonly replies: string[] = [];
  private waiting: ((reply: string) => void) | undefined;
  private failed: ((e: Error) => void) | undefined;
  private noAck = false;
  private closed = false;

  private constructor(private readonly sock: Socket) {
    sock.setEncoding('latin1');
    sock.setNoDelay(true);
    sock.on('data', (d: string) => {
      this.buf += d;
      this.drain();
    });
    const end = (e?: Error): void => {
      this.closed = true;
      this.failed?.(new GdbProtocolError(`the gdbstub closed the connection${e ? ` (${e.message})` : ''}`));
    };
    sock.on('close', () => end());
    sock.on('error', end);
  }

  /** Connects to a gdbstub listening on a Unix socket (QEMU: -chardev socket,path=...,server=on). */
  static async connect(path: string): Promise<GdbRemote> {
    const sock = await new Promise<Socket>((resolve, reject) => {
      const s = connect(path, () => resolve(s));
      s.once('error', reject);
    });
    const g = new GdbRemote(sock);
    const features = await g.request('qSupported:xmlRegisters=aarch64');
    if (features.includes('QStartNoAckMode+') && (await g.request('QStartNoAckMode')) === 'OK') g.noAck = true;
    return g;
  }

  private drain(): void {
    for (;;) {
      // Acknowledgements and stray bytes before a packet are dropped.
      const start = this.buf.indexOf('$');
      if (start < 0) {
        this.buf = '';
        return;
      }
      const hash = this.buf.indexOf('#', start);
      if (hash < 0 || this.buf.length < hash + 3) {
        this.buf = this.buf.slice(start);
        return;
      }
      const body = this.buf.slice(start + 1, hash);
      this.buf = this.buf.slice(hash + 3);
      if (!this.noAck) this.sock.write('+');
      const w = this.waiting;
      this.waiting = undefined;
      this.failed = undefined;
      if (w) w(decodePayload(body));
      else this.replies.push(decodePayload(body));
    }
  }

  /** The next reply's payload. */
  private next(): Promise<string> {
    const queued = this.replies.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.closed) return Promise.reject(new GdbProtocolError('the gdbstub closed the connection'));
    return new Promise<string>((resolve, reject) => {
      this.waiting = resolve;
      this.failed = reject;
    });
  }

  /** Sends one packet and waits for its reply's payload. */
  request(data: string): Promise<string> {
    if (!this.closed) this.sock.write(`$${data}#${checksum(data)}`);
    return this.next();
  }

  /** An object of qXfer (e.g. features / target.xml), read in chunks. */
  async readObject(object: string, annex: string): Promise<string> {
    let out = '';
    for (;;) {
      const r = await this.request(`qXfer:${object}:read:${annex}:${out.length.toString(16)},ffb`);
      if (r.startsWith('E') || r === '') throw new GdbProtocolError(`qXfer:${object}:read:${annex}: ${r || 'unsupported'}`);
      out += r.slice(1);
      if (r[0] === 'l') return out;
    }
  }

  /** The general registers as the `g` packet gives them: target byte order, hex. */
  readGeneralRegisters(): Promise<string> {
    return this.request('g');
  }

  async readRegister(n: number): Promise<string> {
    const r = await this.request(`p${n.toString(16)}`);
    if (r.startsWith('E') || r === '') throw new GdbProtocolError(`register ${n}: ${r || 'unsupported'}`);
    return r;
  }

  async resume(how: 'c' | 's'): Promise<StopReply> {
    let r = await this.request(how);
    for (;;) {
      if (r[0] === 'T' || r[0] === 'S') return { kind: 'stopped', signal: parseInt(r.slice(1, 3), 16) };
      if (r[0] === 'W' || r[0] === 'X') return { kind: 'exited', code: parseInt(r.slice(1, 3), 16) };
      // 'O' console output packets precede the stop reply; anything else is unexpected.
      if (r[0] !== 'O') throw new GdbProtocolError(`${how}: unexpected reply ${r.slice(0, 40)}`);
      r = await this.next();
    }
  }

  /** Interrupts a running target (the stop reply answers the pending resume). */
  interrupt(): void {
    if (!this.closed) this.sock.write('\x03');
  }

  close(): void {
    this.closed = true;
    this.sock.destroy();
  }
}
