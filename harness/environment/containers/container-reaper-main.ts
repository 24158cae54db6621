// The reaper's process (see container-reaper.ts): polls its parent; when the parent is gone, removes the
// session's containers and network, then exits. SIGTERM (the parent cleaned up itself) ends it at once.

import { setTimeout as sleep } from 'node:timers/promises';
import { listContainers, removeContainer, removeNetwork } from './docker-api.js';
import type { ReaperOrders } from './container-reaper.js';
import { SESSION_LABEL } from './container-reaper.js';

const POLL_MS = 500;

async function main(): Promise<void> {
  const orders = JSON.parse(process.argv[2] ?? '{}') as ReaperOrders;
  process.once('SIGTERM', () => process.exit(0));
  while (alive(orders.parentPid)) await sleep(POLL_MS);
  // A container may still be being created when the parent died: look twice.
  for (let round = 0; round < 2; round++) {
    const containers = await listContainers(orders.endpoint, [`${SESSION_LABEL}=${orders.session}`]).catch(() => []);
    await Promise.all(containers.map((container) => removeContainer(orders.endpoint, container.Id).catch(() => {})));
    if (round === 0) await sleep(2000);
  }
  await removeNetwork(orders.endpoint, orders.networkId).catch(() => {});
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

main().then(
  () => process.exit(0),
  () => process.exit(1),
);
