// Design-document code is compiled by PouchDB inside a callback, where a syntax error is an uncaught
// exception that ends the process (filters) or a silently empty answer (views). Compile it here first,
// where the error can be caught and answered as CouchDB's 400.
import { runInNewContext } from 'node:vm';
import type { Refusal } from './http-json.js';

export type DesignSection = 'filters' | 'views';

/** Why `code` does not compile as a function of `section`; undefined when it does. Nothing is run. */
export function compileProblem(section: DesignSection, code: string): Refusal | undefined {
  try {
    const compiled: unknown =
      section === 'filters'
        ? runInNewContext(`(function() {\n"use strict";\nreturn ${code}\n})()`)
        : runInNewContext(`(function(doc) {\n"use strict";\nvar emit = function () {};\nvar view = ${code};\n})`);
    if (typeof compiled === 'function') return undefined;
  } catch (err) {
    return { status: 400, error: 'compilation_error', reason: `${section} function: ${err instanceof Error ? err.message : String(err)}` };
  }
  return { status: 400, error: 'compilation_error', reason: `${section} function does not evaluate to a function` };
}
