// Stopping an HTTP server the way every implementation needs: kept-alive connections (a load generator's) are
// dropped, or close() would wait for them forever.

import { once } from 'node:events';
import type { Server } from 'node:http';

export async function closeServer(server: Server): Promise<void> {
  const closed = once(server, 'close');
  server.close();
  server.closeAllConnections();
  await closed;
}
