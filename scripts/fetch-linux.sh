#!/usr/bin/env bash
# Fetches what `s2diff linux` boots, as Debian packages, into the git-ignored build/linux/:
# Debian's arm64 cloud kernel (linux-image-cloud-arm64 and the versioned package it depends
# on) and busybox-static, unpacked with dpkg -x; the kernel Image and the busybox binary are
# copied to build/linux/{Image,busybox} and the package versions to build/linux/VERSIONS
# (Debian's System.map is a placeholder: scripts/fetch-linux-symbols.sh makes one from the -dbg
# package's vmlinux). Idempotent: nothing is fetched when they are there.
# S2DIFF_LINUX_PACKAGE names another kernel package (e.g. linux-image-6.1.0-57-cloud-arm64).
set -euo pipefail
cd "$(dirname "$0")/.."
out=build/linux
if [[ -s $out/Image && -s $out/busybox && -s $out/VERSIONS ]]; then
  echo "setup: Linux: $(tr '\n' ' ' < $out/VERSIONS)(in $out)"
  exit 0
fi
if [[ $(id -u) -eq 0 ]]; then sudo=(); else sudo=(sudo); fi
if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg >/dev/null 2>&1; then
  echo "setup: --linux needs apt-get and dpkg (Debian); or put a kernel Image and a static arm64 busybox in $out" >&2
  exit 2
fi
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  echo "setup: dpkg --add-architecture arm64 (the packages are unpacked as data, never installed)"
  "${sudo[@]}" dpkg --add-architecture arm64
  "${sudo[@]}" apt-get update -qq
fi
kernel_pkg=${S2DIFF_LINUX_PACKAGE:-linux-image-cloud-arm64}
dl=$(mktemp -d)
trap 'rm -rf "$dl"' EXIT
chmod 777 "$dl"   # apt's download sandbox user must be able to write there
fetch() { (cd "$dl" && apt-get download -q "$1:arm64" >/dev/null 2>&1) || {
  "${sudo[@]}" apt-get update -qq
  (cd "$dl" && apt-get download -q "$1:arm64" >/dev/null) || { echo "setup: apt-get download $1:arm64 failed" >&2; exit 2; }
}; }
echo "setup: fetching $kernel_pkg and busybox-static (arm64)"
fetch "$kernel_pkg"
fetch busybox-static
# A metapackage (linux-image-cloud-arm64) holds no kernel: fetch the versioned one it depends on.
meta=$(ls "$dl"/linux-image-*.deb | head -1)
if ! dpkg-deb -c "$meta" | grep -q '/boot/vmlinuz-'; then
  dep=$(dpkg-deb -f "$meta" Depends | tr ',' '\n' | grep -o 'linux-image-[^ ]*' | head -1)
  fetch "$dep"
fi
root=$out/root
rm -rf "$root" && mkdir -p "$root"
for deb in "$dl"/*.deb; do dpkg -x "$deb" "$root"; done
vmlinuz=$(ls "$root"/boot/vmlinuz-* | head -1)
# arm64 kernels are booted uncompressed (QEMU's -kernel takes a gzip one too, the model does not).
if [[ $(head -c2 "$vmlinuz" | od -An -tx1 | tr -d ' ') == 1f8b ]]; then zcat "$vmlinuz" > $out/Image; else cp "$vmlinuz" $out/Image; fi
cp "$root/bin/busybox" $out/busybox
for deb in "$dl"/*.deb; do dpkg-deb -W --showformat='${Package}=${Version}\n' "$deb"; done > $out/VERSIONS
rm -rf "$root"
echo "setup: Linux: $(tr '\n' ' ' < $out/VERSIONS)(in $out)"
