#!/usr/bin/env bash
# Makes build/linux/System.map for the kernel scripts/fetch-linux.sh fetched, so that
# `s2diff repro --checkpoints` names the kernel function of a divergent instruction.
# Debian's kernel package ships a placeholder System.map; the symbols are in the matching
# -dbg package's vmlinux (a 260 MB download): only the vmlinux is unpacked from it, its code
# symbols listed with nm, and it is deleted again. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
out=build/linux
if [[ -s $out/System.map ]]; then
  echo "setup: Linux symbols: $out/System.map ($(wc -l < $out/System.map) symbols)"
  exit 0
fi
pkg=$(grep -o '^linux-image-[0-9][^=]*' $out/VERSIONS 2>/dev/null | head -1 || true)
if [[ -z $pkg ]]; then
  echo "setup: --linux-symbols needs the kernel from --linux first (build/linux/VERSIONS names it)" >&2
  exit 2
fi
if [[ $(id -u) -eq 0 ]]; then sudo=(); else sudo=(sudo); fi
dl=$(mktemp -d)
trap 'rm -rf "$dl"' EXIT
chmod 777 "$dl"
echo "setup: fetching $pkg-dbg (arm64) for the kernel's symbols"
(cd "$dl" && apt-get download -q "$pkg-dbg:arm64" >/dev/null 2>&1) || {
  "${sudo[@]}" apt-get update -qq
  (cd "$dl" && apt-get download -q "$pkg-dbg:arm64" >/dev/null) || { echo "setup: apt-get download $pkg-dbg:arm64 failed" >&2; exit 2; }
}
deb=$(ls "$dl"/*.deb | head -1)
dpkg-deb --fsys-tarfile "$deb" | tar -t > "$dl/files"
member=$(grep -m1 '/vmlinux-' "$dl/files")
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dl" "$member"
aarch64-linux-gnu-nm -n "$dl/$member" | grep -E '^[0-9a-f]+ [tTwW] ' > "$out/System.map.tmp"
mv "$out/System.map.tmp" "$out/System.map"
echo "setup: Linux symbols: $out/System.map ($(wc -l < $out/System.map) symbols)"
