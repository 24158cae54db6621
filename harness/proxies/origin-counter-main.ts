// The counting forwarders as a process of their own (the containers environment runs it beside the proxy):
// TARGETS is a comma list of origins (`http://impl-reference-1:8080,…`); the i-th is forwarded from port
// FIRST_PORT + i on every interface. Prints one JSON line when listening; stops on SIGTERM.

import { OriginCounter } from './origin-counter.js';

const targets = (process.env.TARGETS ?? '').split(',').filter((target) => target !== '');
const firstPort = Number(process.env.FIRST_PORT ?? '8081');
if (targets.length === 0 || !Number.isInteger(firstPort) || firstPort <= 0) {
  process.stderr.write('origin-counter: TARGETS (comma list of http://host:port) and FIRST_PORT are required\n');
  process.exit(2);
}
const counters = await Promise.all(targets.map((target, i) => OriginCounter.start(target, { host: '0.0.0.0', port: firstPort + i })));
process.stdout.write(`${JSON.stringify({ listening: counters.map((counter) => counter.hostPort) })}\n`);
const stop = (): void => void Promise.all(counters.map((counter) => counter.stop())).then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
