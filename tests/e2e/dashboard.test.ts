import type { ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../server/src/emulator/index.ts';
import { startServe, stopChild } from '../support/cli.ts';
import { PROVIDER_KEY, tempDir } from '../support/harness.ts';
import { fitsWidth, launchChromium, screenshot, watchPage, type E2eBrowser } from './browser.ts';

/**
 * The dashboard as a person uses it: served by the real `iron-cage serve` process, driven in Debian's Chromium
 * at 1024×700, with real calls through the gateway to the emulated provider.
 */
const VIEWPORT = { width: 1024, height: 700 };
const UI_KEY = 'sk-e2e-typed-into-the-form-0123456789-WXYZ';

let dataDir: string;
let emu: RunningEmulator;
let serve: { child: ChildProcess; url: string; output: () => string };
let dashboardUrl: string;
let chrome: E2eBrowser;
let context: BrowserContext;
let page: Page;
let problems: string[];
/** Every admin API response body the page received. */
const adminBodies: string[] = [];
let agentToken = '';

async function waitForDashboardLine(): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const m = /dashboard: (http:\/\/\S+)/.exec(serve.output());
    if (m) return m[1]!;
    if (Date.now() > deadline) throw new Error(`serve printed no dashboard URL:\n${serve.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function chat(token: string): Promise<Response> {
  return fetch(`${serve.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o-mini', max_tokens: 20, messages: [{ role: 'user', content: 'hello from the e2e suite' }] }),
  });
}

async function go(hash: string, heading: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: hash }).click();
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(heading);
}

beforeAll(async () => {
  dataDir = tempDir('iron-cage-e2e-');
  emu = await startEmulator({ apiKey: PROVIDER_KEY });
  serve = await startServe([], dataDir);
  dashboardUrl = await waitForDashboardLine();
  chrome = await launchChromium();
  context = await chrome.browser.newContext({ viewport: VIEWPORT, colorScheme: 'light' });
  page = await context.newPage();
  problems = watchPage(page);
  page.on('response', (res) => {
    if (new URL(res.url()).pathname.startsWith('/admin/api/') && !res.url().endsWith('/events')) {
      res.text().then((t) => adminBodies.push(t), () => undefined);
    }
  });
}, 60_000);

