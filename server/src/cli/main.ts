import { Command, CommanderError } from 'commander';
import { ZodError } from 'zod';
import { isAppError } from '../../../core/src/domain/errors.ts';
import { VERSION } from '../../../core/src/node/version.ts';
import { agentCommand, tokenCommand } from './commands/agent.ts';
import { auditCommand } from './commands/audit.ts';
import { configCommand } from './commands/config.ts';
import { dashboardCommand } from './commands/dashboard.ts';
import { panelCommand } from './commands/panel.ts';
import { unknownCommand } from './unknown-command.ts';
import { priceCommand } from './commands/price.ts';
import { providerCommand } from './commands/provider.ts';
import { serveCommand } from './commands/serve.ts';
import { usageCommand } from './commands/usage.ts';
import { storageError } from '../../../core/src/node/db/storage-errors.ts';

function program(): Command {
  const root = new Command('iron-cage')
    .description('Iron Cage: a localhost LLM gateway with budgets that cannot be overspent, holding your provider keys.')
    .version(VERSION, '-v, --version')
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', '\nData lives in the OS app-data folder unless --data-dir or IRON_CAGE_DATA_DIR says otherwise.')
    .exitOverride();
  for (const cmd of [serveCommand(), providerCommand(), agentCommand(), tokenCommand(), usageCommand(), priceCommand(), configCommand(), auditCommand(), dashboardCommand(), panelCommand()]) {
    root.addCommand(cmd);
  }
  // Every sub-command exits through exitOverride too, so errors are reported in one place below.
  const override = (c: Command): void => {
    c.exitOverride();
    c.showHelpAfterError('(add --help for usage)');
    c.commands.forEach(override);
  };
  root.commands.forEach(override);
  return root;
}

/** One clear line on stderr and a non-zero exit; no stack traces for expected errors. */
function report(e: unknown): number {
  if (e instanceof CommanderError) {
    // Commander has printed its own message (or the help / version asked for).
    return e.exitCode;
  }
  if (isAppError(e)) {
    console.error(`iron-cage: ${e.message}`);
    return 1;
  }
  if (e instanceof ZodError) {
    console.error(`iron-cage: ${e.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`);
    return 1;
  }
  const storage = storageError(e);
  if (storage) {
    console.error(`iron-cage: ${storage.message}`);
    return 1;
  }
  console.error(`iron-cage: unexpected error: ${(e as Error)?.stack ?? String(e)}`);
  return 70;
}

try {
  const root = program();
  unknownCommand(root, process.argv.slice(2));
  await root.parseAsync(process.argv);
} catch (e) {
  process.exitCode = report(e);
}
