// Ids as CouchDB makes them (its `random` uuid algorithm: 32 lowercase hex digits), for `_uuids` and for
// documents written without an `_id`; PouchDB's own would be dashed RFC 4122 UUIDs.
import { randomBytes } from 'node:crypto';

export function newUuid(): string {
  return randomBytes(16).toString('hex');
}
