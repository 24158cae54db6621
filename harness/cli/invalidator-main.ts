// The invalidator as a process of its own, started by `run` (scenario `purgeBy: "invalidator"`): the same
// command as `etag-bench invalidator`, without depending on the CLI's command list.

import { Command, CommanderError } from 'commander';
import { invalidatorCommand } from './commands/invalidator.js';
import { EtagBenchError } from '../errors.js';

const program = new Command('etag-bench').exitOverride().addCommand(invalidatorCommand().exitOverride());
program.parseAsync(['invalidator', ...process.argv.slice(2)], { from: 'user' }).then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
    process.stderr.write(`etag-bench invalidator: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof EtagBenchError ? error.exitCode : 1);
  },
);
