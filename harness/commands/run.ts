// `s2diff run [NAME|IMAGE ...]`: the suite (harness/run-suite.ts) over scenarios, images
// and, with --kvm-unit-tests, the arm64 tests of a built kvm-unit-tests tree.

import { formatKutLine, formatKutSummary, kutCases, kutVerdict } from '../kut/kvm-unit-tests.ts';
import { runSuite, type SuiteArgs } from '../run-suite.ts';

/** The suite's own options, and a kvm-unit-tests tree whose tests join the cases. */
export interface RunArgs extends Omit<SuiteArgs, 'extraSpecs' | 'formatLine' | 'formatExtraSummary' | 'reviseVerdict'> {
  /** A built kvm-unit-tests tree, and the test groups to run from it (default: all). */
  kvmUnitTests?: string;
  kutGroups?: string[];
}

export function runCommand({ kvmUnitTests, kutGroups, ...suite }: RunArgs): Promise<number> {
  return runSuite({
    ...suite,
    ...(kvmUnitTests !== undefined ? {
      extraSpecs: kutCases(kvmUnitTests, kutGroups),
      formatLine: formatKutLine, formatExtraSummary: formatKutSummary, reviseVerdict: kutVerdict,
    } : {}),
  });
}
