// The Fastify peer of the Express implementation: Fastify 5 with @fastify/etag registered with its defaults (a
// strong ETag, a sha1 of the payload, and its own 304 when If-None-Match equals it). Every request reads CouchDB
// and renders; the plugin saves the body's bytes. Nothing is tuned.

import type { AddressInfo } from 'node:net';
import fastifyEtag from '@fastify/etag';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import type { Database } from '../couch/database.js';
import { sendFailure } from '../http/failure.js';
import { PAGE_CACHE_CONTROL } from '../http/respond.js';
import { routeOf } from '../http/route.js';
import type { FrameworkImplementation, HealthReport, OwnServer } from '../impls/implementation.js';
import { deleteThroughApp, saveThroughApp } from '../impls/app-writes.js';
import { renderDocPage, renderGroupPage } from '../render/pages.js';
import { frameworkVersion } from './framework-version.js';

export class FastifyImplementation implements FrameworkImplementation {
  readonly name = 'fastify';
  readonly #version = frameworkVersion('fastify', '@fastify/etag');

  constructor(private readonly database: Database) {}

  start(): Promise<void> {
    return this.database.prepare();
  }

  async stop(): Promise<void> {}

  health(): HealthReport {
    return { status: 'ok', version: this.#version };
  }

  async listen(host: string, port: number): Promise<OwnServer> {
    const app = Fastify();
    await app.register(fastifyEtag);
    // Writes take the request's body as it comes (app-writes.ts reads it): no body parsing by Fastify.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (_request, _payload, done) => done(null));
    app.get('/health', async () => ({ impl: this.name, ...this.health() }));
    app.get('/doc/:id', async (request, reply) => {
      const id = checkedRoute(request, reply, 'doc');
      if (id === undefined) return reply;
      const doc = await this.database.getDocument(id);
      if (doc === undefined) return reply.code(404).send({ error: 'not_found', reason: 'missing' });
      return reply.header('cache-control', PAGE_CACHE_CONTROL).type('text/html; charset=utf-8').send(renderDocPage(doc));
    });
    app.get('/group/:name', async (request, reply) => {
      const name = checkedRoute(request, reply, 'group');
      if (name === undefined) return reply;
      const members = await this.database.groupMembers(name);
      return reply.header('cache-control', PAGE_CACHE_CONTROL).type('text/html; charset=utf-8').send(renderGroupPage(name, members));
    });
    // The shared write path answers on the raw response: Fastify is told so (hijack) and stays out of it.
    app.put('/doc/:id', async (request, reply) => {
      const id = checkedRoute(request, reply, 'doc');
      if (id === undefined) return reply;
      reply.hijack();
      await saveThroughApp(request.raw, reply.raw, this.database, id, WRITES).catch((error: unknown) => sendFailure(reply.raw, error));
    });
    app.delete('/doc/:id', async (request, reply) => {
      const id = checkedRoute(request, reply, 'doc');
      if (id === undefined) return reply;
      reply.hijack();
      await deleteThroughApp(request.raw, reply.raw, this.database, id, WRITES).catch((error: unknown) => sendFailure(reply.raw, error));
    });
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

/** The document id or group name, checked as routeOf checks it; answered (400 or 404) when it is not one. */
function checkedRoute(request: FastifyRequest, reply: FastifyReply, kind: 'doc' | 'group'): string | undefined {
  const route = routeOf(request.url);
  if (route.kind === kind) return route.kind === 'doc' ? route.id : route.name;
  if (route.kind === 'invalid') void reply.code(400).send({ error: 'bad_request', reason: route.reason });
  else void reply.code(404).send({ error: 'not_found', reason: 'no such page' });
  return undefined;
}

/** Writes as every implementation takes them, with no precondition of the app's own (the framework evaluates none on
 *  a PUT or DELETE); with no registry there is nothing to invalidate. */
const WRITES = { checkIfNoneMatch: false, onSaved: () => {} };
