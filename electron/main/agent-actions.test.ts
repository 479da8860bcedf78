import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../tests/support/harness.ts';
import { pauseAllAgents, todaySpendMicros } from './agent-actions.ts';

describe('tray actions over the contract', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ period: 'daily' });
  });
  afterAll(() => h.close());

  it('sums today\'s spend from the ledger', async () => {
    const desktop = h.rt.client('desktop');
    expect(await todaySpendMicros(desktop, Date.now())).toBe(0);
    await h.openai.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] });
    const spent = h.budget().spent;
    expect(spent).toBeGreaterThan(0);
    expect(await todaySpendMicros(desktop, Date.now())).toBe(spent);
    // The day after tomorrow starts with nothing spent.
    expect(await todaySpendMicros(desktop, Date.now() + 2 * 86_400_000)).toBe(0);
  });

  it('pauses every active agent, audited as the desktop, and the gateway refuses them at once', async () => {
    const cli = h.rt.client('cli');
    await cli.call('agents.create', { name: 'idle-bot', budgetMicros: 1_000_000 });
    await cli.call('agents.create', { name: 'already-off', budgetMicros: 1_000_000 });
    await cli.call('agents.suspend', { name: 'already-off' });

    const result = await pauseAllAgents(h.rt.client('desktop'));
    expect(result).toEqual({ paused: ['agent-1', 'idle-bot'], failed: [] });
    const agents = await cli.call('agents.list', {});
    expect(agents.every((a) => a.status === 'suspended')).toBe(true);

    const audit = await cli.call('audit.list', {});
    const byDesktop = audit.filter((r) => r.actor === 'desktop').map((r) => r.target);
    expect(byDesktop).toEqual(expect.arrayContaining([expect.stringContaining('agent-1'), expect.stringContaining('idle-bot')]));
    expect(byDesktop.some((t) => t?.includes('already-off'))).toBe(false);

    await expect(
      h.openai.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] }),
    ).rejects.toMatchObject({ status: 403 });
  });
});
