#!/usr/bin/env bash
# Issue 19, item 7: `run -s multi-instance -i reference -d 10` on the embedded environment N times (default 20),
# one at a time; one line per run: stale 304 / stale 200 / errors, the thresholds' verdict, and the cross-instance
# lag beside the invalidation lag and the raw feed's delivery (p50 / p99 / max ms). Build first (npm run build).
# Usage: scripts/multi-instance-runs.sh [runs] [out-dir]
set -euo pipefail
runs=${1:-20}
out=${2:-$(mktemp -d -t eb-multi-instance-XXXX)}
mkdir -p "$out"
cd "$(dirname "$0")/.."
printf 'run\tstale304\tstale200\terrors\tthresholds\trequests\tcross p50/p99/max (n, timeouts)\tlag p50/p99\tfeed p50/p99\n'
for i in $(seq 1 "$runs"); do
  code=0
  node bin/etag-bench.js run -s multi-instance -i reference -d 10 -e embedded --quiet -o "$out/run-$i" >"$out/run-$i.log" 2>&1 || code=$?
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).runs[0];
    const c = r.crossInstanceLagMs, l = r.invalidationLagMs, f = r.feedDeliveryMs;
    const ok = r.thresholds.every((t) => t.ok) ? "pass" : "FAIL " + r.thresholds.filter((t) => !t.ok).map((t) => t.name).join(",");
    console.log([process.argv[2], r.stale["304"], r.stale["200"], r.errors, `${ok} (exit ${process.argv[3]})`, r.requests,
      c ? `${c.p50}/${c.p99}/${c.max} (${c.samples}, ${c.timeouts})` : r.crossInstanceLagUnavailable,
      `${l.p50}/${l.p99}`, f ? `${f.p50}/${f.p99}` : "-"].join("\t"));
  ' "$out/run-$i/results.json" "$i" "$code"
done
echo "results in $out" >&2
