// Server-admin basic auth, answered with CouchDB's 401 bodies.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Refusal } from './http-json.js';

export interface AdminCredentials {
  user: string;
  password: string;
}

export const NOT_ADMIN: Refusal = { status: 401, error: 'unauthorized', reason: 'You are not a server admin.' };
export const BAD_CREDENTIALS: Refusal = { status: 401, error: 'unauthorized', reason: 'Name or password is incorrect.' };

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** undefined when the Authorization header names the admin, else the refusal to send. */
export function checkBasicAuth(header: string | undefined, admin: AdminCredentials): Refusal | undefined {
  const match = header === undefined ? null : /^\s*basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) return NOT_ADMIN;
  const given = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  // Hashing first gives equal lengths, as timingSafeEqual needs, without leaking the password length.
  const ok = timingSafeEqual(digest(given), digest(`${admin.user}:${admin.password}`));
  return ok ? undefined : BAD_CREDENTIALS;
}
