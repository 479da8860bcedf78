import { Command } from 'commander';
import { withClient, type DataDirOption } from '../context.ts';
import { printJson, printTable, usd } from '../output.ts';
import { parseUsdPerMtok } from '../parse.ts';

export function priceCommand(): Command {
  const cmd = new Command('price').description('price overrides for models the bundled catalog lacks or misprices');
  cmd
    .command('set')
    .description('set a model\'s price in USD per million tokens')
    .argument('<model>')
    .requiredOption('--input <usd>', 'USD per million input tokens', parseUsdPerMtok)
    .requiredOption('--output <usd>', 'USD per million output tokens', parseUsdPerMtok)
    .option('--cache-read <usd>', 'USD per million cached input tokens (default: the input price)', parseUsdPerMtok)
    .option('--cache-write <usd>', 'USD per million cache-write tokens (default: the input price)', parseUsdPerMtok)
    .option('--provider <name>', 'only at this provider (default: at any provider)')
    .option('--data-dir <dir>', 'data directory')
    .action(
      async (model: string, opts: DataDirOption & { input: number; output: number; cacheRead?: number; cacheWrite?: number; provider?: string }) => {
        await withClient(opts, async (client) => {
          await client.call('prices.set', {
            model,
            provider: opts.provider ?? null,
            inputPerMtok: opts.input,
            outputPerMtok: opts.output,
            ...(opts.cacheRead !== undefined ? { cacheReadPerMtok: opts.cacheRead } : {}),
            ...(opts.cacheWrite !== undefined ? { cacheWritePerMtok: opts.cacheWrite } : {}),
          });
          console.log(`Priced "${model}"${opts.provider ? ` at "${opts.provider}"` : ''}: ${usd(opts.input)} in / ${usd(opts.output)} out per million tokens.`);
        });
      },
    );
  cmd
    .command('list')
    .description('list price overrides')
    .option('--json', 'print JSON')
    .option('--data-dir <dir>', 'data directory')
    .action(async (opts: DataDirOption & { json?: boolean }) => {
      await withClient(opts, async (client) => {
        const list = await client.call('prices.list', {});
        if (opts.json) return printJson(list);
        printTable(
          ['MODEL', 'PROVIDER', 'INPUT/M', 'OUTPUT/M', 'CACHE READ/M', 'CACHE WRITE/M'],
          list.map((o) => [
            o.model,
            o.providerName ?? 'any',
            usd(o.inputPerMtok),
            usd(o.outputPerMtok),
            o.cacheReadPerMtok === undefined ? '=input' : usd(o.cacheReadPerMtok),
            o.cacheWritePerMtok === undefined ? '=input' : usd(o.cacheWritePerMtok),
          ]),
          'No price overrides: prices come from the bundled catalog.',
        );
      });
    });
  cmd
    .command('remove')
    .description('remove a price override')
    .argument('<model>')
    .option('--provider <name>', 'the override for this provider')
    .option('--data-dir <dir>', 'data directory')
    .action(async (model: string, opts: DataDirOption & { provider?: string }) => {
      await withClient(opts, async (client) => {
        await client.call('prices.remove', { model, provider: opts.provider ?? null });
        console.log(`Removed the price override for "${model}".`);
      });
    });
  return cmd;
}
