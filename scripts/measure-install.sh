#!/usr/bin/env bash
# What a user's `npx etag-bench` downloads and installs: the packed package installed with production
# dependencies only, on an empty npm cache (every tarball fetched from the registry), in a fresh folder.
# Prints the installed size, the number of packages and the install's wall time (docs/benchmarks.md, "Install").
#   scripts/measure-install.sh [package-folder]     (default: this checkout; dist/ must be built)
set -euo pipefail
src=$(cd "${1:-$(dirname "$0")/..}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tarball=$(cd "$src" && npm pack --ignore-scripts --silent --pack-destination "$work" | tail -n 1)
mkdir "$work/app"
cd "$work/app"
echo '{"name":"measure-install","version":"1.0.0","private":true}' >package.json
start=$(date +%s.%N)
npm install --no-audit --no-fund --omit=dev --cache "$work/cache" "$work/$tarball" >/dev/null 2>&1
end=$(date +%s.%N)
packages=$(npm ls --omit=dev --all --parseable 2>/dev/null | tail -n +2 | sort -u | wc -l)
bytes=$(du -sb node_modules | cut -f1)
printf 'tarball %s: %s KB\n' "$tarball" "$(( $(stat -c %s "$work/$tarball") / 1024 ))"
printf 'installed: %.1f MB in %d packages (etag-bench included), npm install on an empty cache %.1f s\n' \
  "$(echo "$bytes / 1000000" | bc -l)" "$packages" "$(echo "$end - $start" | bc -l)"