afterAll(async () => {
  await context?.close();
  await chrome?.close();
  if (serve) await stopChild(serve.child);
  await emu?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the dashboard served by `iron-cage serve`', () => {
  it('logs in with the one-time code from the printed URL, then drops the code from the address bar', async () => {
    expect(dashboardUrl).toMatch(/\/\?code=[A-Za-z0-9_-]{20,}$/);
    await page.goto(dashboardUrl);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Overview');
    expect(page.url()).not.toContain('code=');
    await page.getByText('No agents yet').waitFor();
    await expect.poll(() => page.locator('[data-test="live-state"]').textContent()).toBe('Live');
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name.startsWith('ic_session_'));
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, '01-overview-empty');
  });

  it('adds a provider with a key that is masked, never sent back, and tests its connection', async () => {
    await go('Providers', 'Providers');
    await page.getByText('No providers yet').waitFor();
    await page.getByRole('button', { name: 'Add provider' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a provider' });
    await dialog.getByLabel('Name').fill('emu');
    await dialog.getByLabel('Base URL').fill(`${emu.url}/v1`);
    const keyField = dialog.getByLabel('API key');
    await keyField.fill(UI_KEY);
    expect(await keyField.getAttribute('type')).toBe('password');
    await screenshot(page, '02-provider-add');
    await dialog.getByRole('button', { name: 'Add provider' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.locator('tr[data-provider="emu"]');
    expect(await row.locator('[data-test="key"]').textContent()).toBe('•••• WXYZ');
    await row.getByRole('button', { name: 'Test emu' }).click();
    // The emulator expects the harness key, not the one typed here: the test shows the refusal.
    await expect.poll(() => row.locator('[data-test="test-result"]').textContent()).toContain('HTTP 401');
    await row.getByRole('button', { name: 'Replace the key of emu' }).click();
    const rotate = page.getByRole('dialog', { name: 'Replace the key of emu' });
    await rotate.getByLabel('New API key').fill(PROVIDER_KEY);
    await rotate.getByRole('button', { name: 'Replace key' }).click();
    await rotate.waitFor({ state: 'detached' });
    await row.getByRole('button', { name: 'Test emu' }).click();
    await expect.poll(() => row.locator('[data-test="test-result"]').textContent()).toContain('OK');
    expect(await row.locator('[data-test="key"]').textContent()).toBe(`•••• ${PROVIDER_KEY.slice(-4)}`);
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, '03-providers');
    // Neither key ever came back to the page: not in any admin API response, not in the DOM.
    expect(adminBodies.length).toBeGreaterThan(3);
    for (const body of adminBodies) {
      expect(body).not.toContain(UI_KEY);
      expect(body).not.toContain(PROVIDER_KEY);
    }
    expect(await page.content()).not.toContain(UI_KEY);
  });

  it('creates an agent and shows its token once, with the settings and snippets to copy', async () => {
    await go('Agents', 'Agents');
    await page.getByText('No agents yet').waitFor();
    await page.getByRole('button', { name: 'New agent' }).first().click();
    const form = page.getByRole('dialog', { name: 'New agent' });
    await form.getByLabel('Name').fill('e2e-bot');
    await form.getByLabel('Budget (USD)').fill('2');
    await form.getByLabel('Period').selectOption('daily');
    expect(await form.getByLabel('OpenAI-compatible provider').inputValue()).toBe('emu');
    await screenshot(page, '04-agent-form');
    await form.getByRole('button', { name: 'Create agent' }).click();
    const reveal = page.getByRole('dialog', { name: 'Agent e2e-bot created' });
    await reveal.waitFor();
    agentToken = await reveal.locator('[data-test="token"]').inputValue();
    expect(agentToken).toMatch(/^ic_/);
    const text = await reveal.textContent();
    expect(text).toContain(`OPENAI_BASE_URL=${serve.url}/v1`);
    expect(text).toContain(`OPENAI_API_KEY=${agentToken}`);
    expect(text).toContain(`ANTHROPIC_BASE_URL=${serve.url}`);
    expect(text).toContain(`ANTHROPIC_API_KEY=${agentToken}`);
    expect(text).toContain('from openai import OpenAI');
    await reveal.getByRole('tab', { name: 'TypeScript' }).click();
    expect(await reveal.locator('pre.snippet').textContent()).toContain("import OpenAI from 'openai'");
    await reveal.getByRole('button', { name: 'Copy OPENAI_API_KEY' }).click();
    await screenshot(page, '05-agent-token');
    await reveal.getByRole('button', { name: 'I have copied it' }).click();
    await reveal.waitFor({ state: 'detached' });
    // Shown once: gone from the page when the dialog closes.
    expect(await page.content()).not.toContain(agentToken);
    await page.locator('tr[data-agent="e2e-bot"]').waitFor();
  });

  it('shows a real call in the live log as it happens, and moves the budget bar', async () => {
    const row = page.locator('tr[data-agent="e2e-bot"]');
    expect(await row.locator('[data-test="spent"]').textContent()).toBe('$0.00');
    const res = await chat(agentToken);
    expect(res.status).toBe(200);
    // The live event refreshes the agent's budget without a reload.
    await expect.poll(() => row.locator('[data-test="spent"]').textContent(), { timeout: 5_000 }).not.toBe('$0.00');
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, '06-agents-after-call');

    await go('Live log', 'Live log');
    const first = page.locator('table[data-test="log"] tbody tr').first();
    await expect.poll(() => first.getAttribute('data-agent')).toBe('e2e-bot');
    const second = await chat(agentToken);
    expect(second.status).toBe(200);
    await expect.poll(() => page.locator('table[data-test="log"] tbody tr[data-agent="e2e-bot"]').count(), { timeout: 5_000 }).toBe(2);
    expect(await first.textContent()).toContain('gpt-4o-mini');
    expect(await first.textContent()).toContain('OK');
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, '07-live-log');
    // Keyboard: focus the row, Enter opens the drawer, Escape closes it.
    await first.focus();
    await page.keyboard.press('Enter');
    const drawer = page.getByRole('dialog', { name: 'e2e-bot · gpt-4o-mini' });
    await drawer.waitFor();
    await expect.poll(() => drawer.locator('[data-test="call-details"]').textContent()).toContain('Output tokens');
    await screenshot(page, '08-call-detail');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
  });

  it('suspends the agent with one click; the next call is refused and shows in the log', async () => {
    await go('Agents', 'Agents');
    const row = page.locator('tr[data-agent="e2e-bot"]');
    await row.getByRole('button', { name: 'Suspend e2e-bot' }).click();
    await row.getByRole('button', { name: 'Resume e2e-bot' }).waitFor();
    expect(await row.textContent()).toContain('Suspended');
    await page.getByText('e2e-bot is suspended').waitFor();
    await screenshot(page, '09-agent-suspended');
    const refused = await chat(agentToken);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('agent_suspended');

    await go('Live log', 'Live log');
    await page.getByLabel('Outcome').selectOption('refused');
    const rows = page.locator('table[data-test="log"] tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Agent suspended');
    await screenshot(page, '10-live-log-refused');
    await page.getByLabel('Outcome').selectOption('all');
  });

  it('resumes, edits the budget and rotates the token from the agent panel', async () => {
    await go('Agents', 'Agents');
    const row = page.locator('tr[data-agent="e2e-bot"]');
    await row.getByRole('button', { name: 'Resume e2e-bot' }).click();
    await row.getByRole('button', { name: 'Suspend e2e-bot' }).waitFor();
    await row.getByRole('button', { name: 'Manage e2e-bot' }).click();
    const drawer = page.getByRole('dialog', { name: 'e2e-bot', exact: true });
    await drawer.getByText('valid').waitFor();
    await screenshot(page, '11-agent-panel');
    await drawer.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit e2e-bot' });
    await edit.getByLabel('Budget (USD)').fill('5');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await expect.poll(() => drawer.textContent()).toContain('left of $5.00');
    await drawer.getByRole('button', { name: 'Rotate token' }).click();
    await page.getByRole('dialog', { name: 'Rotate the token of e2e-bot?' }).getByRole('button', { name: 'Rotate token' }).click();
    const reveal = page.getByRole('dialog', { name: 'New token for e2e-bot' });
    const rotated = await reveal.locator('[data-test="token"]').inputValue();
    expect(rotated).toMatch(/^ic_/);
    expect(rotated).not.toBe(agentToken);
    // The panel's token list follows at once: the old token shows as revoked, the new one as valid.
    await expect.poll(() => drawer.locator('li').filter({ hasText: agentToken.slice(0, 8) }).textContent()).toContain('revoked');
    expect((await chat(agentToken)).status).toBe(401);
    expect((await chat(rotated)).status).toBe(200);
    agentToken = rotated;
    await reveal.getByRole('button', { name: 'I have copied it' }).click();
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
  });

  it('shows the overview with spend and budget bars', async () => {
    await go('Overview', 'Overview');
    await expect.poll(() => page.locator('[data-test="spent-today"]').textContent()).toMatch(/^\$0\.0000\d+$/);
    await page.locator('.budget-row[data-agent="e2e-bot"]').waitFor();
    // The chart and the projection come from the analytics operations.
    await page.locator('.chart-box canvas').waitFor();
    await page.locator('.projection [data-agent="e2e-bot"]').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, '12-overview');
  });

  it('browses the audit trail, verifies it and shows the result', async () => {
    await go('Audit', 'Audit trail');
    await page.getByRole('cell', { name: 'agent.suspended' }).first().waitFor();
    await page.getByRole('button', { name: 'Verify chain' }).click();
    const result = page.locator('[data-test="verification"]');
    await expect.poll(() => result.textContent()).toContain('The hash chain is intact');
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export the audit trail' });
    await dialog.getByLabel('JSON Lines').check();
    const download = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Export' }).click();
    const file = await (await download).path();
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { action: string });
    expect(lines.map((l) => l.action)).toContain('agent.suspended');
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, '13-audit');
  });

  it('shows settings: time zone, data folder, port, theme', async () => {
    await go('Settings', 'Settings');
    expect(await page.locator('[data-test="data-dir"]').inputValue()).toBe(dataDir);
    expect(await page.getByRole('textbox', { name: 'Gateway port' }).inputValue()).toBe(new URL(serve.url).port);
    await page.getByRole('combobox', { name: 'Time zone', exact: true }).fill('Europe/Paris');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Budget periods now follow Europe/Paris').waitFor();
    await screenshot(page, '14-settings');
    await page.getByLabel('Dark').check();
    expect(await page.evaluate<string | undefined>('document.documentElement.dataset.theme')).toBe('dark');
    await go('Overview', 'Overview');
    await screenshot(page, '15-overview-dark');
    await go('Settings', 'Settings');
    await page.getByLabel('Follow the system').check();
  });

  it('without a session shows the login form; a spent code fails, a wrong token is refused, the admin token works', async () => {
    const fresh = await chrome.browser.newContext({ viewport: VIEWPORT });
    try {
      const p = await fresh.newPage();
      const freshProblems = watchPage(p);
      // The code from the printed URL was used once already.
      await p.goto(dashboardUrl);
      await p.getByRole('heading', { name: 'Log in to the dashboard' }).waitFor();
      expect(await p.getByRole('alert').textContent()).toContain('UNAUTHORIZED');
      expect(p.url()).not.toContain('code=');
      await p.getByLabel('Admin token').fill('ica_not-the-token');
      await p.getByRole('button', { name: 'Log in' }).click();
      await expect.poll(() => p.getByRole('alert').textContent()).toContain('not the admin token');
      await screenshot(p, '00-login');
      await p.getByLabel('Admin token').fill(readFileSync(join(dataDir, 'admin.token'), 'utf8').trim());
      await p.getByRole('button', { name: 'Log in' }).click();
      await expect.poll(() => p.getByRole('heading', { level: 1 }).textContent()).toBe('Overview');
      await p.getByRole('button', { name: 'Log out' }).click();
      await p.getByRole('heading', { name: 'Log in to the dashboard' }).waitFor();
      expect(freshProblems).toEqual([]);
    } finally {
      await fresh.close();
    }
  });

  it('raised no page error and no Content-Security-Policy violation', () => {
    expect(problems).toEqual([]);
  });
});
