// Zipf popularity: rank k (0-based) is chosen with probability ∝ 1/(k+1)^s. The cumulative weights are
// computed once; each draw is a binary search, O(log n), no allocation (it runs on the request path).

import type { Random } from './random.js';

export function zipfSampler(n: number, exponent: number, random: Random): () => number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`zipf needs at least one item, not ${n}`);
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) {
    total += 1 / (k + 1) ** exponent;
    cumulative[k] = total;
  }
  return () => {
    const target = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** A random permutation of 0..n-1, so that popularity is not tied to document number (or group). */
export function shuffled(n: number, random: Random): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}
