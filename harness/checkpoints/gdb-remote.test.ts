// The RSP client against a scripted stub on a Unix socket: acknowledgements until no-ack
// mode, run-length and '}'-escaped replies, console output before a stop reply, an exit.
import { mkdtempSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GdbRemote } from './gdb-remote.ts';
import { registerNumbers } from './qemu-gdb.ts';

const frame = (s: string): string => {
  let sum = 0;
  for (const ch of s) sum = (sum + ch.charCodeAt(0)) & 0xff;
  return `$${s}#${sum.toString(16).padStart(2, '0')}`;
};

/** A stub answering each request from `answers` (several replies for one request allowed). */
async function stub(answers: Record<string, string[]>, acks: boolean[]): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 's2diff-rsp-')), 'stub.sock');
  const server = createServer((s: Socket) => {
    s.setEncoding('latin1');
    let buf = '';
    let noAck = false;
    s.on('data', (d: string) => {
      buf += d;
      for (;;) {
        if (buf[0] === '+') { acks.push(true); buf = buf.slice(1); continue; }
        const m = /^\$([^#]*)#[0-9a-f]{2}/.exec(buf);
        if (!m) return;
        buf = buf.slice(m[0].length);
        if (!noAck) s.write('+');
        const req = m[1]!;
        if (req === 'QStartNoAckMode') noAck = true;
        for (const r of answers[req] ?? ['']) s.write(frame(r));
      }
    });
  });
  await new Promise<void>((r) => server.listen(path, r));
  server.unref();
  return path;
}

describe('GdbRemote', () => {
  it('decodes run lengths and escapes, skips console output before a stop, and reports an exit', async () => {
    const acks: boolean[] = [];
    const path = await stub({
      'qSupported:xmlRegisters=aarch64': ['PacketSize=1000;QStartNoAckMode+'],
      QStartNoAckMode: ['OK'],
      g: ['0* 1'], // '0* ' is "0000" (' ' - 29 = 3 more), then "1"
      p22: ['a}\x03b'], // '}' escapes '#' (0x23 ^ 0x20 = 0x03)
      c: ['O6869', 'T05thread:01;'],
      s: ['W00'],
    }, acks);
    const g = await GdbRemote.connect(path);
    expect(await g.readGeneralRegisters()).toBe('00001');
    expect(await g.readRegister(0x22)).toBe('a#b');
    expect(await g.resume('c')).toEqual({ kind: 'stopped', signal: 5 });
    expect(await g.resume('s')).toEqual({ kind: 'exited', code: 0 });
    // Acknowledged: the qSupported reply and QStartNoAckMode's OK (the last one acknowledged), none after.
    expect(acks.length).toBe(2);
    g.close();
  });

  it('numbers registers in target.xml order, following regnum attributes', () => {
    const core = '<feature><reg name="x0" bitsize="64"/><reg name="x1" bitsize="64"/><reg name="cpsr" bitsize="32"/></feature>';
    const fpu = '<feature><reg name="v0" bitsize="128" regnum="34"/><reg name="v1" bitsize="128"/><reg name="fpsr" bitsize="32"/></feature>';
    const n = registerNumbers([core, fpu]);
    expect([n.get('x0'), n.get('x1'), n.get('cpsr'), n.get('v0'), n.get('v1'), n.get('fpsr')]).toEqual([0, 1, 2, 34, 35, 36]);
  });
});
