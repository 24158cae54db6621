// CouchDB revisions are `<generation>-<hash>`; the generation only grows along a document's history.

/** The generation of a revision (`"3-abc"` → 3); NaN when the string is not a revision. */
export function generationOf(rev: string): number {
  const dash = rev.indexOf('-');
  if (dash <= 0) return Number.NaN;
  const gen = Number(rev.slice(0, dash));
  return Number.isSafeInteger(gen) && gen > 0 ? gen : Number.NaN;
}
