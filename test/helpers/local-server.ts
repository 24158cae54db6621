// A node:http server for one test: on a port the OS chose, on 127.0.0.1, closed (its connections too) at teardown.
import { createServer, type RequestListener } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Test } from 'tap';

/** Serves `handler` until the test ends; returns the port. */
export async function serveForTest(t: Test, handler: RequestListener): Promise<number> {
  const server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => {
    server.closeAllConnections();
    server.close();
  });
  return (server.address() as AddressInfo).port;
}
