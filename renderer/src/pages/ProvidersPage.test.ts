import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { OpInput } from '../../../core/src/contract/operations.ts';
import { setup } from '../testing/fake-backend.ts';
import ProvidersPage from './ProvidersPage.vue';

const KEY = 'sk-typed-into-the-form-000000000000-ABCD';

describe('the Providers page', () => {
  it('takes a key in a masked field, sends it once, and then shows only its last four characters', async () => {
    const sent: OpInput<'providers.add'>[] = [];
    const { pinia } = setup({
      'providers.list': () => [],
      'providers.add': (input) => {
        sent.push(input);
        return { id: 'p', name: input.name, type: input.type, baseUrl: null, hasKey: true, last4: 'ABCD', zeroPriced: false, createdAt: 1, updatedAt: 1 };
      },
    });
    const w = mount(ProvidersPage, { global: { plugins: [pinia] }, attachTo: document.body });
    await flushPromises();
    expect(w.text()).toContain('No providers yet');
    await w.findAll('button').find((b) => b.text() === 'Add provider')!.trigger('click');
    const key = w.get('#provider-key');
    expect(key.attributes('type')).toBe('password');
    expect(key.attributes('autocomplete')).toBe('off');
    await w.get('#provider-name').setValue('openai');
    await key.setValue(KEY);
    await w.get('form#provider-form').trigger('submit');
    await flushPromises();
    expect(sent).toEqual([{ name: 'openai', type: 'openai', baseUrl: null, key: KEY, zeroPriced: false }]);
    expect(w.find('#provider-key').exists()).toBe(false);
    expect(w.get('tr[data-provider="openai"] [data-test="key"]').text()).toBe('•••• ABCD');
    expect(w.html()).not.toContain(KEY);
    w.unmount();
  });
});
