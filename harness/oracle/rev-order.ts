// CouchDB's winner order for revisions of one document: the higher generation wins, then the greater rev string.

/** The generation of `<generation>-<hash>`; 0 for a string that does not start with one. */
export function revGeneration(rev: string): number {
  const dash = rev.indexOf('-');
  const generation = Number(dash > 0 ? rev.slice(0, dash) : NaN);
  return Number.isSafeInteger(generation) && generation > 0 ? generation : 0;
}

/** Negative when `a` loses to `b`, positive when it wins, 0 when they are the same revision. */
export function compareRevs(a: string, b: string): number {
  const byGeneration = revGeneration(a) - revGeneration(b);
  if (byGeneration !== 0) return byGeneration;
  return a < b ? -1 : a > b ? 1 : 0;
}
