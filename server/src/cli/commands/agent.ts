import { Command, InvalidArgumentError } from 'commander';
import { appError } from '../../../../core/src/domain/errors.ts';
import { GuardActionSchema, type GuardAction } from '../../../../core/src/domain/guard-policy.ts';
import type { AgentViewDto as AgentView } from '../../../../core/src/contract/ops/agents.ts';
import type { BudgetPeriod } from '../../../../core/src/domain/period.ts';
import { withClient, type DataDirOption } from '../context.ts';
import { printJson, printTable, usd, when } from '../output.ts';
import { collect, parseList, parsePeriod, parseUsd } from '../parse.ts';

function describeWindow(b: AgentView['budget']): string {
  return `${usd(b.spentMicros)} spent + ${usd(b.reservedMicros)} reserved of ${usd(b.limitMicros)} (${b.period}${b.resetsAt ? `, resets ${when(b.resetsAt)}` : ''})`;
}

function describe(a: AgentView): string {
  const windows = a.budgets.length > 0 ? a.budgets : [a.budget];
  return `${a.name}: ${a.status}, ${windows.map(describeWindow).join('; ')}`;
}

/** Pairs repeated `--usd` and `--period` options into the caps they ask for (`--usd` alone: the one cap's amount). */
function budgetChange(usdList: number[], periods: BudgetPeriod[]): { budgetMicros?: number; limits?: { period: BudgetPeriod; limitMicros: number }[] } {
  if (usdList.length === 1 && periods.length === 0) return { budgetMicros: usdList[0]! };
  if (usdList.length !== periods.length) {
    throw appError('INVALID_INPUT', 'give one --period per --usd when setting several budgets (e.g. --usd 5 --period hourly --usd 50 --period daily)');
  }
  return { limits: usdList.map((limitMicros, i) => ({ period: periods[i]!, limitMicros })) };
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
    .option('--period <period>', 'total, hourly, daily, weekly or monthly (calendar-aligned in the configured time zone)', parsePeriod, 'monthly')
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
        await withClient(opts, async (client) => {
          const { agent, token } = await client.call('agents.create', {
            name,
            budgetMicros: opts.budgetUsd,
            period: opts.period,
            allowedModels: opts.models ?? null,
            providerNames: opts.provider,
            logBodies: opts.logBodies ?? false,
          });
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
      await withClient(opts, async (client) => {
        const list = await client.call('agents.list', {});
        if (opts.json) return printJson(list);
        printTable(
          ['NAME', 'STATUS', 'PERIOD', 'SPENT', 'RESERVED', 'BUDGET', 'RESETS', 'PROVIDERS', 'MODELS'],
          // One row per capped window; an agent's other columns are on its first row.
          list.flatMap((a) =>
            a.budgets.map((b, i) =>
              i === 0
                ? [
                    a.name,
                    a.status,
                    b.period,
                    usd(b.spentMicros),
                    usd(b.reservedMicros),
                    usd(b.limitMicros),
                    when(b.resetsAt),
                    [a.providerNames.openai, a.providerNames.anthropic].filter(Boolean).join(',') || '-',
                    a.allowedModels?.join(',') ?? 'any',
                  ]
                : ['', '', b.period, usd(b.spentMicros), usd(b.reservedMicros), usd(b.limitMicros), when(b.resetsAt), '', ''],
            ),
          ),
          'No agents yet. Create one: iron-cage agent create my-agent --budget-usd 10 --provider openai',
        );
      });
    });

  for (const [verb, help] of [
    ['suspend', 'stop an agent now: new calls are refused and running streams are cut off'],
    ['resume', 'let a suspended agent call again'],
  ] as const) {
    cmd
      .command(verb)
      .description(help)
      .argument('<name>')
      .option('--data-dir <dir>', 'data directory')
      .action(async (name: string, opts: DataDirOption) => {
        await withClient(opts, async (client) => console.log(`Agent ${describe(await client.call(`agents.${verb}`, { name }))}.`));
      });
  }

  cmd
    .command('budget')
    .description('change an agent\'s budgets: one cap, or several at once (every call must fit all of them)')
    .argument('<name>')
    .requiredOption('--usd <usd>', 'budget per period in USD (repeat with --period for several caps)', (v: string, prev: number[] = []) => [...prev, parseUsd(v)])
    .option('--period <period>', 'total, hourly, daily, weekly or monthly (repeat, one per --usd)', (v: string, prev: BudgetPeriod[] = []) => [...prev, parsePeriod(v)])
    .option('--add', 'add or change these caps and keep the agent\'s other ones (default: the caps given replace every cap)')
    .option('--json', 'print JSON')
    .option('--data-dir <dir>', 'data directory')
    .addHelpText(
      'after',
      '\nExamples:\n  iron-cage agent budget bot --usd 50 --period monthly\n  iron-cage agent budget bot --usd 5 --period hourly --usd 50 --period daily --usd 500 --period monthly\n  iron-cage agent budget bot --add --usd 5 --period hourly',
    )
    .action(async (name: string, opts: DataDirOption & { usd: number[]; period?: BudgetPeriod[]; add?: boolean; json?: boolean }) => {
      await withClient(opts, async (client) => {
        let change = budgetChange(opts.usd, opts.period ?? []);
        if (opts.add) {
          const asked = change.limits;
          if (!asked) throw appError('INVALID_INPUT', '--add needs a --period for each --usd');
          const current = await client.call('agents.get', { name });
          const kept = current.limits.filter((l) => !asked.some((a) => a.period === l.period));
          change = { limits: [...kept, ...asked] };
        }
        const a = await client.call('agents.update', { name, ...change });
        if (opts.json) return printJson(a);
        console.log(`Agent ${describe(a)}.`);
      });
    });
  cmd
    .command('guard')
    .description('show or change what the guardrails do with secrets, personal data and prompt injection')
    .argument('<name>')
    .option('--secret <request/response>', 'actions for secrets, e.g. block/redact (each one of off, flag, redact, block)', parseGuardRule)
    .option('--pii <request/response>', 'actions for personal data, e.g. flag/flag', parseGuardRule)
    .option('--injection <request/response>', 'actions for prompt injection, e.g. flag/flag', parseGuardRule)
    .option('--reset', 'go back to the defaults (secret block/redact, pii flag/flag, injection flag/flag)')
    .option('--json', 'print JSON')
    .option('--data-dir <dir>', 'data directory')
    .action(async (name: string, opts: DataDirOption & GuardRuleOptions & { reset?: boolean; json?: boolean }) => {
      await withClient(opts, async (client) => {
        const patch = { ...(opts.secret ? { secret: opts.secret } : {}), ...(opts.pii ? { pii: opts.pii } : {}), ...(opts.injection ? { injection: opts.injection } : {}) };
        const agent =
          opts.reset || Object.keys(patch).length > 0
            ? await client.call('agents.update', { name, guardPolicy: opts.reset ? null : patch })
            : await client.call('agents.get', { name });
        if (opts.json) return printJson(agent.guardPolicy);
        printTable(
          ['CATEGORY', 'REQUEST', 'RESPONSE'],
          Object.entries(agent.guardPolicy).map(([category, rule]) => [category, rule.request, rule.response]),
          '',
        );
      });
    });
  return cmd;
}

interface GuardRuleOptions {
  secret?: GuardRule;
  pii?: GuardRule;
  injection?: GuardRule;
}
type GuardRule = { request: GuardAction; response: GuardAction };

function parseGuardRule(value: string): GuardRule {
  const [request, response, extra] = value.split('/');
  const a = GuardActionSchema.safeParse(request);
  const b = GuardActionSchema.safeParse(response ?? request);
  if (!a.success || !b.success || extra !== undefined) {
    throw new InvalidArgumentError(`expected REQUEST/RESPONSE actions, each one of ${GuardActionSchema.options.join(', ')} (e.g. block/redact)`);
  }
  return { request: a.data, response: b.data };
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
      await withClient(opts, async (client) => {
        const { token } = await client.call('tokens.rotate', { agent: name });
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
      await withClient(opts, async (client) => {
        const { revoked: n } = await client.call('tokens.revoke', { agent: name });
        console.log(n > 0 ? `Revoked the token of "${name}".` : `Agent "${name}" had no live token.`);
      });
    });
  return cmd;
}
