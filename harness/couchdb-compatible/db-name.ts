// CouchDB's database-name rule. Names are this server's own keys (db-registry.ts) and, on disk, directory
// names made safe by leveldb-storage.ts, so every name CouchDB accepts ("a/b" included) is accepted here.
const VALID = /^[a-z][a-z0-9_$()+/-]{0,237}$/;

/** Why a database name is refused, or undefined when it is accepted. */
export function dbNameProblem(name: string): string | undefined {
  if (!VALID.test(name)) {
    return (
      `Name: '${name}'. Only lowercase characters (a-z), digits (0-9), and any of the characters ` +
      '_, $, (, ), +, -, and / are allowed. Must begin with a letter.'
    );
  }
  return undefined;
}
