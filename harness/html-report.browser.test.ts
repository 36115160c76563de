// The HTML report of a run with a planted divergence, rendered by a real headless browser
// (Debian's chromium; ./scripts/setup.sh --browser installs it): the differing UART line is
// the one marked as the first difference, and it is painted in the highlight colour.
// Without chromium the test is skipped outside CI and fails under CI=true.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { dir } from 'tmp-promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHtml } from './html-report.ts';
import { countColour, decodePng } from './png-decode.ts';
import type { JsonReport } from './report.ts';
import { REPO_ROOT } from './scenarios.ts';

const BIN = join(REPO_ROOT, 'harness', 'bin.mjs');
const FAKE = join(REPO_ROOT, 'harness', 'fixtures', 'fake-qemu.sh');
/** tr.first-diff's background in html-report.ts. */
const HIGHLIGHT: [number, number, number] = [0xff, 0xd2, 0x1f];

const chromium = ['chromium', 'chromium-browser'].find((c) => (process.env.PATH ?? '').split(':').some((d) => existsSync(join(d, c))));
const inCi = process.env.CI === 'true' || process.env.CI === '1';

describe.runIf(!chromium && inCi)('HTML report in a browser (CI)', () => {
  it('needs chromium under CI', () => {
    throw new Error('chromium is not installed: ./scripts/setup.sh --browser installs it (the HTML report test needs a real browser)');
  });
});

describe.skipIf(!chromium)(`HTML report in headless chromium${chromium ? '' : ' (skipped: chromium not found; ./scripts/setup.sh --browser installs it)'}`, () => {
  let work: Awaited<ReturnType<typeof dir>>;
  let html: string, rep: JsonReport;
  const browser = (args: string[]) => execa(chromium!, ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars',
    `--user-data-dir=${join(work.path, 'profile')}`, ...args], { timeout: 60_000, all: true });

  beforeAll(async () => {
    work = await dir({ unsafeCleanup: true, prefix: 's2diff-html-' });
    mkdirSync(join(work.path, 'profile'));
    html = join(work.path, 'report.html');
    const json = join(work.path, 'report.json');
    // QEMU's UART says "PSCI version 9.9" where the model says 1.1: one planted UART divergence.
    const r = await execa('node', [BIN, 'run', 'hello', 's2-identity', '--html', html, '--json', json, '--coverage', '--no-id-probe'], {
      reject: false, timeout: 120_000, all: true,
      env: { S2DIFF_QEMU: FAKE, FAKE_QEMU_MODE: 'sed', FAKE_QEMU_SED: 's/^PSCI version 1\\.1$/PSCI version 9.9/' },
    });
    expect(r.exitCode, r.all).toBe(1);
    rep = JSON.parse(readFileSync(json, 'utf8')) as JsonReport;
  });
  afterAll(async () => { await work?.cleanup(); });

  it('the DOM the browser built marks the planted line as the first difference, and nothing in the matching case', async () => {
    const dom = (await browser(['--dump-dom', `file://${html}`])).stdout;
    const i = rep.results.findIndex((c) => c.name === 'hello');
    expect(rep.results[i].verdict).toBe('diverge');
    const row = new RegExp(`<tr class="diff first-diff" id="case-${i + 1}-uart-first"><td class="ln">(\\d+)</td><td class="q">([^<]*)</td><td class="ln">\\d+</td><td class="m">([^<]*)</td></tr>`);
    const m = row.exec(dom);
    expect(m, 'first-diff row of the hello case').not.toBeNull();
    expect(m![2]).toBe('PSCI version 9.9');
    expect(m![3]).toBe('PSCI version 1.1');
    // The line number is the one the comparator reports.
    expect(rep.results[i].divergences[0].summary).toContain(`line ${m![1]}`);
    const matched = rep.results.findIndex((c) => c.name === 's2-identity');
    expect(dom).not.toContain(`id="case-${matched + 1}-uart-first"`);
    expect(dom).toMatch(/Translation coverage: \d+\/\d+ reachable cells hit/);
    expect(dom).not.toMatch(/<(link|script)[^>]+(src|href)="https?:/); // self-contained
  });

  it('the screenshot shows the highlight colour, and a page of the matching case alone does not', async () => {
    const shot = async (page: string): Promise<number> => {
      const png = `${page}.png`;
      await browser([`--screenshot=${png}`, '--window-size=1280,4000', `file://${page}`]);
      return countColour(decodePng(readFileSync(png)), HIGHLIGHT);
    };
    const matchedOnly = join(work.path, 'matched.html');
    writeFileSync(matchedOnly, toHtml({ ...rep, results: rep.results.filter((c) => c.verdict === 'match') }));
    expect(await shot(html)).toBeGreaterThan(1000); // a highlighted row across the page
    expect(await shot(matchedOnly)).toBe(0);
  });
});
