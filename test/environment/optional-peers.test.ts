// testcontainers and autocannon are optional peer dependencies: where it is missing, `--env auto` stays embedded and says why,
// and nothing crashes on a module that is not there. (The missing install itself: test/package/install.test.ts.)

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { autoEnvironment } from '../../harness/environment/containers/auto-environment.js';
import { optionalPeerMissing } from '../../harness/optional-peers.js';

t.test('the stack is found where it is installed, and named with its version where it is not', async (t) => {
  t.equal(optionalPeerMissing('testcontainers'), undefined, 'installed here as a dev dependency');
  t.equal(optionalPeerMissing('autocannon'), undefined);
  const missing = optionalPeerMissing('testcontainers', () => {
    throw Object.assign(new Error("Cannot find module 'testcontainers'"), { code: 'MODULE_NOT_FOUND' });
  });
  t.match(
    missing,
    /^testcontainers is not installed: install it beside etag-bench \(npm install testcontainers@12\.0\.1, or npx -p etag-bench -p testcontainers@12\.0\.1 etag-bench …\)$/,
  );
  t.match(
    optionalPeerMissing('autocannon', () => {
      throw new Error('missing');
    }),
    /^autocannon is not installed: install it beside etag-bench \(npm install autocannon@\^9/,
  );
});

t.test('auto: a runtime that answers without testcontainers installed means embedded, both reasons given', async (t) => {
  // A Docker API that answers /_ping is all the probe asks of a runtime.
  const api = createServer((req, res) => res.writeHead(req.url === '/_ping' ? 200 : 404).end('OK'));
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => api.close(() => resolve())));
  const env = { DOCKER_HOST: `tcp://127.0.0.1:${(api.address() as AddressInfo).port}` };

  const installed = await autoEnvironment(undefined, env, () => undefined);
  t.equal(installed.kind, 'containers', 'with the stack: containers');
  const without = await autoEnvironment(undefined, env, () => 'testcontainers is not installed: install it');
  t.equal(without.kind, 'embedded');
  t.match(without.why, /^a container runtime answers at DOCKER_HOST=tcp:\/\/127\.0\.0\.1:\d+, but testcontainers is not installed: install it$/);
});
