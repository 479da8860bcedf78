import { Command } from 'commander';
import type { BudgetPeriod } from '../../../../core/src/domain/period.ts';
import { addProvider, addUser, createAgent, createTeam, listAgentViews, setAgentBudget, setAgentStatus, type AgentView } from '../../../../core/src/node/panel/admin-service.ts';
import { printJson, printTable, usd } from '../output.ts';
import { collect, parseList, parsePeriod, parseUsd } from '../parse.ts';
import { CLI, parseKeyMode, parseRole, readSecret, withPanel, withStoreOptions, type PanelStoreOptions } from './panel-common.ts';

type Json = { json?: boolean };

export function panelUserCommand(): Command {
  const cmd = new Command('user').description('people who sign in to the panel');
  withStoreOptions(
    cmd
      .command('add')
      .description('add a user with a role; the password comes from stdin or an environment variable (argon2id-hashed)')
      .argument('<email>')
      .requiredOption('--role <role>', 'admin, lead, member or viewer', parseRole)
      .option('--team <team>', 'the team the user belongs to')
      .option('--password-stdin', 'read the password from standard input')
      .option('--password-env <var>', 'read the password from this environment variable')
      .option('--json', 'print JSON'),
  ).action(async (email: string, opts: PanelStoreOptions & Json & { role: 'admin' | 'lead' | 'member' | 'viewer'; team?: string; passwordStdin?: boolean; passwordEnv?: string }) => {
    const password = await readSecret('password', { stdin: opts.passwordStdin, env: opts.passwordEnv }, ['--password-stdin', '--password-env']);
    const user = await withPanel(opts, (ctx) => addUser(ctx, CLI, { email, role: opts.role, team: opts.team, password }));
    if (opts.json) return printJson(user);
    console.log(`Added ${user.email} as ${user.role}${user.team ? ` in team ${user.team}` : ''}.`);
  });
  return cmd;
}

export function panelTeamCommand(): Command {
  const cmd = new Command('team').description('teams, their lead and their optional hard budget');
  withStoreOptions(
    cmd
      .command('create')
      .description('create a team; a budget caps all its agents together')
      .argument('<name>')
      .option('--lead <email>', 'the team lead (made lead of this team)')
      .option('--budget-usd <usd>', 'hard team budget per period in USD', parseUsd)
      .option('--period <period>', 'total, daily, weekly or monthly', parsePeriod, 'monthly')
      .option('--json', 'print JSON'),
  ).action(async (name: string, opts: PanelStoreOptions & Json & { lead?: string; budgetUsd?: number; period: BudgetPeriod }) => {
    const team = await withPanel(opts, (ctx) => createTeam(ctx, CLI, { name, lead: opts.lead, budgetMicros: opts.budgetUsd, period: opts.period }));
    if (opts.json) return printJson(team);
    console.log(`Created team ${team.name}${team.budgetMicros !== null ? ` with a ${usd(team.budgetMicros)} ${team.period} budget` : ' (no team budget)'}.`);
  });
  return cmd;
}

export function panelProviderCommand(): Command {
  const cmd = new Command('provider').description("the team's provider keys, encrypted at rest under the panel master key");
  withStoreOptions(
    cmd
      .command('add')
      .description('add a provider and its key (from stdin or an environment variable; never printed again)')
      .argument('<name>')
      .requiredOption('--type <type>', 'openai, anthropic or openai-compatible')
      .option('--base-url <url>', 'the provider base URL (default: the type\'s public API)')
      .option('--key-stdin', 'read the key from standard input')
      .option('--key-env <var>', 'read the key from this environment variable')
      .option('--json', 'print JSON'),
  ).action(async (name: string, opts: PanelStoreOptions & Json & { type: string; baseUrl?: string; keyStdin?: boolean; keyEnv?: string }) => {
    const key = await readSecret('key', { stdin: opts.keyStdin, env: opts.keyEnv }, ['--key-stdin', '--key-env']);
    const p = await withPanel(opts, (ctx) => addProvider(ctx, CLI, { name, type: opts.type, baseUrl: opts.baseUrl, key }));
    if (opts.json) return printJson(p);
    console.log(`Added provider ${p.name} (${p.type}), key …${p.last4}.`);
  });
  return cmd;
}

