// The counting forwarders as a process of their own (the containers environment runs it beside the proxy):
// TARGETS is a comma list of origins (`http://impl-reference-1:8080,…`); the i-th is forwarded from port
// FIRST_PORT + i on every interface. Prints one JSON line when listening; stops on SIGTERM.

import { lookup } from 'node:dns/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { OriginCounter } from './origin-counter.js';

const targets = (process.env.TARGETS ?? '').split(',').filter((target) => target !== '');
const firstPort = Number(process.env.FIRST_PORT ?? '8081');
if (targets.length === 0 || !Number.isInteger(firstPort) || firstPort <= 0) {
  process.stderr.write('origin-counter: TARGETS (comma list of http://host:port) and FIRST_PORT are required\n');
  process.exit(2);
}
// Each target is looked up once, here: a container's address does not change during a run, and a lookup per
// new connection put every forwarded request behind the resolver (a lost answer held Node's few DNS threads,
// and with them every request, for seconds).
const resolved = await Promise.all(targets.map(resolveOnce));
const counters = await Promise.all(resolved.map((target, i) => OriginCounter.start(target, { host: '0.0.0.0', port: firstPort + i })));
process.stdout.write(`${JSON.stringify({ listening: counters.map((counter) => counter.hostPort) })}\n`);
const stop = (): void => void Promise.all(counters.map((counter) => counter.stop())).then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

/** `http://name:port` → `http://address:port`, retrying for a while (a new container's name takes a moment). */
async function resolveOnce(target: string): Promise<string> {
  const url = new URL(target);
  for (let attempt = 1; ; attempt++) {
    try {
      url.hostname = (await lookup(url.hostname, { family: 4 })).address;
      return url.origin;
    } catch (error) {
      if (attempt === 50) {
        process.stderr.write(`origin-counter: cannot resolve ${url.hostname}: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(2);
      }
      await sleep(200);
    }
  }
}
