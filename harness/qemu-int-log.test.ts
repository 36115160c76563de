import { describe, expect, it } from 'vitest';
import { parseIntLog } from './qemu-int-log.ts';

describe('parseIntLog', () => {
  it('finds an exception entry that follows a guest error message on the same line', () => {
    // QEMU 7.2's ITS guest errors end without a newline (its-errors provokes them).
    const log = [
      'process_mapti: invalid command attributes: devid 600>=512Taking exception 5 [IRQ] on CPU 0',
      '...from EL2 to EL2',
      '...with ESR 0x0/0x3800000',
      '...with ELR 0x40080174',
      '...to EL2 PC 0x40085280 PSTATE 0x3c9',
      'do_process_its_cmd: invalid ITEException return from AArch64 EL2 to AArch64 EL2 PC 0x40080174',
    ].join('\n');
    const { records } = parseIntLog(log);
    expect(records.map((r) => r.type)).toEqual(['IRQ', 'eret']);
    expect(records[0]).toMatchObject({ fromEl: 2, toEl: 2, elr: '0x40080174', pc: '0x40085280' });
  });
});
