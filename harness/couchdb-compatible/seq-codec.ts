// Update sequences as opaque strings, shaped like CouchDB 3's ("42-g1AAAA…"): the number, a dash, then a
// base64url blob. The blob carries a random salt, so two responses describing one state use different
// strings; a client that compares seqs instead of passing them back as `since` breaks here as it would on
// a real (sharded) CouchDB. The blob also carries the number, which makes a forged or mangled seq detectable.
import { randomBytes } from 'node:crypto';

// 0x83 'P' + a 4-byte length, as Erlang's term_to_binary output (real CouchDB seqs) begins.
const HEADER = Buffer.from([0x83, 0x50, 0x00, 0x00, 0x00, 0x10]);
const SALT_BYTES = 8;
const BLOB_BYTES = HEADER.length + SALT_BYTES + 8;
const ENCODED = /^(0|[1-9][0-9]{0,15})-([A-Za-z0-9_-]+)$/;
const PLAIN = /^(0|[1-9][0-9]{0,15})$/;

/** A fresh salt: use one per response (or per continuous feed). */
export function newSeqSalt(): Buffer {
  return randomBytes(SALT_BYTES);
}

export function encodeSeq(seq: number, salt: Buffer): string {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new RangeError(`seq ${seq} is not a non-negative safe integer`);
  if (salt.length !== SALT_BYTES) throw new RangeError(`salt has ${salt.length} bytes, not ${SALT_BYTES}`);
  const blob = Buffer.alloc(BLOB_BYTES);
  HEADER.copy(blob, 0);
  salt.copy(blob, HEADER.length);
  const masked = BigInt(seq) ^ salt.readBigUInt64BE(0);
  blob.writeBigUInt64BE(masked, HEADER.length + SALT_BYTES);
  return `${seq}-${blob.toString('base64url')}`;
}

/**
 * Reads a `since` value: `now`, a plain integer (number or digits), a seq this codec emitted, or any of
 * those JSON-quoted (EventSource's Last-Event-ID carries the quotes). Returns undefined when malformed.
 */
export function decodeSince(raw: unknown): number | 'now' | undefined {
  if (typeof raw === 'number') return Number.isSafeInteger(raw) && raw >= 0 ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  let text = raw.trim();
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) text = text.slice(1, -1);
  if (text === 'now') return 'now';
  if (PLAIN.test(text)) return Number(text);
  const match = ENCODED.exec(text);
  if (!match) return undefined;
  const seq = Number(match[1]);
  const blob = Buffer.from(match[2] ?? '', 'base64url');
  if (blob.length !== BLOB_BYTES || !blob.subarray(0, HEADER.length).equals(HEADER)) return undefined;
  const salt = blob.readBigUInt64BE(HEADER.length);
  const unmasked = blob.readBigUInt64BE(HEADER.length + SALT_BYTES) ^ salt;
  return unmasked === BigInt(seq) ? seq : undefined;
}
