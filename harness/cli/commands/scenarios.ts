// `etag-bench scenarios`: the built-in scenarios, one line each (`--json`: name, description, file).
// Output goes through commander's configured writer, so the CLI's tests read it without a process.

import { Command } from 'commander';
import { formatScenarioList, listScenarios } from '../../scenario/list-scenarios.js';

interface ScenariosFlags {
  json: boolean;
}

export function scenariosCommand(): Command {
  const command: Command = new Command('scenarios')
    .description('list the built-in scenarios with one line each')
    .option('--json', 'print [{name, description, file}] on stdout', false)
    .action((flags: ScenariosFlags) => {
      const listing = listScenarios();
      const text = flags.json ? `${JSON.stringify(listing, null, 2)}\n` : formatScenarioList(listing);
      const write = command.configureOutput().writeOut ?? ((out: string) => process.stdout.write(out));
      write(text);
    });
  return command;
}
