// `s2diff linux`: boots a Linux kernel (Debian's arm64 cloud kernel by default) on QEMU and
// on the model with the same initramfs, command line and instruction-counted clock, and
// compares the console (timestamps included), the exception stream and how each side ended,
// as `s2diff run` compares any image (the same reports, verdicts and exit codes).

import { runSuite, type SuiteArgs } from '../run-suite.ts';
import { initramfsFile, kernelImage, type InitramfsChoice } from '../linux/linux-files.ts';

/** The kernel command line unless --append: the PL011 console, and a panic ends the run (reset). */
export const DEFAULT_LINUX_APPEND = 'console=ttyAMA0 panic=-1';
/** A boot's limits unless given: ~10^9 instructions, a minute or more on the model. */
export const LINUX_TIMEOUT_SEC = 1800;
export const LINUX_MAX_STEPS = 5_000_000_000;

export interface LinuxArgs extends InitramfsChoice, Pick<SuiteArgs, 'opts' | 'json' | 'junit' | 'html' | 'markdown' | 'quiet' | 'verbose' | 'idProbe'> {
  kernel?: string;
  /** --without-initramfs: boot without one (the kernel panics at mounting root: a panic run). */
  noInitramfs?: boolean;
}

export async function linuxCommand(a: LinuxArgs): Promise<number> {
  const kernel = kernelImage(a.kernel);
  if (a.opts.cpu === 'max' && !/\bsve=off\b/.test(a.opts.cpuProps ?? '')) {
    // design.md's default profile is max; its SVE is not in the model, and Linux's EL2 init uses it.
    process.stderr.write('s2diff: note: the model has no SVE/SME, which Linux on max uses from its first EL2 instructions ' +
      '(it stops there as an exception storm); --cpu max,sve=off,sme=off or --cpu cortex-a57 boot to userspace\n');
  }
  const initrd = a.noInitramfs ? undefined : initramfsFile(a);
  const opts = {
    ...a.opts,
    append: a.opts.append ?? DEFAULT_LINUX_APPEND,
    // Timestamps are compared too: both clocks count instructions unless --icount says otherwise.
    icount: a.opts.icount ?? 0,
    ...(initrd !== undefined ? { initrd } : {}),
  };
  const code = await runSuite({
    cases: [], images: [],
    extraSpecs: [{ name: a.noInitramfs ? 'linux-panic' : 'linux', image: kernel }],
    opts, json: a.json, junit: a.junit, html: a.html, markdown: a.markdown,
    quiet: a.quiet, verbose: a.verbose, idProbe: a.idProbe, modelProgress: true,
  });
  if (code === 1) {
    process.stdout.write(`s2diff: to find the first divergent instruction: s2diff repro ${a.json ?? '<the --json report>'} --checkpoints\n`);
  }
  return code;
}
