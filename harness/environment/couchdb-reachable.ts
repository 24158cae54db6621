// A CouchDB URL given by the user is checked once, up front, so that a typo is one clear message.

import nano from 'nano';
import { UnreachableError } from '../errors.js';
import { redactUrl } from '../redact.js';

export async function assertCouchDbReachable(couchdbUrl: string): Promise<void> {
  try {
    const info = (await nano({ url: couchdbUrl }).info()) as unknown as Record<string, unknown>;
    if (info.couchdb === undefined) throw new Error('the answer is not CouchDB\'s welcome');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UnreachableError(`cannot use CouchDB at ${redactUrl(couchdbUrl)}: ${reason}`, { cause: error });
  }
}
