// `etag-bench fault-proxy`: the TCP fault proxy alone, with its control API (cut, stall and unstall the changes
// feeds; health). The harness's own helper: the containers environment runs it in a container between the
// implementations and CouchDB and commands it from the host through the control port.

import { Command } from 'commander';
import { InvalidOptionError, StartupError } from '../../errors.js';
import { startFaultProxyControl, type FaultProxyControl } from '../../faults/fault-proxy-control.js';
import { TcpFaultProxy } from '../../faults/tcp-fault-proxy.js';
import { untilSignal } from '../../lifecycle.js';
import { parseHostPort, parsePort, type HostPort } from '../options.js';

interface FaultProxyFlags {
  target: HostPort;
  host: string;
  port: number;
  controlPort: number;
  json: boolean;
}

export function faultProxyCommand(): Command {
  return (
    new Command('fault-proxy')
      .description(
        "the harness's own helper: the fault proxy the containers environment puts between implementations and CouchDB (a TCP proxy to --target that cuts or stalls the _changes feeds when told to over its control API)",
      )
      .requiredOption('--target <host:port>', 'CouchDB, where every connection is forwarded to', parseHostPort)
      .option('--host <address>', 'address the proxy and its control API listen on', '127.0.0.1')
      .option('--port <port>', 'port of the proxy (0: any free port)', parsePort, 5984)
      .option(
        '--control-port <port>',
        'port of the control API (0: any free port): GET /health, POST /cut-feeds, /stall-feeds, /unstall-feeds',
        parsePort,
        7000,
      )
      .option('--json', 'print {"url","control"} on stdout once both listen', false)
      // A bad option is one line like every refusal of the CLI (`etag-bench: …`), not commander's `error: …`.
      .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'etag-bench: ')) })
      .action((flags: FaultProxyFlags) => runFaultProxy(flags))
  );
}

async function runFaultProxy(flags: FaultProxyFlags): Promise<void> {
  if (flags.port !== 0 && flags.port === flags.controlPort) {
    throw new InvalidOptionError('--control-port', flags.controlPort, 'usable: --port takes it (give them different ports)');
  }
  const proxy = new TcpFaultProxy(flags.target.host, flags.target.port);
  let control: FaultProxyControl | undefined;
  try {
    const listening = await proxy.start({ host: flags.host, port: flags.port }).catch(listenError(flags.host, flags.port));
    control = await startFaultProxyControl(proxy, { host: flags.host, port: flags.controlPort }).catch(listenError(flags.host, flags.controlPort));
    // Listening for signals before saying ready: a SIGTERM right after the line stops it cleanly.
    const signalled = untilSignal();
    const url = httpUrl(flags.host, listening.port);
    const controlUrl = httpUrl(flags.host, control.port);
    if (flags.json) process.stdout.write(`${JSON.stringify({ url, control: controlUrl })}\n`);
    else {
      const target = httpUrl(flags.target.host, flags.target.port);
      process.stderr.write(`fault proxy on ${url} to ${target}, control API on ${controlUrl}; Ctrl-C stops\n`);
    }
    await signalled;
  } finally {
    // The control API first: no command arrives while the proxy closes its connections.
    await control?.stop();
    await proxy.stop();
  }
}

/** A listen error as one line: a port in use, or an address this machine does not have. */
function listenError(host: string, port: number) {
  return (error: unknown): never => {
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE') throw new StartupError(`port ${port} on ${host} is in use`, { cause: error });
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      throw new StartupError(`cannot listen on ${host} (${code}): not an address of this machine`, { cause: error });
    }
    throw error;
  };
}

function httpUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
