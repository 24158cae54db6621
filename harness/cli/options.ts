// Option values checked once, at the edge, with a message that names what was expected. commander
// prints "error: option '--port <port>' argument 'x' is invalid. <message>" and the CLI exits 2.

import { blockedPortReason } from '../../protocol/http/fetch-bad-ports.js';
import { InvalidArgumentError } from 'commander';

export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535.');
  return port;
}

export function parseCount(value: string): number {
  const count = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(count)) throw new InvalidArgumentError('expected a whole number ≥ 0.');
  return count;
}

export function parsePositiveCount(value: string): number {
  const count = parseCount(value);
  if (count < 1) throw new InvalidArgumentError('expected a whole number ≥ 1.');
  return count;
}

/** --agents: a whole number ≥ 1, or `auto` (the machine's cores, resolved by the run plan). */
export function parseAgents(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  if (!/^[1-9][0-9]*$/.test(value)) throw new InvalidArgumentError('expected a whole number ≥ 1, or auto.');
  return Number(value);
}

/** --shard i/n: shard i (1-based) of n. */
export function parseShard(value: string): { readonly index: number; readonly count: number } {
  const match = /^([1-9][0-9]*)\/([1-9][0-9]*)$/.exec(value.trim());
  if (match === null) throw new InvalidArgumentError('expected i/n, e.g. 1/3.');
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (index > count) throw new InvalidArgumentError(`shard ${index} of ${count} does not exist (1/${count} … ${count}/${count}).`);
  return { index, count };
}

/** --start-at: an ISO 8601 time with its zone (2026-12-07T15:00:00Z) or milliseconds since the epoch. */
export function parseStartAt(value: string): number {
  const epoch = /^[0-9]{12,}$/.test(value) ? Number(value) : /(Z|[+-][0-9]{2}:?[0-9]{2})$/.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(epoch)) throw new InvalidArgumentError('expected an ISO 8601 time with its zone (2026-12-07T15:00:00Z) or epoch milliseconds.');
  return epoch;
}

export interface AdminCredentials {
  readonly user: string;
  readonly password: string;
}

export function parseAdmin(value: string): AdminCredentials {
  const colon = value.indexOf(':');
  if (colon <= 0 || colon === value.length - 1) throw new InvalidArgumentError('expected user:password.');
  return { user: value.slice(0, colon), password: value.slice(colon + 1) };
}

export function parseHttpUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('expected an http:// or https:// URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError('expected an http:// or https:// URL.');
  }
  const blocked = blockedPortReason(value);
  if (blocked !== undefined) throw new InvalidArgumentError(`${blocked}.`);
  return value.replace(/\/+$/, '');
}

/** CouchDB database names: a lower-case letter, then lower-case letters, digits and _$()+-/ */
export function parseDbName(value: string): string {
  if (!/^[a-z][a-z0-9_$()+/-]*$/.test(value) || value.length > 238) {
    throw new InvalidArgumentError('expected a CouchDB database name (lower-case letter first, then a-z 0-9 _$()+-/).');
  }
  return value;
}

export function parseChoice(choices: readonly string[]) {
  return (value: string): string => {
    if (!choices.includes(value)) throw new InvalidArgumentError(`expected one of: ${choices.join(', ')}.`);
    return value;
  };
}

export function parsePositiveNumber(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('expected a number > 0.');
  return number;
}

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** `host:port`, or `[v6 address]:port`; the port from 1 to 65535 (something to connect to). */
export function parseHostPort(value: string): HostPort {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([^\s:[\]/]+)):(\d+)$/.exec(value);
  const port = Number(match?.[3]);
  if (match === null || port < 1 || port > 65535) throw new InvalidArgumentError('expected host:port (a port from 1 to 65535; [address]:port for IPv6).');
  return { host: (match[1] ?? match[2])!, port };
}

/** The variables the harness sets for every implementation it starts (the implementation contract), or for some
 *  (memcached, a purged proxy): --impl-env may not replace them. */
const HARNESS_ENV = ['HOST', 'PORT', 'COUCHDB_URL', 'COUCHDB_DB', 'MEMCACHED_SERVERS', 'PURGE_URL', 'PURGE_STYLE'];

/** `--impl-env NAME=value`, repeatable: collected into one object (a later NAME wins). */
export function parseImplEnv(value: string, previous: Record<string, string> | undefined): Record<string, string> {
  const equals = value.indexOf('=');
  const name = equals < 0 ? value : value.slice(0, equals);
  if (equals < 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new InvalidArgumentError('expected NAME=value (NAME: letters, digits and _, not starting with a digit).');
  }
  if (HARNESS_ENV.includes(name)) throw new InvalidArgumentError(`${name} is set by the harness (the implementation contract), not by --impl-env.`);
  return { ...previous, [name]: value.slice(equals + 1) };
}
