import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { callRecord, setup } from '../testing/fake-backend.ts';
import { useCallsStore } from '../stores/use-calls-store.ts';
import { useLiveStore } from '../stores/use-live-store.ts';
import LiveLogPage from './LiveLogPage.vue';

describe('the Live log page', () => {
  it('shows guardrail findings beside their call, and as their own row when there was no call', async () => {
    const { backend, pinia } = setup({ 'calls.list': () => [callRecord('c1', { startedAt: 1_000 })], 'agents.list': () => [] });
    const w = mount(LiveLogPage, { global: { plugins: [pinia] }, attachTo: document.body });
    await flushPromises();
    useLiveStore().start();

    backend.emit({ type: 'safety', at: 1_010, agentName: 'bot', callId: 'c1', direction: 'request', category: 'pii', action: 'redact', types: ['EMAIL'], count: 2 });
    backend.emit({ type: 'safety', at: 1_020, agentName: 'bot', callId: 'c1', direction: 'response', category: 'injection', action: 'flag', types: ['IGNORE_PREVIOUS'], count: 1 });
    await flushPromises();
    const row = w.get('tr[data-call="c1"]');
    const badges = row.findAll('[data-test="safety"]');
    expect(badges.map((b) => b.text())).toEqual(['Guardrail: request personal data redacted: EMAIL ×2', 'Guardrail: response injection flagged: IGNORE_PREVIOUS']);
    expect(badges[0]!.classes()).toContain('warn');
    expect(row.attributes('aria-label')).toContain('with guardrail findings');

    backend.emit({ type: 'safety', at: 2_000, agentName: 'bot', direction: 'request', category: 'secret', action: 'block', types: ['AWS_ACCESS_KEY'], count: 1 });
    await flushPromises();
    const loose = w.get('[data-test="safety-row"]');
    expect(loose.text()).toContain('bot');
    expect(loose.get('[data-test="safety"]').text()).toContain('request secret blocked: AWS_ACCESS_KEY');
    expect(loose.get('[data-test="safety"]').classes()).toContain('danger');
    // Newest first: the finding (at 2000) above the call (at 1000).
    expect(w.findAll('tbody tr')[0]!.attributes('data-test')).toBe('safety-row');

    // Filters apply to findings too.
    useCallsStore().filters.outcome = 'ok';
    await flushPromises();
    expect(w.find('[data-test="safety-row"]').exists()).toBe(false);
    useLiveStore().end();
    w.unmount();
  });
});
