import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import ErrorNotice from './ErrorNotice.vue';
import TokenReveal from './TokenReveal.vue';

describe('TokenReveal', () => {
  it('shows the token once with the four settings and a snippet per language, each with a copy button', async () => {
    const w = mount(TokenReveal, { props: { agentName: 'bot', token: 'ic_secret', gatewayUrl: 'http://127.0.0.1:8733/' } });
    expect((w.find('[data-test="token"]').element as HTMLInputElement).value).toBe('ic_secret');
    const lines = w.findAll('.env-line code').map((c) => c.text());
    expect(lines).toEqual([
      'OPENAI_BASE_URL=http://127.0.0.1:8733/v1',
      'OPENAI_API_KEY=ic_secret',
      'ANTHROPIC_BASE_URL=http://127.0.0.1:8733',
      'ANTHROPIC_API_KEY=ic_secret',
    ]);
    const labels = w.findAll('button').map((b) => b.attributes('aria-label'));
    for (const name of ['token', 'OPENAI_BASE_URL', 'OPENAI_API_KEY', 'ANTHROPIC_BASE_URL', 'ANTHROPIC_API_KEY']) expect(labels).toContain(`Copy ${name}`);
    expect(w.find('pre.snippet').text()).toContain('OpenAI(base_url="http://127.0.0.1:8733/v1", api_key="ic_secret")');
    await w.get('[role="tab"]#tab-typescript').trigger('click');
    expect(w.find('pre.snippet').text()).toContain("new OpenAI({ baseURL: 'http://127.0.0.1:8733/v1', apiKey: 'ic_secret' })");
    expect(w.get('#tab-typescript').attributes('aria-selected')).toBe('true');
  });
});

describe('ErrorNotice', () => {
  it('shows the code, a human title and the message, as an alert', async () => {
    const w = mount(ErrorNotice, { props: { error: { code: 'CONFLICT', message: 'provider "a" is used by agent "bot"' }, retry: true } });
    expect(w.attributes('role')).toBe('alert');
    expect(w.find('.code').text()).toBe('CONFLICT');
    expect(w.text()).toContain('Conflict');
    expect(w.text()).toContain('provider "a" is used by agent "bot"');
    await w.get('button').trigger('click');
    expect(w.emitted('retry')).toHaveLength(1);
  });
});
