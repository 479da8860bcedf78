import { Command } from 'commander';
import { withClient, type DataDirOption } from '../context.ts';
import { printJson, printTable, usd } from '../output.ts';
import { parseIsoTime } from '../parse.ts';

export function usageCommand(): Command {
  return new Command('usage')
    .description('spend and tokens per agent and model')
    .option('--agent <name>', 'only this agent')
    .option('--since <iso>', 'only calls started at or after this time', parseIsoTime)
    .option('--json', 'print JSON')
    .option('--data-dir <dir>', 'data directory')
    .action(async (opts: DataDirOption & { agent?: string; since?: number; json?: boolean }) => {
      await withClient(opts, async (client) => {
        const rows = await client.call('usage.summary', {
          ...(opts.agent !== undefined ? { agent: opts.agent } : {}),
          ...(opts.since !== undefined ? { since: opts.since } : {}),
        });
        if (opts.json) return printJson(rows);
        printTable(
          ['AGENT', 'MODEL', 'CALLS', 'REFUSED', 'INPUT', 'CACHED', 'OUTPUT', 'COST'],
          rows.map((r) => [r.agentName, r.model, r.calls, r.refused, r.inputTokens + r.cacheWriteTokens, r.cacheReadTokens, r.outputTokens, usd(r.costMicros)]),
          'No calls recorded yet.',
        );
        if (rows.length > 1) console.log(`Total: ${usd(rows.reduce((s, r) => s + r.costMicros, 0))}`);
      });
    });
}
