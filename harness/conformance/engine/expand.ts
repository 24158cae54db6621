// Placeholders in header values and request targets (see HeaderTemplates), expanded from the responses a case
// saved. A placeholder naming a response that was not saved, or one that had no ETag, is a setup failure.

import type { Exchange } from './http-exchange.js';

export class SetupError extends Error {}

const FAR_FUTURE = 'Fri, 01 Jan 2100 00:00:00 GMT';
const PLACEHOLDER = /\{(etag|weak|strong|bare|open|ims|tags|bytes):([A-Za-z0-9-]+)\}/g;

export function expandHeader(template: string, saved: ReadonlyMap<string, Exchange>): string {
  return template.replace(PLACEHOLDER, (_, kind: string, arg: string) => {
    if (kind === 'tags') return nonMatchingTags(Number(arg));
    if (kind === 'bytes') return nonMatchingBytes(Number(arg));
    const response = saved.get(arg);
    if (response === undefined) throw new SetupError(`no saved response "${arg}"`);
    if (kind === 'ims') return response.headers['last-modified'] ?? FAR_FUTURE;
    const etag = response.headers.etag;
    if (etag === undefined) throw new SetupError(`the response saved as "${arg}" had no ETag`);
    const strong = etag.startsWith('W/') ? etag.slice(2) : etag;
    const bare = strong.replace(/^"|"$/g, '');
    switch (kind) {
      case 'etag':
        return etag;
      case 'weak':
        return `W/${strong}`;
      case 'strong':
        return strong;
      case 'bare':
        return bare;
      default:
        return `"${bare}`;
    }
  });
}

/** `"nomatch-0", "nomatch-1", …`: entity-tags no implementation ever sends. */
function nonMatchingTags(count: number): string {
  return Array.from({ length: count }, (_, i) => `"nomatch-${i}"`).join(', ');
}

/** Non-matching entity-tags filling exactly `bytes` bytes (the last one padded). */
function nonMatchingBytes(bytes: number): string {
  const tags: string[] = [];
  let length = 0;
  for (let i = 0; ; i++) {
    const tag = `"nomatch-${i}"`;
    const extra = (tags.length === 0 ? 0 : 2) + tag.length;
    if (length + extra > bytes) break;
    tags.push(tag);
    length += extra;
  }
  const rest = bytes - length;
  if (rest >= 5) tags.push(`"${'x'.repeat(rest - 4)}"`);
  return tags.join(', ');
}
