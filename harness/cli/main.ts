// The CLI's one place for errors: a usage error or a user-fixable problem prints one line and exits 2
// (1 for a run that failed); anything unexpected prints a short report with the version and exits 1.

import { Command, CommanderError } from 'commander';
import { EtagBenchError } from '../errors.js';
import { VERSION } from '../package-info.js';
import { redactUrlsIn } from '../redact.js';
import { couchdbCommand } from './commands/couchdb.js';
import { conformanceCommand } from './commands/conformance.js';
import { faultProxyCommand } from './commands/fault-proxy.js';
import { imageCommand } from './commands/image.js';
import { invalidatorCommand } from './commands/invalidator.js';
import { kubernetesCommand } from './commands/kubernetes.js';
import { reportCommand } from './commands/report.js';
import { runCommand } from './commands/run.js';
import { scenariosCommand } from './commands/scenarios.js';
import { serveCommand } from './commands/serve.js';

/** Where the CLI writes; tests pass their own to read what a user would see. */
export interface CliOutput {
  writeOut(text: string): void;
  writeErr(text: string): void;
}

const PROCESS_OUTPUT: CliOutput = {
  writeOut: (text) => process.stdout.write(text),
  writeErr: (text) => process.stderr.write(text),
};

/** commander's own errors ("error: unknown option") in the CLI's one voice; a URL it quotes keeps no password. */
function withOneVoice(output: CliOutput) {
  return { ...output, outputError: (text: string, write: (text: string) => void) => write(redactUrlsIn(text.replace(/^error: /, 'etag-bench: '))) };
}

export function buildProgram(output: CliOutput = PROCESS_OUTPUT): Command {
  const voiced = withOneVoice(output);
  const program = new Command('etag-bench')
    .configureOutput(voiced)
    .description('Benchmark and conformance harness for ETag caching with CouchDB revision-driven invalidation')
    .version(VERSION)
    .exitOverride();
  for (const command of [
    runCommand(),
    conformanceCommand(),
    scenariosCommand(),
    invalidatorCommand(),
    serveCommand(),
    couchdbCommand(),
    faultProxyCommand(),
    imageCommand(),
    reportCommand(),
    kubernetesCommand(),
  ]) {
    // Subcommands (and theirs) report usage errors the same way as the program (exit 2, testable without a process).
    for (const nested of [command, ...command.commands]) nested.configureOutput(voiced).exitOverride();
    program.addCommand(command);
  }
  return program;
}

/** Runs the CLI and returns the exit code (the caller exits with it). */
export async function main(argv: readonly string[], output: CliOutput = PROCESS_OUTPUT): Promise<number> {
  try {
    await buildProgram(output).parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    return exitCodeFor(error, output);
  }
}

function exitCodeFor(error: unknown, output: CliOutput): number {
  if (error instanceof CommanderError) {
    // commander has printed its message already; help and version are not errors.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof EtagBenchError) {
    output.writeErr(`etag-bench: ${error.message}\n`);
    return error.exitCode;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  output.writeErr(`etag-bench ${VERSION}: unexpected error, please report it:\n${detail}\n`);
  return 1;
}
