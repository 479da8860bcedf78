import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.ts';
import { sendJson, startHostileUpstream, type HostileUpstream } from '../support/hostile-upstream.ts';

let h: Harness | undefined;
let up: HostileUpstream | undefined;
afterEach(async () => {
  await h?.close();
  await up?.close();
  h = up = undefined;
});

describe('Prometheus /metrics', () => {
  it('is behind the admin token and counts calls, latency, spend, refusals and breaker state', async () => {
    h = await startHarness({ gateway: { retry: { retries: 0, baseDelayMs: 1, breakerThreshold: 1 } } });
    const url = `${h.gateway.url}/admin/api/metrics`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer ica_wrong' } })).status).toBe(401);

    await h.openai.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    await h.openai.chat.completions.create({ model: 'not-a-priced-model', messages: [{ role: 'user', content: 'hi' }] }).catch(() => undefined);
    up = await startHostileUpstream((_req, res) => sendJson(res, 503, '{}'));
    h.rt.providers.update('an', { baseUrl: `${up.url}/v1` }, 'test');
    await h.anthropic.messages.create({ model: 'claude-3-5-haiku-latest', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }).catch(() => undefined);

    const r = await fetch(url, { headers: { authorization: `Bearer ${h.gateway.adminToken}` } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await r.text();
    expect(text).toMatch(/iron_cage_calls_total\{agent="agent-1",provider="oa",model="gpt-4o-mini",outcome="ok"\} 1/);
    expect(text).toMatch(/iron_cage_call_duration_seconds_count\{agent="agent-1",provider="oa",model="gpt-4o-mini"\} 1/);
    expect(text).toMatch(/iron_cage_spend_usd_total\{agent="agent-1",provider="oa",model="gpt-4o-mini"\} \d/);
    expect(text).toMatch(/iron_cage_refusals_total\{agent="agent-1",code="unknown_model_price"\} 1/);
    expect(text).not.toContain('not-a-priced-model');
    expect(text).toMatch(/iron_cage_breaker_state\{provider="an",state="open"\} 1/);
  });
});
