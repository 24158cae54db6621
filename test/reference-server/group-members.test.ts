// A group's members as the view answers them. CouchDB reads each row's document for include_docs after it read
// the index, so a document that moved out of the group between the two comes back in the group's rows with its
// new revision: listing it would put a revision that left the group on the group's page, under an ETag that
// the move's own invalidation (for that very revision) keeps valid.
import t, { type Test } from 'tap';
import { Database } from '../../reference-server/couch/database.js';
import { serveForTest } from '../helpers/local-server.js';

/** Answers the by-group view as CouchDB does when a write lands between its index read and its document reads. */
function couchMidMove(t: Test, rows: unknown[]): Promise<number> {
  return serveForTest(t, (req, res) => {
    if (!(req.url ?? '').includes('/_view/by-group')) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ total_rows: rows.length, offset: 0, rows }));
  });
}

t.test('a row whose document has since left the group is not a member; the others are, ordered by id', async (t) => {
  const port = await couchMidMove(t, [
    { id: 'doc-2', key: 'g-5', value: null, doc: { _id: 'doc-2', _rev: '1-b', group: 'g-5' } },
    { id: 'doc-1', key: 'g-5', value: null, doc: { _id: 'doc-1', _rev: '3-moved', group: 'g-7' } },
    { id: 'doc-3', key: 'g-5', value: null, doc: null },
    { id: 'doc-0', key: 'g-5', value: null, doc: { _id: 'doc-0', _rev: '2-a', group: 'g-5' } },
    { id: 'doc-4', key: 'g-5', value: null, doc: { _id: 'doc-4', _rev: '4-nogroup' } },
  ]);
  const database = new Database(`http://127.0.0.1:${port}`, 'bench');
  t.teardown(() => database.close());
  const members = await database.groupMembers('g-5');
  t.same(
    members.map((doc) => `${doc._id}@${doc._rev}`),
    ['doc-0@2-a', 'doc-2@1-b'],
    'the moved document (3-moved, now in g-7), the deleted one and the one without a group are left out',
  );
});
