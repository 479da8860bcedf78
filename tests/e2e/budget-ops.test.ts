import type { ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../server/src/emulator/index.ts';
import { runCli, startServe, stopChild } from '../support/cli.ts';
import { PROVIDER_KEY, tempDir } from '../support/harness.ts';
import { fitsWidth, launchChromium, overflowing, screenshot, watchPage, type E2eBrowser } from './browser.ts';

/**
 * Running budgets day to day, in Chromium against the real `iron-cage serve`: long and non-Latin names at 1024 and
 * 1440 wide, a CLI change showing live, alerts at 80 % and 100 %, exports, the per-model breakdown, a price set in
 * the UI unblocking a refused model, and guardrail findings that survive a reload.
 */
const LONG = `${'a-very-long-agent-name-'.repeat(3)}0123456789abcdefghijkl`.slice(0, 64);
const NON_LATIN = '研究助手-ボット';
const UNPRICED = 'acme-private-1';

let dataDir: string;
let emu: RunningEmulator;
let serve: { child: ChildProcess; url: string; output: () => string };
let adminToken: string;
let chrome: E2eBrowser;
let context: BrowserContext;
let page: Page;
let problems: string[];
const tokens: Record<string, string> = {};

async function admin<T>(op: string, input: unknown): Promise<T> {
  const res = await fetch(`${serve.url}/admin/api/${op}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (!res.ok) throw new Error(`${op}: ${body.error?.message}`);
  return body.result as T;
}

async function chat(agent: string, model = 'gpt-4o-mini', text = 'hello from the e2e suite'): Promise<Response> {
  return fetch(`${serve.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens[agent]}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, max_tokens: 20, messages: [{ role: 'user', content: text }] }),
  });
}

async function go(label: string, heading: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: label, exact: true }).click();
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(heading);
}

async function createAgent(name: string, budgetUsd: number, logBodies = false): Promise<void> {
  const r = await admin<{ token: string }>('agents.create', { name, budgetMicros: budgetUsd * 1e6, period: 'monthly', providerNames: ['emu'], logBodies });
  tokens[name] = r.token;
}

/** Whether an element lies wholly inside the window, horizontally. */
async function onScreen(selector: string): Promise<boolean> {
  const box = await page.locator(selector).boundingBox();
  const width = page.viewportSize()!.width;
  return box !== null && box.x >= 0 && box.x + box.width <= width;
}

beforeAll(async () => {
  dataDir = tempDir('iron-cage-e2e-ops-');
  emu = await startEmulator({ apiKey: PROVIDER_KEY });
  serve = await startServe(['--quiet'], dataDir);
  adminToken = readFileSync(join(dataDir, 'admin.token'), 'utf8').trim();
  await admin('providers.add', { name: 'emu', type: 'openai-compatible', baseUrl: `${emu.url}/v1`, key: PROVIDER_KEY });
  await createAgent('ops-bot', 5, true);
  await createAgent(LONG, 5);
  await createAgent(NON_LATIN, 5);
  chrome = await launchChromium();
  context = await chrome.browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light', acceptDownloads: true });
  page = await context.newPage();
  problems = watchPage(page);
}, 60_000);

