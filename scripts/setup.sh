#!/usr/bin/env bash
# Installs everything s2diff needs on a Debian machine, idempotently:
#   - Debian packages qemu-system-arm (qemu-system-aarch64), gcc-aarch64-linux-gnu and
#     binutils-aarch64-linux-gnu (cross toolchain for the scenarios), when missing;
#   - with --browser: Debian's chromium, the headless browser the HTML report's test renders
#     the page in (harness/html-report.browser.test.ts; skipped without it outside CI);
#   - with --linux: Debian's arm64 cloud kernel and busybox-static, unpacked under build/linux
#     for `s2diff linux` (scripts/fetch-linux.sh); with --linux-symbols also its System.map,
#     from the -dbg package (260 MB; scripts/fetch-linux-symbols.sh), for function names in
#     `s2diff repro --checkpoints`;
#   - the npm dependencies (npm ci).
set -euo pipefail
cd "$(dirname "$0")/.."

browser=0
linux=0
symbols=0
for arg in "$@"; do
  case "$arg" in
    --browser) browser=1 ;;
    --linux) linux=1 ;;
    --linux-symbols) linux=1; symbols=1 ;;
    *) echo "setup: unknown option $arg (known: --browser, --linux, --linux-symbols)" >&2; exit 2 ;;
  esac
done

need=()
if ((browser)); then command -v chromium >/dev/null 2>&1 || need+=(chromium); fi
command -v qemu-system-aarch64 >/dev/null 2>&1 || need+=(qemu-system-arm)
command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || need+=(gcc-aarch64-linux-gnu)
command -v aarch64-linux-gnu-objdump >/dev/null 2>&1 || need+=(binutils-aarch64-linux-gnu)
command -v make >/dev/null 2>&1 || need+=(make)
command -v cc >/dev/null 2>&1 || need+=(gcc)   # the host compiler builds QEMU's checkpoint plugin (s2diff repro --checkpoints)

if ((${#need[@]} > 0)); then
  echo "setup: installing Debian packages: ${need[*]}"
  if [[ $(id -u) -eq 0 ]]; then sudo=(); else sudo=(sudo); fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: apt-get not found; install ${need[*]} with your package manager" >&2
    exit 2
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

echo "setup: $(qemu-system-aarch64 --version | head -1)"
echo "setup: $(aarch64-linux-gnu-gcc --version | head -1)"
if ((browser)); then echo "setup: $(chromium --version 2>/dev/null | head -1)"; fi

if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
else
  echo "setup: node_modules up to date"
fi
if ((linux)); then ./scripts/fetch-linux.sh; fi
if ((symbols)); then ./scripts/fetch-linux-symbols.sh; fi
echo "setup: done. Try: npx s2diff run"
