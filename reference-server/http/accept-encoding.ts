// RFC 9110 §12.5.3 Accept-Encoding, read for the codings the reference can send: which one a request gets.
//  - no header: identity (RFC 9110 would allow any coding; the harness's readers and probes send none and read
//    the body as is, so the default stays identity);
//  - q-values (`;q=0` refuses a coding), `*` for every coding not named, `x-gzip` as gzip (§8.4.1.3);
//  - identity is acceptable unless refused (`identity;q=0`, or `*;q=0` without identity named);
//  - the highest q wins; a tie goes to br, then gzip, then identity (smaller first);
//  - nothing acceptable (e.g. `identity;q=0` alone): identity all the same, rather than a 406 (§12.5.3 lets the
//    server send a response without content coding).
// Header values repeat across requests (a client sends the same one every time): the answer is remembered per
// value, a few dozen of them, so that the 304 path parses nothing and allocates nothing.

import type { Coding } from '../registry/coded-etag.js';

const REMEMBERED = 64;
const remembered = new Map<string, Coding>();

/** The coding to send for this request's Accept-Encoding. */
export function codingFor(header: string | readonly string[] | undefined): Coding {
  if (header === undefined) return 'identity';
  const value = typeof header === 'string' ? header : header.join(', ');
  let coding = remembered.get(value);
  if (coding === undefined) {
    coding = chooseCoding(value);
    if (remembered.size >= REMEMBERED) remembered.clear();
    remembered.set(value, coding);
  }
  return coding;
}

/** The weights a header gives (undefined: not named). */
interface Weights {
  gzip?: number;
  br?: number;
  identity?: number;
  any?: number;
}

export function chooseCoding(value: string): Coding {
  const weights = parseAcceptEncoding(value);
  const q = (name: 'gzip' | 'br'): number => weights[name] ?? weights.any ?? 0;
  const identity = weights.identity ?? (weights.any === 0 ? 0 : 1);
  const br = q('br');
  const gzip = q('gzip');
  const best = Math.max(br, gzip, identity);
  if (best === 0) return 'identity';
  if (br === best) return 'br';
  if (gzip === best) return 'gzip';
  return 'identity';
}

/** Each element `coding [; q=weight]`, names case-insensitive; an element with a malformed weight is ignored. */
export function parseAcceptEncoding(value: string): Weights {
  const weights: Weights = {};
  for (const element of value.split(',')) {
    const [rawName = '', ...params] = element.split(';');
    const name = rawName.trim().toLowerCase();
    if (name === '') continue;
    let weight = 1;
    for (const param of params) {
      const eq = param.indexOf('=');
      if (eq === -1 || param.slice(0, eq).trim().toLowerCase() !== 'q') continue;
      weight = qvalue(param.slice(eq + 1).trim());
    }
    if (Number.isNaN(weight)) continue;
    const key = name === 'x-gzip' ? 'gzip' : name === '*' ? 'any' : name;
    if (key === 'gzip' || key === 'br' || key === 'identity' || key === 'any') weights[key] = weight;
  }
  return weights;
}

// qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

function qvalue(text: string): number {
  return QVALUE.test(text) ? Number(text) : Number.NaN;
}
