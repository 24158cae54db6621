// The Fastify peer of the Express implementation: Fastify 5 with @fastify/etag registered with its defaults (a
// strong ETag, a sha1 of the payload, and its own 304 when If-None-Match equals it). Every request reads CouchDB
// and renders; the plugin saves the body's bytes. Nothing is tuned.

import type { AddressInfo } from 'node:net';
import fastifyEtag from '@fastify/etag';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import type { Database } from '../couch/database.js';
import { sendFailure } from '../http/failure.js';
import { PAGE_CACHE_CONTROL } from '../http/respond.js';
import { deleteThroughApp, saveThroughApp } from '../impls/app-writes.js';
import type { OwnServer } from '../impls/implementation.js';
import { renderDocPage, renderGroupPage } from '../render/pages.js';
import { checkedName, FRAMEWORK_WRITES, FrameworkApp } from './framework-app.js';

type Handler = (request: FastifyRequest, reply: FastifyReply, name: string) => Promise<unknown>;

export class FastifyImplementation extends FrameworkApp {
  readonly name = 'fastify';

  constructor(database: Database) {
    super(database, ['fastify', '@fastify/etag']);
  }

  async listen(host: string, port: number): Promise<OwnServer> {
    const app = Fastify();
    await app.register(fastifyEtag);
    // Writes take the request's body as it comes (app-writes.ts reads it): no body parsing by Fastify.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (_request, _payload, done) => done(null));
    app.get('/health', async () => ({ impl: this.name, ...this.health() }));
    app.get(
      '/doc/:id',
      named('doc', async (_request, reply, id) => {
        const doc = await this.database.getDocument(id);
        if (doc === undefined) return reply.code(404).send({ error: 'not_found', reason: 'missing' });
        return reply.header('cache-control', PAGE_CACHE_CONTROL).type('text/html; charset=utf-8').send(renderDocPage(doc));
      }),
    );
    app.get(
      '/group/:name',
      named('group', async (_request, reply, name) => {
        const members = await this.database.groupMembers(name);
        return reply.header('cache-control', PAGE_CACHE_CONTROL).type('text/html; charset=utf-8').send(renderGroupPage(name, members));
      }),
    );
    // The shared write path answers on the raw response: Fastify is told so (hijack) and stays out of it.
    const write =
      (through: typeof saveThroughApp): Handler =>
      async (request, reply, id) => {
        reply.hijack();
        await through(request.raw, reply.raw, this.database, id, FRAMEWORK_WRITES).catch((error: unknown) => sendFailure(reply.raw, error));
      };
    app.put('/doc/:id', named('doc', write(saveThroughApp)));
    app.delete('/doc/:id', named('doc', write(deleteThroughApp)));
    app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'not_found', reason: 'no such page' }));
    // A failing CouchDB or a bug: answered as the shared server answers it.
    app.setErrorHandler((error, _request, reply) => {
      reply.hijack();
      sendFailure(reply.raw, error);
    });
    await app.listen({ host, port });
    return { port: (app.server.address() as AddressInfo).port, close: () => app.close() };
  }
}

/** A route's handler, given the checked id or name; a refused one is answered 400 or 404 instead. */
function named(kind: 'doc' | 'group', handler: Handler) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    const checked = checkedName(request.url, kind);
    if (!('name' in checked)) return reply.code(checked.status).send({ error: checked.error, reason: checked.reason });
    return handler(request, reply, checked.name);
  };
}
