import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { appErr, setup } from '../testing/fake-backend.ts';
import ProvidersPage from '../pages/ProvidersPage.vue';
import SettingsPage from '../pages/SettingsPage.vue';
import { portOf, useHostStore } from './use-host-store.ts';

const WARNING = 'provider keys are encrypted with a key stored next to them: no OS keychain was found';
const status = (gatewayUrl: string | null, warning: string | null = null) => ({ host: 'headless' as const, gatewayUrl, secretStore: { kind: 'file', warning } });
const settings = () => ({ timezone: 'UTC', timezoneIsSystemDefault: true, dataDir: '/data' });

describe('the host store', () => {
  it('uses the gateway address the host reports', async () => {
    setup({ 'host.status': () => status('http://127.0.0.1:9911', WARNING) });
    const host = useHostStore();
    await host.ensure();
    expect(host.gatewayUrl).toBe('http://127.0.0.1:9911');
    expect(host.port).toBe(9911);
    expect(host.warning).toBe(WARNING);
  });

  it('falls back to the backend\'s own address when host.status fails, and asks again next time', async () => {
    const { backend } = setup({ 'host.status': () => Promise.reject(appErr('UNKNOWN_OPERATION', 'no operation host.status')) });
    const host = useHostStore();
    await host.ensure();
    expect(host.gatewayUrl).toBe('http://127.0.0.1:8733');
    expect(host.port).toBe(8733);
    expect(host.warning).toBeNull();
    expect(host.error?.code).toBe('UNKNOWN_OPERATION');
    backend.mocks['host.status'] = () => status(null);
    await host.ensure();
    // Not listening yet: still the backend's address.
    expect(host.gatewayUrl).toBe('http://127.0.0.1:8733');
    expect(backend.calls.filter((c) => c.operation === 'host.status')).toHaveLength(2);
    await host.ensure();
    expect(backend.calls.filter((c) => c.operation === 'host.status')).toHaveLength(2);
  });

  it('reads ports, defaulting to the scheme\'s', () => {
    expect(portOf('http://localhost:1234/')).toBe(1234);
    expect(portOf('https://gw.example')).toBe(443);
    expect(portOf('not a url')).toBeNull();
  });
});

describe('the secret-store warning and gateway address', () => {
  it('Settings shows the reported address and port, and the warning as a banner', async () => {
    const { pinia } = setup({ 'audit.retention': () => ({ days: null }), 'settings.get': settings, 'host.status': () => status('http://10.0.0.5:9000', WARNING) });
    const w = mount(SettingsPage, { global: { plugins: [pinia] }, attachTo: document.body });
    await flushPromises();
    expect(w.get<HTMLInputElement>('[data-test="gateway-url"]').element.value).toBe('http://10.0.0.5:9000');
    expect(w.get<HTMLInputElement>('[data-test="gateway-port"]').element.value).toBe('9000');
    expect(w.get('[data-test="secret-store-warning"]').text()).toContain(WARNING);
    w.unmount();
  });

  it('Settings keeps the current behaviour when host.status fails, with no banner', async () => {
    const { pinia } = setup({ 'audit.retention': () => ({ days: null }), 'settings.get': settings, 'host.status': () => Promise.reject(appErr('INTERNAL')) });
    const w = mount(SettingsPage, { global: { plugins: [pinia] }, attachTo: document.body });
    await flushPromises();
    expect(w.get<HTMLInputElement>('[data-test="gateway-port"]').element.value).toBe('8733');
    expect(w.find('[data-test="secret-store-warning"]').exists()).toBe(false);
    expect(w.find('.notice.error').exists()).toBe(false);
    w.unmount();
  });

  it('Providers shows the warning too', async () => {
    const { pinia } = setup({ 'providers.list': () => [], 'host.status': () => status('http://127.0.0.1:8733', WARNING) });
    const w = mount(ProvidersPage, { global: { plugins: [pinia] }, attachTo: document.body });
    await flushPromises();
    expect(w.get('[data-test="secret-store-warning"]').text()).toContain(WARNING);
    w.unmount();
  });
});
