import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRuntime } from '../../core/src/node/runtime.ts';
import { silentLogger } from '../../core/src/ports/logger.ts';
import { runCli, startServe, stopChild } from '../support/cli.ts';
import { tempDir, waitFor } from '../support/harness.ts';

let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function dbState() {
  const rt = openRuntime({ dataDir: dir, logger: silentLogger });
  try {
    const db = rt.store.db;
    return {
      agents: db
        .prepare('SELECT a.name, a.status, l.limit_micros AS budget_micros, l.period FROM agents a JOIN agent_limits l ON l.agent_id = a.id ORDER BY a.name, l.period')
        .all(),
      providers: db.prepare('SELECT name, type, base_url FROM providers ORDER BY name').all(),
      tokens: db.prepare('SELECT COUNT(*) AS n FROM ic_tokens WHERE revoked_at IS NULL').get(),
    };
  } finally {
    rt.close();
  }
}

describe('the iron-cage CLI', () => {
  it('prints its version and helpful --help on every command', () => {
    expect(runCli(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    for (const args of [[], ['serve'], ['provider', 'add'], ['agent', 'create'], ['agent', 'budget'], ['token', 'rotate'], ['usage'], ['price', 'set']]) {
      const r = runCli([...args, '--help']);
      expect(r.status, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/Usage: iron-cage/);
    }
  });

  it('adds providers and agents, lists them as text and JSON', () => {
    expect(runCli(['provider', 'add', 'oa', '--type', 'openai', '--key-stdin'], { dataDir: dir, input: 'sk-cli-test-0000000000000000wxyz\n' }).status).toBe(0);
    expect(runCli(['provider', 'add', 'local', '--type', 'openai-compatible', '--base-url', 'http://127.0.0.1:11434', '--no-key', '--zero-priced'], { dataDir: dir }).status).toBe(0);
    const created = runCli(['agent', 'create', 'bot', '--budget-usd', '12.5', '--period', 'daily', '--provider', 'oa', '--models', 'gpt-4o-mini,gpt-4o'], { dataDir: dir });
    expect(created.status).toBe(0);
    expect(created.stdout).toMatch(/ic_[A-Za-z0-9_-]{43}/);
    expect(created.stdout).toContain('OPENAI_BASE_URL=http://127.0.0.1:8733/v1');

    const providers = JSON.parse(runCli(['provider', 'list', '--json'], { dataDir: dir }).stdout) as { name: string; baseUrl: string | null; last4: string | null }[];
    expect(providers.map((p) => [p.name, p.baseUrl, p.last4])).toEqual([
      ['local', 'http://127.0.0.1:11434/v1', null],
      ['oa', null, 'wxyz'],
    ]);
    const agents = JSON.parse(runCli(['agent', 'list', '--json'], { dataDir: dir }).stdout) as { name: string; budgetMicros: number; period: string; allowedModels: string[] }[];
    expect(agents[0]).toMatchObject({ name: 'bot', budgetMicros: 12_500_000, period: 'daily', allowedModels: ['gpt-4o-mini', 'gpt-4o'] });
    expect(runCli(['agent', 'list'], { dataDir: dir }).stdout).toMatch(/bot\s+active\s+daily\s+\$0\.00\s+\$0\.00\s+\$12\.50/);
  });

  it('suspends, resumes, re-budgets and rotates', () => {
    expect(runCli(['agent', 'suspend', 'bot'], { dataDir: dir }).stdout).toContain('suspended');
    expect(runCli(['agent', 'resume', 'bot'], { dataDir: dir }).stdout).toContain('active');
    expect(runCli(['agent', 'budget', 'bot', '--usd', '3', '--period', 'monthly'], { dataDir: dir }).status).toBe(0);
    const rotated = runCli(['token', 'rotate', 'bot', '--json'], { dataDir: dir });
    expect(JSON.parse(rotated.stdout).token).toMatch(/^ic_/);
    expect(dbState().agents).toEqual([{ name: 'bot', status: 'active', budget_micros: 3_000_000, period: 'monthly' }]);
  });

  it('sets several caps at once, adds one, lists every window, and goes back to one', () => {
    const set = runCli(['agent', 'budget', 'bot', '--usd', '5', '--period', 'hourly', '--usd', '50', '--period', 'daily', '--usd', '500', '--period', 'monthly'], { dataDir: dir });
    expect(set.status, set.stderr).toBe(0);
    expect(set.stdout).toMatch(/\(hourly, resets .*\(daily, resets .*\(monthly, resets/);
    expect(runCli(['agent', 'budget', 'bot', '--add', '--usd', '6', '--period', 'hourly'], { dataDir: dir }).status).toBe(0);
    expect((dbState().agents as { period: string; budget_micros: number }[]).map((a) => [a.period, a.budget_micros])).toEqual([
      ['daily', 50_000_000],
      ['hourly', 6_000_000],
      ['monthly', 500_000_000],
    ]);
    const listed = runCli(['agent', 'list'], { dataDir: dir }).stdout;
    expect(listed).toMatch(/bot\s+active\s+hourly\s+\$0\.00\s+\$0\.00\s+\$6\.00/);
    expect(listed).toMatch(/\n\s+daily\s+\$0\.00\s+\$0\.00\s+\$50\.00/);
    const json = JSON.parse(runCli(['agent', 'list', '--json'], { dataDir: dir }).stdout) as { budgets: { period: string; limitMicros: number }[] }[];
    expect(json[0]?.budgets.map((b) => b.period)).toEqual(['hourly', 'daily', 'monthly']);
    expect(runCli(['agent', 'budget', 'bot', '--usd', '7'], { dataDir: dir }).stderr).toMatch(/several budgets/);
    expect(runCli(['agent', 'budget', 'bot', '--usd', '5', '--usd', '50', '--period', 'daily'], { dataDir: dir }).stderr).toMatch(/one --period per --usd/);
    expect(runCli(['agent', 'budget', 'bot', '--usd', '5', '--period', 'daily', '--usd', '6', '--period', 'daily'], { dataDir: dir }).stderr).toMatch(/one budget per period/);
    expect(runCli(['agent', 'budget', 'bot', '--usd', '3', '--period', 'monthly'], { dataDir: dir }).status).toBe(0);
    expect(dbState().agents).toEqual([{ name: 'bot', status: 'active', budget_micros: 3_000_000, period: 'monthly' }]);
  }, 60_000);

  it('rejects bad input with one clear line and a non-zero exit, changing nothing', () => {
    const before = dbState();
    const bad: [string[], RegExp][] = [
      [['agent', 'create', 'x2', '--budget-usd', 'ten'], /USD amount/],
      [['agent', 'create', 'x2', '--budget-usd', '-5'], /USD amount|unknown option/],
      [['agent', 'create', 'x2', '--budget-usd', '5', '--period', 'yearly'], /hourly, daily/],
      [['agent', 'create', 'x2', '--budget-usd', '5', '--provider', 'nope'], /no provider named "nope"/],
      [['agent', 'create', 'bot', '--budget-usd', '5'], /already exists/],
      [['agent', 'create', 'bad name!', '--budget-usd', '5'], /name/],
      [['agent', 'suspend', 'ghost'], /no agent named "ghost"/],
      [['agent', 'budget', 'bot', '--usd', '1e9x'], /USD amount/],
      [['provider', 'add', 'p2', '--type', 'gemini', '--key-env', 'X'], /Allowed choices/],
      [['provider', 'add', 'p2', '--type', 'openai-compatible', '--no-key'], /base-url/],
      [['provider', 'add', 'p2', '--type', 'openai-compatible', '--base-url', 'file:///etc/passwd', '--no-key'], /http or https/],
      [['provider', 'add', 'p2', '--type', 'openai-compatible', '--base-url', 'http://169.254.169.254/v1', '--no-key'], /metadata/],
      [['provider', 'add', 'p2', '--type', 'openai', '--key-env', 'SURELY_UNSET_VAR'], /not set/],
      [['provider', 'add', 'p2', '--type', 'openai'], /--key-stdin/],
      [['token', 'revoke', 'ghost'], /no agent/],
      [['usage', '--since', 'yesterday-ish'], /ISO/],
      [['agent', 'frobnicate'], /unknown command/],
    ];
    for (const [args, message] of bad) {
      const r = runCli(args, { dataDir: dir });
      expect(r.status, args.join(' ')).not.toBe(0);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(dbState()).toEqual(before);
  });

  it('fails on an unknown command with a hint, whatever flags follow it', () => {
    for (const args of [['nope', '--help'], ['agnet', 'list'], ['agent', 'suspnd', 'bot', '--help']]) {
      const r = runCli(args, { dataDir: dir });
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/unknown command/);
    }
    expect(runCli(['agnet', 'list'], { dataDir: dir }).stderr).toContain('Did you mean `iron-cage agent`?');
    expect(runCli(['agent', 'suspnd', 'bot'], { dataDir: dir }).stderr).toContain('Did you mean `iron-cage agent suspend`?');
  });

  it('refuses a non-loopback --host unless --allow-remote is given', async () => {
    const r = runCli(['serve', '--host', '0.0.0.0', '--port', '0'], { dataDir: dir });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/--allow-remote/);
    const remote = await startServe(['--host', '0.0.0.0', '--allow-remote', '--quiet'], dir);
    await stopChild(remote.child);
  });

  it('serve --demo makes a metered call possible without any real key', async () => {
    const demoDir = tempDir();
    const demo = await startServe(['--demo'], demoDir);
    try {
      await waitFor(() => demo.output().includes('Then see the spend'), 5_000, 'the demo instructions');
      const curl = /Authorization: Bearer (ic_[A-Za-z0-9_-]+)"/.exec(demo.output());
      expect(curl).not.toBeNull();
      const res = await fetch(`${demo.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${curl![1]}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini', max_tokens: 20, messages: [{ role: 'user', content: 'hello' }] }),
      });
      expect(res.status).toBe(200);
      const usage = JSON.parse(runCli(['usage', '--json'], { dataDir: demoDir }).stdout) as { agentName: string; calls: number; costMicros: number }[];
      expect(usage).toEqual([expect.objectContaining({ agentName: 'demo', calls: 1 })]);
      expect(usage[0]!.costMicros).toBeGreaterThan(0);
    } finally {
      await stopChild(demo.child);
      rmSync(demoDir, { recursive: true, force: true });
    }
  });
});