function describe(a: AgentView): string {
  return `${a.name}: ${a.status}, ${usd(a.committedMicros)} spent + ${usd(a.reservedMicros)} reserved of ${usd(a.budgetMicros)} (${a.period}), ${a.keyMode}`;
}

export function panelAgentCommand(): Command {
  const cmd = new Command('agent').description('agents with central budgets, allowed models, providers and key mode');
  withStoreOptions(
    cmd
      .command('create')
      .description('create an agent; prints its IC token once')
      .argument('<name>')
      .requiredOption('--owner <email>', 'the user whose devices run the agent')
      .requiredOption('--budget-usd <usd>', 'budget per period in USD', parseUsd)
      .option('--period <period>', 'total, daily, weekly or monthly', parsePeriod, 'monthly')
      .option('--team <team>', "the team whose budget also caps it (default: the owner's team)")
      .option('--provider <name>', 'a provider it may use (repeat)', collect, [])
      .option('--models <a,b>', 'only these models (default: any priced model)', parseList)
      .option('--key-mode <mode>', 'sealed (key sealed to the device) or relay (the panel calls the provider)', parseKeyMode, 'sealed')
      .option('--json', 'print JSON'),
  ).action(async (name: string, opts: PanelStoreOptions & Json & { owner: string; budgetUsd: number; period: BudgetPeriod; team?: string; provider: string[]; models?: string[]; keyMode: 'sealed' | 'relay' }) => {
    const out = await withPanel(opts, (ctx) =>
      createAgent(ctx, CLI, { name, owner: opts.owner, budgetMicros: opts.budgetUsd, period: opts.period, team: opts.team, providers: opts.provider, models: opts.models, keyMode: opts.keyMode }),
    );
    if (opts.json) return printJson(out);
    console.log(`Created agent ${describe(out.agent)}.`);
    console.log(`  IC token (shown once, store it now): ${out.token}`);
  });
  withStoreOptions(cmd.command('list').description('list agents and their budgets').option('--json', 'print JSON')).action(async (opts: PanelStoreOptions & Json) => {
    const agents = await withPanel(opts, (ctx) => listAgentViews(ctx));
    if (opts.json) return printJson(agents);
    printTable(
      ['NAME', 'OWNER', 'TEAM', 'STATUS', 'SPENT', 'RESERVED', 'BUDGET', 'PERIOD', 'KEYS'],
      agents.map((a) => [a.name, a.owner, a.team ?? '-', a.status, usd(a.committedMicros), usd(a.reservedMicros), usd(a.budgetMicros), a.period, a.keyMode]),
      'No agents yet: create one with `iron-cage panel agent create NAME --owner EMAIL --budget-usd N`.',
    );
  });
  for (const [verb, status, what] of [['suspend', 'suspended', 'stop an agent on every device at once (its leases are revoked)'], ['resume', 'active', 'let a suspended agent spend again']] as const) {
    withStoreOptions(cmd.command(verb).description(what).argument('<name>').option('--json', 'print JSON')).action(async (name: string, opts: PanelStoreOptions & Json) => {
      const a = await withPanel(opts, (ctx) => setAgentStatus(ctx, CLI, name, status));
      if (opts.json) return printJson(a);
      console.log(`Agent ${describe(a)}.`);
    });
  }
  withStoreOptions(
    cmd
      .command('budget')
      .description("change an agent's budget (devices are told at once)")
      .argument('<name>')
      .requiredOption('--usd <usd>', 'the new budget per period in USD', parseUsd)
      .option('--period <period>', 'total, daily, weekly or monthly', parsePeriod)
      .option('--json', 'print JSON'),
  ).action(async (name: string, opts: PanelStoreOptions & Json & { usd: number; period?: BudgetPeriod }) => {
    const a = await withPanel(opts, (ctx) => setAgentBudget(ctx, CLI, name, opts.usd, opts.period));
    if (opts.json) return printJson(a);
    console.log(`Agent ${describe(a)}.`);
  });
  return cmd;
}
