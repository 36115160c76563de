// The HTML page's content from a report (the browser test checks how it renders): the first
// differing exception record is marked, records a catalogued QEMU deviation explains are
// marked as such (with the deviation's Arm ARM reference), and text is escaped.
import { describe, expect, it } from 'vitest';
import { toHtml } from './html-report.ts';
import { buildReport } from './report.ts';
import type { CaseResult, ExceptionRecord, SideResult } from './types.ts';
import { NZCV_CLEARED_ON_EXCEPTION_ENTRY } from './qemu-deviations.ts';

const rec = (elr: string, pstate = '0x3c9'): ExceptionRecord => ({ type: 'Hypervisor Call', fromEl: 1, toEl: 2, esr: '0x5a000000', elr, pc: '0x40080c00', pstate });
const side = (exceptions: ExceptionRecord[], uart: string): SideResult => ({ exitStatus: 0, end: 'poweroff', uart, exceptions, durationMs: 1 });

describe('toHtml', () => {
  const c: CaseResult = {
    name: 'demo<case>', image: '/x/demo.elf', verdict: 'diverge',
    // #2 differs only in NZCV (QEMU clears it: a catalogued deviation), #3 really differs.
    qemu: side([rec('0x1000'), rec('0x1004', '0x3c9'), rec('0x1008')], 'a\nb & <c>\n'),
    model: side([rec('0x1000'), rec('0x1004', '0x600003c9'), rec('0x100c')], 'a\nb & <c>\n'),
    divergences: [{ kind: 'exception', summary: 'exception record #3 differs', qemu: 'q', model: 'm' }],
    qemuDeviations: [{ ...NZCV_CLEARED_ON_EXCEPTION_ENTRY, count: 1 }],
  };
  const page = toHtml(buildReport({ cpu: 'max', startedAt: new Date(0), durationMs: 5, results: [c], qemu: { binary: 'q', version: 'QEMU 7.2' } }));

  it('marks the first differing record, not the one a QEMU deviation explains', () => {
    expect(page).toContain('Exceptions: first differing record #3');
    expect(page).toMatch(/<tr class="diff first-diff" id="case-1-exc-first"><td class="ln">#3<\/td>[^\n]*elr=0x1008[^\n]*elr=0x100c/);
    expect(page).toMatch(/<tr class="deviation"[^>]*><td class="ln">#2<\/td>.*nzcv-cleared-on-exception-entry/);
  });

  it('lists the deviation with its Arm ARM reference; escapes text; no UART highlight when the text agrees', () => {
    expect(page).toContain(NZCV_CLEARED_ON_EXCEPTION_ENTRY.reference);
    expect(page).toContain('demo&lt;case&gt;');
    expect(page).toContain('b &amp; &lt;c&gt;');
    expect(page).toContain('UART: the same on both sides');
    expect(page).not.toContain('case-1-uart-first');
    expect(page).toContain('npx s2diff repro /x/demo.elf'); // no repro folder yet: how to make one
  });
});
