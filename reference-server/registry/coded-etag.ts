// One ETag per content-coding (RFC 9110 §8.8.3: a strong validator changes with the representation, and a
// gzip body is another representation than the identity one): `"<tag>"` identity, `"<tag>-gzip"`, `"<tag>-br"`.
// The registry keeps the identity ETag only; any coding's ETag of the current page matches it (what broke
// revalidation behind Apache httpd's `-gzip` ETags was the server not recognising its own suffixed tags).

export type Coding = 'identity' | 'gzip' | 'br';

export const CODINGS: readonly Coding[] = ['identity', 'gzip', 'br'];

const SUFFIX: Readonly<Record<Coding, string>> = { identity: '', gzip: '-gzip', br: '-br' };

/** The ETag of `etag`'s page in this coding (the same string for identity: nothing allocated). */
export function codedEtag(etag: string, coding: Coding): string {
  if (coding === 'identity') return etag;
  return `${etag.slice(0, -1)}${SUFFIX[coding]}"`;
}

/** The coding an opaque-tag's suffix names (identity when none). */
export function codingOfTag(tag: string): Coding {
  const n = tag.length;
  // "-br" and "-gzip", read from the end without slicing.
  if (n > 3 && tag.charCodeAt(n - 1) === 0x72 /* r */ && tag.charCodeAt(n - 2) === 0x62 /* b */ && tag.charCodeAt(n - 3) === 0x2d) return 'br';
  if (n > 5 && tag.charCodeAt(n - 5) === 0x2d && tag.endsWith('gzip')) return 'gzip';
  return 'identity';
}

export const suffixLength = (coding: Coding): number => SUFFIX[coding].length;

/**
 * Does the opaque-tag `tag` name `etag` (`"x"` or `W/"x"`) in some coding (`x`, `x-gzip`, `x-br`)? Compared in
 * place. Returns the coding it names, or undefined. The identity reading is tried first, so an ETag whose own
 * text ends in `-br` is still matched as itself.
 */
export function codingNamed(tag: string, etag: string): Coding | undefined {
  const start = etag.charCodeAt(0) === 0x57 /* W */ && etag.charCodeAt(1) === 0x2f /* / */ ? 3 : 1;
  const length = etag.length - start - 1;
  if (tag.length === length && etag.indexOf(tag, start) === start) return 'identity';
  const coding = codingOfTag(tag);
  if (coding === 'identity' || tag.length !== length + SUFFIX[coding].length) return undefined;
  for (let i = 0; i < length; i++) {
    if (tag.charCodeAt(i) !== etag.charCodeAt(start + i)) return undefined;
  }
  return coding;
}
