// A CouchDB revision ETag (`"<generation>-<32 lowercase hex>"`, the form CouchDB and PouchDB write) kept as
// numbers: five 32-bit words (the generation, then the hash), 20 B side by side in one array instead of a
// 56 B string. Only the canonical spelling is packed (no leading zero, lowercase hex), so that a packed revision
// and its string are one-to-one and comparing the words is comparing the strings byte for byte, as ETags compare.

/** Words per packed revision: the generation and four of the hash. */
export const REVISION_WORDS = 5;
const HASH_WORDS = 4;
const HEX_DIGITS = HASH_WORDS * 8;
const MAX_GENERATION = 0xffff_ffff;

/** Packs the revision `text[start, end)` into `words` at `offset`; false if it is not canonical (words then unused). */
export function packRevision(text: string, start: number, end: number, words: Uint32Array, offset: number): boolean {
  const dash = end - HEX_DIGITS - 1;
  if (dash <= start || text.charCodeAt(dash) !== 0x2d /* - */) return false;
  const gen = decimal(text, start, dash);
  if (gen === 0) return false;
  words[offset] = gen;
  for (let w = 0; w < HASH_WORDS; w++) {
    const word = hexWord(text, dash + 1 + w * 8);
    if (word < 0) return false;
    words[offset + 1 + w] = word;
  }
  return true;
}

/** Is `tag[0, end)` (an opaque-tag, no quotes; by default all of it) the packed revision? Checked in place: nothing allocated. */
export function isPackedRevision(tag: string, words: Uint32Array, offset: number, end = tag.length): boolean {
  const dash = end - HEX_DIGITS - 1;
  if (dash <= 0 || tag.charCodeAt(dash) !== 0x2d || decimal(tag, 0, dash) !== words[offset]) return false;
  for (let w = 0; w < HASH_WORDS; w++) {
    if (hexWord(tag, dash + 1 + w * 8) !== words[offset + 1 + w]) return false;
  }
  return true;
}

/** The revision's string again (`3-0a1b…`). */
export function unpackRevision(words: Uint32Array, offset: number): string {
  let hex = '';
  for (let w = 0; w < HASH_WORDS; w++) hex += words[offset + 1 + w]!.toString(16).padStart(8, '0');
  return `${words[offset]}-${hex}`;
}

/** Canonical decimal digits (no sign, no leading zero) as a number in 1…2³²−1; 0 otherwise. */
function decimal(text: string, start: number, end: number): number {
  if (end - start > 10 || text.charCodeAt(start) === 0x30 /* 0 */) return 0;
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = text.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return 0;
    value = value * 10 + digit;
  }
  return value <= MAX_GENERATION ? value : 0;
}

/** A character code's lowercase hex value, −1 for any other ASCII (uppercase is another opaque-tag). */
const HEX_VALUE = Int8Array.from({ length: 128 }, (_, code) => (code >= 0x30 && code <= 0x39 ? code - 0x30 : code >= 0x61 && code <= 0x66 ? code - 0x57 : -1));

/** Eight lowercase hex digits at `at` as an unsigned 32-bit number; −1 if any is not one. */
function hexWord(text: string, at: number): number {
  let word = 0;
  for (let i = at; i < at + 8; i++) {
    // Past the end charCodeAt is NaN, which fails the range test.
    const code = text.charCodeAt(i);
    const digit = code < 128 ? HEX_VALUE[code]! : -1;
    if (digit < 0) return -1;
    word = word * 16 + digit;
  }
  return word;
}
