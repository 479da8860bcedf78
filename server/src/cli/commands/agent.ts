import { Command } from 'commander';
import type { AgentView } from '../../../../core/src/services/agent-service.ts';
import type { BudgetPeriod } from '../../../../core/src/domain/period.ts';
import { CLI_ACTOR, withRuntime, type DataDirOption } from '../context.ts';
import { printJson, printTable, usd, when } from '../output.ts';
import { collect, parseList, parsePeriod, parseUsd } from '../parse.ts';

function describe(a: AgentView): string {
  const b = a.budget;
  return `${a.name}: ${a.status}, ${usd(b.spentMicros)} spent + ${usd(b.reservedMicros)} reserved of ${usd(b.limitMicros)} (${a.period}${b.resetsAt ? `, resets ${when(b.resetsAt)}` : ''})`;
}

/** The lines an agent's developer pastes to point the official SDKs at the gateway. */
export function connectionHelp(token: string, gatewayUrl = 'http://127.0.0.1:8733'): string {
  return [
    `  IC token (shown once, store it now): ${token}`,
    '',
    '  OpenAI SDK:',
    `    export OPENAI_BASE_URL=${gatewayUrl}/v1`,
    `    export OPENAI_API_KEY=${token}`,
    '  Anthropic SDK:',
    `    export ANTHROPIC_BASE_URL=${gatewayUrl}`,
    `    export ANTHROPIC_API_KEY=${token}`,
  ].join('\n');
}

export function agentCommand(): Command {
  const cmd = new Command('agent').description('manage agents, their budgets and their kill switch');

  cmd
    .command('create')
    .description('create an agent with a budget; prints its IC token once')
    .argument('<name>')
    .requiredOption('--budget-usd <usd>', 'budget per period in USD', parseUsd)
    .option('--period <period>', 'total, daily, weekly or monthly (calendar-aligned in the configured time zone)', parsePeriod, 'monthly')
    .option('--models <a,b>', 'only these models may be called (default: any priced model)', parseList)
    .option('--provider <name>', 'provider to route to (repeat for one OpenAI-style and one Anthropic-style)', collect, [])
    .option('--log-bodies', 'also record prompt and response bodies of this agent\'s calls')
    .option('--json', 'print JSON')
    .option('--data-dir <dir>', 'data directory')
    .action(
      async (
        name: string,
        opts: DataDirOption & { budgetUsd: number; period: BudgetPeriod; models?: string[]; provider: string[]; logBodies?: boolean; json?: boolean },
      ) => {
        await withRuntime(opts, (rt) => {
          const { agent, token } = rt.agents.create(
            {
              name,
              budgetMicros: opts.budgetUsd,
              period: opts.period,
              allowedModels: opts.models ?? null,
              providerNames: opts.provider,
              logBodies: opts.logBodies ?? false,
            },
            CLI_ACTOR,
          );
          if (opts.json) return printJson({ agent, token });
          console.log(`Created agent ${describe(agent)}.`);
          if (!agent.providers.openai && !agent.providers.anthropic) {
            console.log('  Note: it has no provider yet, so its calls are refused until it gets one.');
          }
          console.log(connectionHelp(token));
        });
      },
    );

  cmd
    .command('list')
    .description('list agents with their budget status in the current period')
    .option('--json', 'print JSON')
    .option('--data-dir <dir>', 'data directory')
    .action(async (opts: DataDirOption & { json?: boolean }) => {
      await withRuntime(opts, (rt) => {
        const list = rt.agents.list();
        if (opts.json) return printJson(list);
        printTable(
          ['NAME', 'STATUS', 'PERIOD', 'SPENT', 'RESERVED', 'BUDGET', 'RESETS', 'PROVIDERS', 'MODELS'],
          list.map((a) => [
            a.name,
            a.status,
            a.period,
            usd(a.budget.spentMicros),
            usd(a.budget.reservedMicros),
            usd(a.budget.limitMicros),
            when(a.budget.resetsAt),
            [a.providerNames.openai, a.providerNames.anthropic].filter(Boolean).join(',') || '-',
            a.allowedModels?.join(',') ?? 'any',
          ]),
          'No agents yet. Create one: iron-cage agent create my-agent --budget-usd 10 --provider openai',
        );
      });
    });

  for (const [verb, status, help] of [
    ['suspend', 'suspended', 'stop an agent now: new calls are refused and running streams are cut off'],
    ['resume', 'active', 'let a suspended agent call again'],
  ] as const) {
    cmd
      .command(verb)
      .description(help)
      .argument('<name>')
      .option('--data-dir <dir>', 'data directory')
      .action(async (name: string, opts: DataDirOption) => {
        await withRuntime(opts, (rt) => console.log(`Agent ${describe(rt.agents.setStatus(name, status, CLI_ACTOR))}.`));
      });
  }

  cmd
    .command('budget')
    .description('change an agent\'s budget (and optionally its period)')
    .argument('<name>')
    .requiredOption('--usd <usd>', 'new budget per period in USD', parseUsd)
    .option('--period <period>', 'total, daily, weekly or monthly', parsePeriod)
    .option('--data-dir <dir>', 'data directory')
    .action(async (name: string, opts: DataDirOption & { usd: number; period?: BudgetPeriod }) => {
      await withRuntime(opts, (rt) => {
        const a = rt.agents.setBudget(name, { budgetMicros: opts.usd, ...(opts.period ? { period: opts.period } : {}) }, CLI_ACTOR);
        console.log(`Agent ${describe(a)}.`);
      });
    });
  return cmd;
}

export function tokenCommand(): Command {
  const cmd = new Command('token').description('rotate or revoke an agent\'s IC token (takes effect at once)');
  cmd
    .command('rotate')
    .description('revoke the agent\'s token and issue a new one, shown once')
    .argument('<agent>')
    .option('--json', 'print JSON')
    .option('--data-dir <dir>', 'data directory')
    .action(async (name: string, opts: DataDirOption & { json?: boolean }) => {
      await withRuntime(opts, (rt) => {
        const { token } = rt.agents.rotateToken(name, CLI_ACTOR);
        if (opts.json) return printJson({ agent: name, token });
        console.log(`Rotated the token of "${name}"; the old one no longer works.`);
        console.log(connectionHelp(token));
      });
    });
  cmd
    .command('revoke')
    .description('revoke the agent\'s token; it can make no call until a token is rotated in')
    .argument('<agent>')
    .option('--data-dir <dir>', 'data directory')
    .action(async (name: string, opts: DataDirOption) => {
      await withRuntime(opts, (rt) => {
        const n = rt.agents.revokeTokens(name, CLI_ACTOR);
        console.log(n > 0 ? `Revoked the token of "${name}".` : `Agent "${name}" had no live token.`);
      });
    });
  return cmd;
}
