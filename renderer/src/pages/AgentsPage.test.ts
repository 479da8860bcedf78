import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { agentView, appErr, deferred, setup } from '../testing/fake-backend.ts';
import ToastHost from '../components/ToastHost.vue';
import AgentsPage from './AgentsPage.vue';

function mountPage(pinia: ReturnType<typeof setup>['pinia']) {
  return mount({ components: { AgentsPage, ToastHost }, template: '<AgentsPage /><ToastHost />' }, { global: { plugins: [pinia] }, attachTo: document.body });
}

describe('the Agents page', () => {
  it('shows a loading state, then an empty state that offers to create an agent', async () => {
    const list = deferred<never[]>();
    const { pinia } = setup({ 'agents.list': () => list.promise, 'providers.list': () => [] });
    const w = mountPage(pinia);
    await flushPromises();
    expect(w.find('[role="status"]').text()).toContain('Loading agents');
    list.resolve([]);
    await flushPromises();
    expect(w.text()).toContain('No agents yet');
    expect(w.text()).toContain('add a provider');
    expect(w.findAll('button').some((b) => b.text() === 'Create an agent')).toBe(true);
    w.unmount();
  });

  it('shows a failed load by code, and retries', async () => {
    const { backend, pinia } = setup({ 'agents.list': () => Promise.reject(appErr('INTERNAL', 'internal error; see the log')), 'providers.list': () => [] });
    const w = mountPage(pinia);
    await flushPromises();
    expect(w.find('[role="alert"]').text()).toContain('INTERNAL');
    backend.mocks['agents.list'] = () => [agentView('bot')];
    await w.get('[role="alert"] button').trigger('click');
    await flushPromises();
    expect(w.find('[role="alert"]').exists()).toBe(false);
    expect(w.find('tr[data-agent="bot"]').exists()).toBe(true);
    w.unmount();
  });

  it('suspends with one click: the row changes at once and a confirmation is announced', async () => {
    const reply = deferred<ReturnType<typeof agentView>>();
    const { backend, pinia } = setup({ 'agents.list': () => [agentView('bot')], 'providers.list': () => [], 'agents.suspend': () => reply.promise });
    const w = mountPage(pinia);
    await flushPromises();
    const row = () => w.get('tr[data-agent="bot"]');
    expect(row().text()).toContain('Active');
    await row().get('button[aria-label="Suspend bot"]').trigger('click');
    expect(row().text()).toContain('Suspended');
    expect(row().find('button[aria-label="Resume bot"]').exists()).toBe(true);
    reply.resolve(agentView('bot', { status: 'suspended' }));
    await flushPromises();
    expect(backend.calls.map((c) => c.operation)).toContain('agents.suspend');
    expect(w.find('[data-test="toast"]').text()).toContain('bot is suspended');

    backend.mocks['agents.resume'] = () => Promise.reject(appErr('NOT_FOUND', 'no agent named "bot"'));
    await row().get('button[aria-label="Resume bot"]').trigger('click');
    await flushPromises();
    expect(row().text()).toContain('Suspended');
    expect(w.text()).toContain('no agent named "bot"');
    w.unmount();
  });
});
