import { flushPromises, mount } from '@vue/test-utils';
import { defineComponent } from 'vue';
import { describe, expect, it } from 'vitest';
import { DEFAULT_GUARD_POLICY } from '../../../core/src/domain/guard-policy.ts';
import type { OpInput } from '../../../core/src/contract/operations.ts';
import { agentView, appErr, deferred, setup } from '../testing/fake-backend.ts';
import { useAgentsStore } from '../stores/use-agents-store.ts';
import GuardPolicyEditor from './GuardPolicyEditor.vue';

const CUSTOM = { secret: { request: 'block', response: 'redact' }, pii: { request: 'redact', response: 'flag' }, injection: { request: 'block', response: 'off' } } as const;

/** The editor as the drawer shows it: bound to the store's view of the agent. */
async function mountEditor(pinia: ReturnType<typeof setup>['pinia']) {
  const Host = defineComponent({
    components: { GuardPolicyEditor },
    setup: () => ({ agents: useAgentsStore() }),
    template: `<GuardPolicyEditor v-if="agents.byName.get('bot')" :agent="agents.byName.get('bot')" :busy="agents.busy.bot" />`,
  });
  const w = mount(Host, { global: { plugins: [pinia] }, attachTo: document.body });
  await useAgentsStore().load();
  await flushPromises();
  return w;
}

const cell = (w: Awaited<ReturnType<typeof mountEditor>>, c: string) => w.get<HTMLSelectElement>(`select[data-cell="${c}"]`);
const button = (w: Awaited<ReturnType<typeof mountEditor>>, text: string) => w.findAll('button').find((b) => b.text() === text)!;

describe('the guardrail policy editor', () => {
  it('shows the effective policy in a labelled 3×2 grid, with a line on each action', async () => {
    const { pinia } = setup({ 'agents.list': () => [agentView('bot', { guardPolicy: { ...CUSTOM } })] });
    const w = await mountEditor(pinia);
    expect(w.findAll('select')).toHaveLength(6);
    expect(cell(w, 'pii.request').element.value).toBe('redact');
    expect(cell(w, 'injection.response').element.value).toBe('off');
    expect(cell(w, 'secret.request').attributes('aria-label')).toBe('Secrets in requests');
    expect(w.findAll('.guard-help li')).toHaveLength(4);
    expect(button(w, 'Save').attributes('disabled')).toBeDefined();
    w.unmount();
  });

  it('saves only the changed cells', async () => {
    const sent: OpInput<'agents.update'>[] = [];
    const { pinia } = setup({
      'agents.list': () => [agentView('bot')],
      'agents.update': (input) => {
        sent.push(input);
        return agentView('bot', { guardPolicy: { ...DEFAULT_GUARD_POLICY, pii: { request: 'flag', response: 'block' }, injection: { request: 'off', response: 'flag' } } });
      },
    });
    const w = await mountEditor(pinia);
    await cell(w, 'pii.response').setValue('block');
    await cell(w, 'injection.request').setValue('off');
    expect(w.text()).toContain('2 unsaved changes');
    expect(cell(w, 'pii.response').classes()).toContain('changed');
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(sent).toEqual([{ name: 'bot', guardPolicy: { pii: { response: 'block' }, injection: { request: 'off' } } }]);
    expect(useAgentsStore().byName.get('bot')?.guardPolicy.pii.response).toBe('block');
    expect(cell(w, 'pii.response').element.value).toBe('block');
    expect(w.text()).not.toContain('unsaved');
    w.unmount();
  });

  it('resets to the defaults by sending null', async () => {
    const { backend, pinia } = setup({
      'agents.list': () => [agentView('bot', { guardPolicy: { ...CUSTOM } })],
      'agents.update': () => agentView('bot'),
    });
    const w = await mountEditor(pinia);
    await button(w, 'Reset to defaults').trigger('click');
    await flushPromises();
    expect(backend.calls.find((c) => c.operation === 'agents.update')?.input).toEqual({ name: 'bot', guardPolicy: null });
    expect(cell(w, 'pii.request').element.value).toBe('flag');
    expect(button(w, 'Reset to defaults').attributes('disabled')).toBeDefined();
    w.unmount();
  });

  it('rolls a refused save back and shows the error by its code', async () => {
    const reply = deferred<never>();
    const { pinia } = setup({ 'agents.list': () => [agentView('bot')], 'agents.update': () => reply.promise });
    const w = await mountEditor(pinia);
    await cell(w, 'secret.request').setValue('off');
    await w.get('form').trigger('submit');
    await flushPromises();
    // Shown at once, and locked while the gateway decides.
    expect(useAgentsStore().byName.get('bot')?.guardPolicy.secret.request).toBe('off');
    expect(cell(w, 'secret.request').attributes('disabled')).toBeDefined();
    reply.reject(appErr('INVALID_INPUT', 'guardPolicy.secret.request: invalid action'));
    await flushPromises();
    expect(useAgentsStore().byName.get('bot')?.guardPolicy.secret.request).toBe('block');
    expect(cell(w, 'secret.request').element.value).toBe('block');
    const alert = w.get('[role="alert"]');
    expect(alert.text()).toContain('INVALID_INPUT');
    expect(alert.text()).toContain('Not accepted');
    expect(alert.text()).toContain('invalid action');
    w.unmount();
  });
});