afterAll(async () => {
  await context?.close();
  await chrome?.close();
  if (serve) await stopChild(serve.child);
  await emu?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('running budgets from the dashboard', () => {
  it('logs in with a fresh link printed by `iron-cage dashboard`; the title names the page', async () => {
    // A fresh login link from the CLI, as after a restart: `iron-cage dashboard`.
    const link = runCli(['dashboard', '--url', serve.url], { dataDir });
    expect(link.status, link.stderr).toBe(0);
    expect(link.stdout.trim()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?code=[\w-]{20,}$/);
    await page.goto(link.stdout.trim());
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Overview');
    await expect.poll(() => page.title()).toBe('Overview · Iron Cage');
  });

  it('keeps a 64-character and a non-Latin name beside their kill switch at 1024 and 1440 wide', async () => {
    expect(LONG).toHaveLength(64);
    await go('Agents', 'Agents');
    for (const width of [1024, 1440]) {
      await page.setViewportSize({ width, height: 800 });
      for (const name of [LONG, NON_LATIN]) {
        const row = `tr[data-agent="${name}"]`;
        await page.locator(row).waitFor();
        expect(await onScreen(`${row} button[aria-label="Suspend ${name}"]`), `Suspend of ${name} at ${width}`).toBe(true);
        expect(await onScreen(`${row} button[aria-label="Manage ${name}"]`), `Manage of ${name} at ${width}`).toBe(true);
        expect(await onScreen(`${row} [data-test="name"]`)).toBe(true);
        expect(await page.locator(`${row} [data-test="name"]`).getAttribute('title')).toBe(name);
      }
      // Focus on a kill switch does not scroll the table sideways and hide the names.
      await page.locator(`tr[data-agent="${LONG}"] button[aria-label="Suspend ${LONG}"]`).focus();
      expect(await page.locator('.table-wrap').evaluate((el) => [el.scrollLeft, el.scrollWidth - el.clientWidth])).toEqual([0, 0]);
      expect(await fitsWidth(page)).toBe(true);
      await screenshot(page, `20-agents-long-names-${width}`);

      await go('Overview', 'Overview');
      for (const name of [LONG, NON_LATIN]) {
        const rowSel = `.budget-row[data-agent="${name}"]`;
        const nameBox = (await page.locator(`${rowSel} .name`).boundingBox())!;
        const barBox = (await page.locator(`${rowSel} .budget`).boundingBox())!;
        expect(nameBox.x + nameBox.width, `name of ${name} overlaps its bar at ${width}`).toBeLessThanOrEqual(barBox.x);
      }
      expect(await fitsWidth(page)).toBe(true);
      await screenshot(page, `21-overview-long-names-${width}`);
      await go('Agents', 'Agents');
    }
  });

  it('shows a change made by the CLI in another process within 2 s, without a reload', async () => {
    const row = page.locator('tr[data-agent="ops-bot"]');
    await row.getByRole('button', { name: 'Suspend ops-bot' }).waitFor();
    const r = runCli(['agent', 'suspend', 'ops-bot'], { dataDir });
    expect(r.status, r.stderr).toBe(0);
    const t0 = Date.now();
    await row.getByRole('button', { name: 'Resume ops-bot' }).waitFor({ timeout: 2_000 });
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(await row.textContent()).toContain('Suspended');
    expect(runCli(['agent', 'resume', 'ops-bot'], { dataDir }).status).toBe(0);
    await row.getByRole('button', { name: 'Suspend ops-bot' }).waitFor({ timeout: 2_000 });
  });

  it('unblocks a model refused for want of a price once a price is set on the Prices page', async () => {
    const refused = await chat('ops-bot', UNPRICED);
    expect(refused.status).toBe(400);
    const err = ((await refused.json()) as { error: { code: string; message: string } }).error;
    expect(err.code).toBe('unknown_model_price');
    expect(err.message).toContain('Prices page');
    await go('Prices', 'Prices');
    const unpriced = page.locator('[data-test="unpriced"]');
    await unpriced.getByRole('button', { name: `Set a price for ${UNPRICED}` }).click();
    const form = page.getByRole('dialog', { name: 'Set a price' });
    expect(await form.getByLabel('Model').inputValue()).toBe(UNPRICED);
    await form.getByLabel('Input (USD per million tokens)').fill('2');
    await form.getByLabel('Output (USD per million tokens)').fill('8');
    await screenshot(page, '22-price-form');
    await form.getByRole('button', { name: 'Save price' }).click();
    await form.waitFor({ state: 'detached' });
    await page.locator(`table[data-test="prices"] tr[data-model="${UNPRICED}"]`).waitFor();
    // The gateway reloads prices changed through the contract at once (same process).
    await expect.poll(async () => (await chat('ops-bot', UNPRICED)).status, { timeout: 5_000 }).toBe(200);
  });

  it('keeps guardrail findings with the call: shown after a reload and in its side panel, with the opted-in bodies', async () => {
    const res = await chat('ops-bot', 'gpt-4o-mini', 'please write to jane.doe@example.com about the invoice');
    expect(res.status).toBe(200);
    await go('Live log', 'Live log');
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Live log');
    const row = page.locator('table[data-test="log"] tbody tr[data-agent="ops-bot"]').filter({ has: page.locator('[data-test="safety"]') }).first();
    expect(await row.locator('[data-test="safety"]').first().textContent()).toContain('personal data flagged: EMAIL');
    await row.click();
    const drawer = page.getByRole('dialog', { name: 'ops-bot · gpt-4o-mini' });
    await drawer.locator('[data-test="call-findings"]').waitFor();
    expect(await drawer.locator('[data-test="call-findings"]').textContent()).toContain('EMAIL');
    expect(await drawer.locator('[data-test="request-body"]').textContent()).toContain('jane.doe@example.com');
    await screenshot(page, '23-call-findings-after-reload');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    // Focus goes back to the row that opened the panel.
    expect(await page.evaluate<string | undefined>('document.activeElement?.tagName')).toBe('TR');
  });

  it('filters the Live log from the URL and searches on the server', async () => {
    await page.goto(`${serve.url}/#/log?agent=ops-bot&q=${UNPRICED}`);
    await expect.poll(() => page.getByLabel('Agent').inputValue()).toBe('ops-bot');
    expect(await page.getByLabel('Search').inputValue()).toBe(UNPRICED);
    const rows = page.locator('table[data-test="log"] tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByLabel('Outcome').selectOption('refused');
    await expect.poll(() => page.url()).toContain('outcome=refused');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('No price for model');
    await page.getByLabel('Outcome').selectOption('all');
    await page.getByLabel('Search').fill('');
  });

  it('exports the calls of a date range as CSV', async () => {
    await go('Live log', 'Live log');
    await page.getByRole('button', { name: 'Export calls…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export calls' });
    const today = await dialog.getByLabel('To (inclusive)').inputValue();
    await dialog.getByLabel('From').fill(today);
    const download = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Export' }).click();
    const file = await (await download).path();
    const lines = readFileSync(file, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('id,startedAt,agentName,providerName,model,endpoint,stream,state,outcome,httpStatus,costMicros,reservedMicros,inputTokens,cacheReadTokens,cacheWriteTokens,outputTokens,reasoningTokens,usageEstimated,latencyMs,findings,costUsd');
    const body = lines.slice(1);
    const recorded = await admin<{ id: string }[]>('calls.list', { limit: 500 });
    expect(body.map((l) => l.split(',')[0]).sort()).toEqual(recorded.map((c) => c.id).sort());
    expect(body.some((l) => l.includes(UNPRICED) && l.includes('unknown_model_price'))).toBe(true);
    expect(body.every((l) => l.includes(today.slice(0, 4)))).toBe(true);
    // A range that ends before today holds none of them.
    await page.getByRole('button', { name: 'Export calls…' }).click();
    const again = page.getByRole('dialog', { name: 'Export calls' });
    await again.getByLabel('From').fill('2020-01-01');
    await again.getByLabel('To (inclusive)').fill('2020-01-31');
    const empty = page.waitForEvent('download');
    await again.getByRole('button', { name: 'Export' }).click();
    expect(readFileSync(await (await empty).path(), 'utf8').trim().split('\r\n')).toHaveLength(1);
  });

  it('shows the cost by model and by provider', async () => {
    await go('Overview', 'Overview');
    const byModel = page.locator('[data-test="by-model"]');
    const priced = byModel.locator(`tr[data-model="${UNPRICED}"][data-provider="emu"]`);
    await priced.waitFor();
    expect(await priced.locator('[data-test="cost"]').textContent()).not.toBe('$0.00');
    // The refusal before it was priced is its own row: no provider was charged.
    expect(await byModel.locator(`tr[data-model="${UNPRICED}"][data-provider=""] [data-test="cost"]`).textContent()).toBe('$0.00');
    expect(await byModel.locator('tr[data-model="gpt-4o-mini"] [data-test="cost"]').textContent()).toMatch(/^\$0\.0\d+$/);
    expect(await page.locator('[data-test="by-provider"] tr[data-provider="emu"]').count()).toBe(1);
    await screenshot(page, '24-overview-breakdown');
  });

  it('alerts at 80 % and at 100 % of a budget, on every page', async () => {
    const agent = (await admin<{ budget: { spentMicros: number } }>('agents.get', { name: 'ops-bot' })).budget;
    expect(agent.spentMicros).toBeGreaterThan(0);
    const usdArg = (micros: number) => (micros / 1e6).toFixed(6);
    // 90 % used: set from a terminal, so the alert also proves the live update.
    expect(runCli(['agent', 'budget', 'ops-bot', '--usd', usdArg(Math.ceil(agent.spentMicros / 0.9))], { dataDir }).status).toBe(0);
    const alert = page.locator('[data-test="budget-alerts"] [data-agent="ops-bot"]');
    await expect.poll(() => alert.getAttribute('data-level'), { timeout: 3_000 }).toBe('80');
    expect(await alert.textContent()).toMatch(/ops-bot has used (89|90) % of its monthly budget/);
    await go('Live log', 'Live log');
    await alert.waitFor();
    await screenshot(page, '25-alert-80');
    expect(runCli(['agent', 'budget', 'ops-bot', '--usd', usdArg(agent.spentMicros)], { dataDir }).status).toBe(0);
    await expect.poll(() => alert.getAttribute('data-level'), { timeout: 3_000 }).toBe('100');
    expect(await alert.getAttribute('role')).toBe('alert');
    expect(await alert.textContent()).toContain('its calls are refused');
    await screenshot(page, '26-alert-100');
    await alert.getByRole('button', { name: 'Dismiss the alert for ops-bot' }).click();
    await alert.waitFor({ state: 'detached' });
  });

  it('takes a screenshot of every page at 1024 and 1440, light and dark', async () => {
    const pages: [string, string][] = [['Overview', 'Overview'], ['Agents', 'Agents'], ['Providers', 'Providers'], ['Prices', 'Prices'], ['Live log', 'Live log'], ['Audit', 'Audit trail'], ['Settings', 'Settings']];
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const width of [1024, 1440]) {
        await page.setViewportSize({ width, height: 800 });
        for (const [label, heading] of pages) {
          await go(label, heading);
          await page.waitForLoadState('networkidle');
          expect(await fitsWidth(page), `${label} at ${width} ${scheme}: ${(await overflowing(page)).join(', ')}`).toBe(true);
          await screenshot(page, `30-${label.toLowerCase().replace(' ', '-')}-${width}-${scheme}`);
        }
      }
    }
  });

  it('raised no page error and no Content-Security-Policy violation', () => {
    expect(problems).toEqual([]);
  });
});
