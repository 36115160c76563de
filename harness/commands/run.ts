// `s2diff run [NAME|IMAGE ...]`: the suite (harness/run-suite.ts) over scenarios, images
// and, with --kvm-unit-tests, the arm64 tests of a built kvm-unit-tests tree.

import { formatKutLine, formatKutSummary, kutCases, kutVerdict } from '../kut/kvm-unit-tests.ts';
import { runSuite } from '../run-suite.ts';
import type { RunOptions } from '../types.ts';

export interface RunArgs {
  cases: string[];
  images: string[];
  opts: RunOptions;
  json?: string;
  junit?: string;
  tap?: string;
  markdown?: string;
  html?: string;
  jobs: number;
  shard?: string;
  expect?: string;
  rerunDivergent: number;
  quiet: boolean;
  verbose?: boolean;
  idProbe?: boolean;
  /** A built kvm-unit-tests tree, and the test groups to run from it (default: all). */
  kvmUnitTests?: string;
  kutGroups?: string[];
}

export function runCommand(a: RunArgs): Promise<number> {
  return runSuite({
    ...(a.kvmUnitTests !== undefined ? {
      extraSpecs: kutCases(a.kvmUnitTests, a.kutGroups),
      formatLine: formatKutLine, formatExtraSummary: formatKutSummary, reviseVerdict: kutVerdict,
    } : {}),
    cases: a.cases,
    images: a.images,
    opts: a.opts,
    json: a.json,
    junit: a.junit,
    tap: a.tap,
    markdown: a.markdown,
    html: a.html,
    rerunDivergent: a.rerunDivergent,
    jobs: a.jobs,
    shard: a.shard,
    expect: a.expect,
    quiet: a.quiet,
    verbose: a.verbose,
    idProbe: a.idProbe,
  });
}
