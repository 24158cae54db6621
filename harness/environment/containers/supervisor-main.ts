// The process an implementation container runs: it starts the implementation (the rest of its argv) and, on
// SIGUSR2, kills it abruptly (SIGKILL) and starts it again — the `restart-implementation` fault, with the
// container, its address on the network and its log stream unchanged (a container restart would give it a new
// address, which the counting hop in front has pinned). SIGTERM and SIGINT are passed on; when the implementation
// exits on its own, this exits with its code, so a crash still ends the container as it would without it.

import { spawn, type ChildProcess } from 'node:child_process';

const [command, ...args] = process.argv.slice(2);
if (command === undefined) {
  process.stderr.write('supervisor: the command to run is required\n');
  process.exit(2);
}

let child: ChildProcess;
let restarting = false;
let stopping = false;

function start(): void {
  child = spawn(command!, args, { stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    if (restarting) {
      restarting = false;
      start();
      return;
    }
    process.exit(code ?? (stopping ? 0 : signal === null ? 1 : 128 + 9));
  });
}

process.on('SIGUSR2', () => {
  if (restarting || stopping) return;
  restarting = true;
  process.stdout.write('supervisor: restarting the implementation (SIGKILL)\n');
  child.kill('SIGKILL');
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    stopping = true;
    child.kill(signal);
  });
}
start();
