// Finds CouchDB revision tokens (`<generation>-<32 lowercase hex>`) in a page body, so the oracle can tell which
// version of each document a response showed without knowing how the page was rendered.

// The look-behind means a match can only start after a non-word character, so a long digit run is tried once,
// not from each of its positions: the scan stays linear in the body length. The look-ahead rejects a longer
// hex (or word) run, so `1-<33 hex>` is not a revision.
const REV_TOKEN = /(?<!\w)[1-9]\d*-[0-9a-f]{32}(?!\w)/g;

/** Every distinct revision token in `body`, in order of first appearance. */
export function revTokens(body: string): string[] {
  const found = new Set<string>();
  for (const match of body.matchAll(REV_TOKEN)) found.add(match[0]);
  return [...found];
}
