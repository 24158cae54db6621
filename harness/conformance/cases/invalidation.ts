// Invalidation (the implementation contract, docs/architecture.md): a write anywhere makes the old ETag stop earning 304s. Writes straight to
// CouchDB can only reach the app through its changes feed, so they get until the deadline (--deadline); writes
// through the app are due when the app acknowledges them.

import type { ConformanceCase, RequestStep } from '../case-types.js';
import { CONTRACT, create, doc, fetchPage, group, revalidate } from './templates.js';

const polled = (step: RequestStep): RequestStep => ({ ...step, poll: true });

const appPut = (alias: string, groupAlias?: string | null): RequestStep => ({
  request: { method: 'PUT', target: doc(alias), body: groupAlias === undefined ? { doc: alias } : { doc: alias, group: groupAlias } },
  expect: [{ status: [200, 201] }],
  setup: true,
});

/** Group `g` of m1, m2, m3 (m1 sorts first), fetched once. */
const threeMembers = [create('m1', 'g'), create('m2', 'g'), create('m3', 'g'), fetchPage(group())];

export const INVALIDATION_CASES: readonly ConformanceCase[] = [
  {
    id: 'inval-direct-update',
    title: 'a write straight to CouchDB → the old ETag gets a 200 with the new revision within the deadline',
    rfc: CONTRACT,
    kind: 'required',
    steps: [create(), fetchPage(), { couch: 'update', doc: 'a' }, polled(revalidate(doc(), [{ status: 200 }, { bodyShowsRev: 'a' }]))],
  },
  {
    id: 'inval-direct-delete',
    title: 'a delete straight in CouchDB → the old ETag gets a 404 within the deadline',
    rfc: CONTRACT,
    kind: 'required',
    steps: [create(), fetchPage(), { couch: 'delete', doc: 'a' }, polled(revalidate(doc(), [{ status: 404 }]))],
  },
  {
    id: 'inval-app-delete',
    title: 'after a DELETE through the app the old ETag → 404, at once',
    rfc: CONTRACT,
    kind: 'required',
    steps: [
      create(),
      fetchPage(),
      { request: { method: 'DELETE', target: doc(), body: { doc: 'a' } }, expect: [{ status: [200, 202, 204] }], setup: true },
      revalidate(doc(), [{ status: 404 }]),
    ],
  },
  {
    id: 'inval-group-member',
    title: "a group page after a member's update through the app → 200 with a new ETag",
    rfc: CONTRACT,
    kind: 'required',
    steps: [...threeMembers, appPut('m2'), revalidate(group(), [{ status: 200 }, { etagDiffers: 'first' }, { bodyShowsRev: 'm2' }])],
  },
  {
    id: 'inval-group-join',
    title: 'a group page after a document joins through the app → 200 with a new ETag',
    rfc: CONTRACT,
    kind: 'required',
    steps: [
      ...threeMembers,
      appPut('m9', 'g'),
      revalidate(group(), [{ status: 200 }, { etagDiffers: 'first' }, { bodyShowsRev: 'm9' }, { bodyShowsRev: 'm1' }]),
    ],
  },
  {
    id: 'inval-group-leave',
    title: 'a group page after a member leaves through the app → 200 with a new ETag',
    rfc: CONTRACT,
    kind: 'required',
    steps: [
      ...threeMembers,
      appPut('m3', 'elsewhere'),
      revalidate(group(), [{ status: 200 }, { etagDiffers: 'first' }, { bodyLacksDoc: 'm3' }, { bodyShowsRev: 'm1' }]),
    ],
  },
  {
    id: 'inval-group-direct',
    title: "a group page after a member's update straight in CouchDB → 200 with a new ETag within the deadline",
    rfc: CONTRACT,
    kind: 'required',
    steps: [...threeMembers, { couch: 'update', doc: 'm2' }, polled(revalidate(group(), [{ status: 200 }, { etagDiffers: 'first' }, { bodyShowsRev: 'm2' }]))],
  },
];
