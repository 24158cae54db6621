// Turns a parsed `filter` into PouchDB changes options. Design-document filters are checked here first:
// a filter or view that does not exist must be a 404 before the feed starts, never a crash mid-stream.
import type { FilterSpec } from './changes-options.js';
import { compileProblem } from './design-functions.js';
import { isPlainObject, pouchErrorRefusal, type Refusal } from './http-json.js';
import type { ChangesOptions, PouchDatabase } from './pouch-types.js';

async function designFunctionExists(db: PouchDatabase, ddocName: string, section: 'filters' | 'views', fnName: string): Promise<Refusal | undefined> {
  let ddoc: Record<string, unknown>;
  try {
    ddoc = await db.get(`_design/${ddocName}`);
  } catch (err) {
    return pouchErrorRefusal(err);
  }
  const functions = ddoc[section];
  const fn = isPlainObject(functions) ? functions[fnName] : undefined;
  const present = section === 'filters' ? typeof fn === 'string' : isPlainObject(fn) && typeof fn['map'] === 'string';
  if (!present) return { status: 404, error: 'not_found', reason: `missing json key: ${fnName}` };
  const code = section === 'filters' ? (fn as string) : ((fn as Record<string, unknown>)['map'] as string);
  return compileProblem(section, code);
}

export async function filterOptions(
  db: PouchDatabase,
  filter: FilterSpec,
  queryParams: Record<string, string>,
): Promise<{ options: ChangesOptions } | Refusal> {
  switch (filter.kind) {
    case 'none':
      return { options: {} };
    case 'doc_ids':
      return { options: { doc_ids: filter.docIds } };
    case 'selector':
      return { options: { selector: filter.selector } };
    case 'design':
      return {
        options: { filter: (doc) => doc._id.startsWith('_design/') },
      };
    case 'view': {
      const [ddoc = '', view = ''] = filter.view.split('/');
      const missing = await designFunctionExists(db, ddoc, 'views', view);
      return missing ?? { options: { filter: '_view', view: filter.view } };
    }
    case 'ddoc': {
      const [ddoc = '', name = ''] = filter.name.split('/');
      const missing = await designFunctionExists(db, ddoc, 'filters', name);
      return missing ?? { options: { filter: filter.name, query_params: queryParams } };
    }
  }
}
