// CouchDB's database-name rule, minus "/": express-pouchdb maps names to file names (sanitize-filename)
// and would silently turn "a/b" into "ab", so such names are refused instead of misrouted.
const VALID = /^[a-z][a-z0-9_$()+-]{0,237}$/;
// Names sanitize-filename would rewrite (Windows device names): refused for the same reason.
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;

/** Why a database name is refused, or undefined when it is accepted. */
export function dbNameProblem(name: string): string | undefined {
  if (!VALID.test(name) || RESERVED.test(name)) {
    return (
      `Name: '${name}'. Only lowercase characters (a-z), digits (0-9), and any of the characters ` +
      '_, $, (, ), +, and - are allowed (this server does not support /). Must begin with a letter.'
    );
  }
  return undefined;
}
