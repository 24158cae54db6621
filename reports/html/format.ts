// Number formats shared by the terminal table, summary.md and the HTML report, so all print the same figures.
// A value that does not exist prints as `-`.

export const MISSING = '-';

/** 0.8 → "80.0%". */
export function formatPercent(ratio: number | null | undefined): string {
  return ratio == null || !Number.isFinite(ratio) ? MISSING : `${(ratio * 100).toFixed(1)}%`;
}

/** Milliseconds with three significant digits below 100 ms, whole numbers above: 0.412, 12.3, 1234. */
export function formatMs(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return MISSING;
  if (ms >= 100) return String(Math.round(ms));
  if (ms === 0) return '0';
  return String(Number(ms.toPrecision(3)));
}

/** Counts and rates: whole numbers stay whole, rates keep one decimal. */
export function formatCount(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return MISSING;
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** A stale count with a text marker when it is not zero, so it reads without colour. */
export function formatStale(n: number): string {
  return n > 0 ? `✗ ${formatCount(n)}` : formatCount(n);
}
