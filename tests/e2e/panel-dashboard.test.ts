import { readFileSync, rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolDevice, PanelDeviceClient } from '../../core/src/node/panel/device-client.ts';
import { stopChild } from '../support/cli.ts';
import { tempDir } from '../support/harness.ts';
import { fitsWidth, launchChromium, screenshot, watchPage, type E2eBrowser } from './browser.ts';
import { addUser, goTo, PANEL_UI_BUILD, navLabels, panelCli, signIn, startPanelServe, type RunningPanelProcess } from './panel-support.ts';

/**
 * The team Control Panel's dashboard as its people use it: the real `iron-cage panel serve` on loopback over a
 * temp data folder, users added with `iron-cage panel user add --password-stdin`, scripted devices speaking the
 * protocol over HTTP, and Debian's Chromium signed in as admin, member, lead and viewer in separate contexts.
 */
const shot = (page: Page, name: string) => screenshot(page, `panel/${name}`);
const PROVIDER_KEY = 'sk-panel-e2e-NEVER-SHOWN-0123456789-QRST';

let dataDir: string;
let panel: RunningPanelProcess;
let chrome: E2eBrowser;
const problems: string[] = [];
let enrolCode = '';

/** Collects the page's errors; `refusals` lets through the 400s a test provokes on purpose (a refused form). */
function watch(page: Page, refusals = false): Page {
  const p = watchPage(page);
  page.on('close', () => problems.push(...p.filter((m) => !(refusals && m.includes('status of 400')))));
  return page;
}

async function device(code: string, name: string): Promise<PanelDeviceClient> {
  const id = await enrolDevice(panel.url, code, { deviceName: name, platform: 'linux', appVersion: 'e2e' });
  return new PanelDeviceClient(panel.url, id);
}

let call = 0;
const rec = (seq: number, model = 'gpt-4o-mini') => ({ seq, callId: `e2e-${++call}`, provider: 'oa', model, status: 'ok' as const, inputTokens: 10_000, outputTokens: 5_000, cacheReadTokens: 0, cacheWriteTokens: 0, clientCostMicros: 0 });

/** A device leases budget for an agent and reports `calls` calls on it (left open, so it shows as held). */
async function spend(dev: PanelDeviceClient, agent: string, calls: number): Promise<void> {
  const g = await dev.grant({ agent, requestedMicros: 2_000_000, minUsefulMicros: 10_000 });
  await dev.report(g.lease, { epoch: g.epoch, batchId: `b-${agent}-${call}`, records: Array.from({ length: calls }, (_, i) => rec(i + 1, i % 2 ? 'gpt-4o' : 'gpt-4o-mini')) });
}

const tableRows = (page: Page, attr: string): Promise<string[]> => page.locator(`[${attr}]`).evaluateAll((els, a) => els.map((e) => e.getAttribute(a) ?? ''), attr);

beforeAll(async () => {
  dataDir = tempDir('iron-cage-panel-e2e-');
  await addUser(dataDir, 'admin@example.com', 'admin');
  panelCli(dataDir, ['provider', 'add', 'oa', '--type', 'openai', '--key-stdin'], `${PROVIDER_KEY}\n`);
  panel = await startPanelServe(dataDir);
  chrome = await launchChromium({ index: PANEL_UI_BUILD, how: 'npm run build:panel-ui' });
}, 60_000);

afterAll(async () => {
  await chrome?.close();
  if (panel) await stopChild(panel.child);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the panel dashboard served by `iron-cage panel serve`', () => {
  it('admin signs in and creates a team, a lead, agents and an enrolment code', async () => {
    const context = await chrome.browser.newContext({ viewport: { width: 1024, height: 720 }, colorScheme: 'light' });
    const page = watch(await context.newPage());
    const res = await page.goto(panel.url);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByLabel('E-mail').fill('admin@example.com');
    await page.getByLabel('Password').fill('wrong password, surely');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await shot(page, '01-login-refused');
    await page.close();
    await context.close();

    const admin = watch(await signIn(chrome.browser, panel.url, 'admin@example.com'), true);
    expect(await navLabels(admin)).toEqual(['Overview', 'Agents', 'Budget requests', 'Users', 'Teams', 'Devices', 'Leases', 'Enrolment codes', 'Providers', 'Audit']);
    await admin.getByText('No spend yet').waitFor();
    await shot(admin, '02-admin-overview-empty');

    await goTo(admin, 'Teams');
    await admin.getByText('No teams yet').waitFor();
    await admin.getByRole('button', { name: 'New team' }).click();
    const teamForm = admin.getByRole('dialog', { name: 'New team' });
    await teamForm.getByLabel('Name').fill('platform');
    await teamForm.getByLabel('Team budget (USD)').fill('100');
    await shot(admin, '03-admin-team-form');
    await teamForm.getByRole('button', { name: 'Create team' }).click();
    await admin.locator('[data-team="platform"]').waitFor();

    await goTo(admin, 'Users');
    await admin.getByRole('button', { name: 'Add user' }).click();
    const userForm = admin.getByRole('dialog', { name: 'Add user' });
    await userForm.getByLabel('E-mail').fill('lead@example.com');
    await userForm.getByLabel('Role').selectOption('lead');
    await userForm.getByLabel('Team').fill('platform');
    await userForm.getByLabel('Initial password').fill('short');
    await userForm.getByRole('button', { name: 'Add user' }).click();
    // Refused by the server: the form stays open with its reason, nothing is added.
    await userForm.getByRole('alert').waitFor();
    await shot(admin, '04-admin-user-form-refused');
    await userForm.getByLabel('Initial password').fill('correct horse battery staple');
    await userForm.getByRole('button', { name: 'Add user' }).click();
    await admin.locator('[data-user="lead@example.com"]').waitFor();

    // Members and the viewer join from the command line, against the running panel's store.
    await Promise.all([
      addUser(dataDir, 'member@example.com', 'member', 'platform'),
      addUser(dataDir, 'other@example.com', 'member', 'platform'),
      addUser(dataDir, 'viewer@example.com', 'viewer', 'platform'),
    ]);
    await admin.reload();
    await admin.locator('[data-user="viewer@example.com"]').waitFor();
    expect(await tableRows(admin, 'data-user')).toHaveLength(5);
    await shot(admin, '05-admin-users');

    await goTo(admin, 'Agents');
    await admin.getByText('No agents yet').waitFor();
    for (const [name, owner] of [['helper', 'member@example.com'], ['other-bot', 'other@example.com']] as const) {
      await admin.getByRole('button', { name: 'New agent' }).click();
      const form = admin.getByRole('dialog', { name: 'New agent' });
      await form.getByLabel('Name').fill(name);
      await form.getByLabel("Owner's e-mail").fill(owner);
      await form.getByLabel('Budget (USD)').fill('20');
      await form.getByLabel('Team', { exact: true }).fill('platform');
      await form.getByLabel('Providers').fill('oa');
      if (name === 'helper') await shot(admin, '06-admin-agent-form');
      await form.getByRole('button', { name: 'Create agent' }).click();
      const reveal = admin.getByRole('dialog', { name: `IC token for ${name}` });
      expect(await reveal.locator('[data-test="secret"]').textContent()).toMatch(/^\S{20,}$/);
      if (name === 'helper') await shot(admin, '07-admin-agent-token-once');
      await reveal.getByRole('button', { name: 'I have copied it' }).click();
    }
    expect(await tableRows(admin, 'data-agent')).toEqual(['helper', 'other-bot']);
    // At 1024 px every row action is in view: the table does not scroll sideways.
    expect(await admin.locator('.table-wrap').evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);

    await goTo(admin, 'Enrolment codes');
    await admin.getByText('No codes issued in this session').waitFor();
    await admin.getByRole('button', { name: 'New code' }).click();
    const codeForm = admin.getByRole('dialog', { name: 'New enrolment code' });
    await codeForm.getByLabel("Developer's e-mail").fill('member@example.com');
    await codeForm.getByRole('button', { name: 'Issue code' }).click();
    const codeReveal = admin.getByRole('dialog', { name: 'Enrolment code for member@example.com' });
    enrolCode = (await codeReveal.locator('[data-test="secret"]').textContent())!.trim();
    await shot(admin, '08-admin-enrol-code-once');
    await codeReveal.getByRole('button', { name: 'I have copied it' }).click();
    expect(enrolCode.length).toBeGreaterThan(10);

    await goTo(admin, 'Providers');
    await admin.locator('[data-provider="oa"] [data-test="key"]').waitFor();
    expect(await admin.locator('[data-provider="oa"] [data-test="key"]').textContent()).toContain('QRST');
    expect(await admin.content()).not.toContain(PROVIDER_KEY.slice(0, 20));
    await shot(admin, '09-admin-providers');
    expect(await fitsWidth(admin)).toBe(true);
    await admin.context().close();
  });

  it('shows live spend by team, agent, user and model as devices report it, and devices and leases held', async () => {
    const memberDev = await device(enrolCode, 'member-laptop');
    const otherCode = JSON.parse(panelCli(dataDir, ['device', 'enroll-code', '--user', 'other@example.com', '--json'])) as { code: string };
    const otherDev = await device(otherCode.code, 'other-desktop');
    await spend(otherDev, 'other-bot', 2);

    const admin = watch(await signIn(chrome.browser, panel.url, 'admin@example.com', { width: 1440 }));
    const total = admin.locator('[data-test="total-spend"]');
    await expect.poll(() => total.textContent()).not.toBe('$0.00');
    const before = await total.textContent();
    // The page is not reloaded: the new spend arrives by itself.
    await spend(memberDev, 'helper', 3);
    await expect.poll(() => total.textContent(), { timeout: 10_000 }).not.toBe(before);
    await admin.locator('[data-test="By user"]').getByText('member@example.com').waitFor();
    for (const group of ['By team', 'By agent', 'By user', 'By model']) await admin.locator(`[data-test="${group}"] tbody tr`).first().waitFor();
    expect(await admin.locator('[data-test="By model"] tbody tr').count()).toBe(2);
    await shot(admin, '10-admin-overview-live-1440');

    await goTo(admin, 'Devices');
    await admin.locator('[data-device="member-laptop"]').waitFor();
    await shot(admin, '11-admin-devices');
    await goTo(admin, 'Leases');
    await admin.locator('[data-lease]').nth(1).waitFor();
    await shot(admin, '12-admin-leases');
    const otherLease = admin.locator('[data-lease]').filter({ hasText: 'other-bot' });
    await otherLease.getByText('other-desktop').waitFor();
    await otherLease.getByRole('button', { name: 'Revoke' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Revoke lease' }).click();
    await otherLease.getByText('revoked').waitFor();
    expect(await otherLease.getByRole('button', { name: 'Revoke' }).count()).toBe(0);
    await goTo(admin, 'Agents');
    await shot(admin, '13-admin-agents-1440');
    await goTo(admin, 'Teams');
    await shot(admin, '14-admin-teams');
    await goTo(admin, 'Audit');
    await admin.getByText('The audit trail is intact').waitFor();
    await admin.locator('[data-audit]').first().waitFor();
    await shot(admin, '15-admin-audit');
    const download = admin.waitForEvent('download');
    await admin.getByRole('button', { name: 'Export JSON' }).click();
    const file = await (await download).path();
    const exported = JSON.parse(readFileSync(file, 'utf8')) as { seq: number; action: string; hash: string }[];
    expect(exported[0]!.seq).toBe(1);
    expect(exported.map((r) => r.action)).toEqual(expect.arrayContaining(['team.created', 'agent.created']));
    expect(exported.every((r) => /^[0-9a-f]{64}$/.test(r.hash))).toBe(true);
    expect(JSON.stringify(exported)).not.toContain(PROVIDER_KEY);
    expect(await fitsWidth(admin)).toBe(true);
    await admin.context().close();
  });

  it('a member signs in and sees only their own agents, devices, leases and spend, and asks for budget', async () => {
    const member = watch(await signIn(chrome.browser, panel.url, 'member@example.com', { dark: true }));
    expect(await navLabels(member)).toEqual(['Overview', 'Agents', 'Budget requests', 'Teams', 'Devices', 'Leases']);
    await member.locator('[data-test="By agent"]').getByText('helper').waitFor();
    expect(await member.locator('[data-test="By agent"] tbody tr').count()).toBe(1);
    expect(await member.locator('[data-test="By user"]').textContent()).not.toContain('other@example.com');
    await shot(member, '20-member-overview-dark');

    await goTo(member, 'Agents');
    await member.locator('[data-agent="helper"]').waitFor();
    expect(await tableRows(member, 'data-agent')).toEqual(['helper']);
    expect(await member.getByRole('button', { name: 'New agent' }).count()).toBe(0);
    expect(await member.getByRole('button', { name: 'Suspend' }).count()).toBe(0);
    await member.getByRole('button', { name: 'Ask for budget' }).click();
    const ask = member.getByRole('dialog', { name: 'More budget for helper' });
    await ask.getByLabel('Extra amount (USD)').fill('5');
    await ask.getByLabel('Reason').fill('Release week: the test suite runs twice as often.');
    await shot(member, '21-member-budget-request-form');
    await ask.getByRole('button', { name: 'Send request' }).click();
    await ask.waitFor({ state: 'detached' });
    await shot(member, '22-member-agents-dark');

    await goTo(member, 'Devices');
    await member.locator('[data-device="member-laptop"]').waitFor();
    expect(await tableRows(member, 'data-device')).toEqual(['member-laptop']);
    await goTo(member, 'Leases');
    await member.locator('[data-lease]').first().waitFor();
    expect(await member.locator('[data-lease]').count()).toBe(1);
    expect(await member.getByRole('button', { name: 'Revoke' }).count()).toBe(0);
    await shot(member, '23-member-leases-dark');
    await goTo(member, 'Budget requests');
    await member.locator('[data-request="helper"]').getByText('pending').waitFor();
    await shot(member, '24-member-requests-dark');

    // A member may revoke their own device (say, a lost laptop): its lease goes with it.
    await goTo(member, 'Devices');
    await member.locator('[data-device="member-laptop"]').getByRole('button', { name: 'Revoke' }).click();
    await member.getByRole('dialog').getByRole('button', { name: 'Revoke device' }).click();
    await member.locator('[data-device="member-laptop"]').getByText('revoked').waitFor();
    await shot(member, '25-member-device-revoked-dark');
    expect(await fitsWidth(member)).toBe(true);
    await member.context().close();
  });

  it('the lead approves the request and the agent budget grows', async () => {
    const lead = watch(await signIn(chrome.browser, panel.url, 'lead@example.com'));
    expect(await navLabels(lead)).toEqual(['Overview', 'Agents', 'Budget requests', 'Users', 'Teams', 'Devices', 'Leases', 'Enrolment codes', 'Providers', 'Audit']);
    await goTo(lead, 'Budget requests');
    await lead.locator('[data-request="helper"]').getByRole('button', { name: 'Approve' }).click();
    await shot(lead, '30-lead-approve-confirm');
    await lead.getByRole('dialog').getByRole('button', { name: 'Approve' }).click();
    await lead.locator('[data-request="helper"]').getByText('approved').waitFor();
    await shot(lead, '31-lead-requests');
    await goTo(lead, 'Agents');
    await expect.poll(() => lead.locator('[data-agent="helper"] [data-test="remaining"]').textContent()).toMatch(/^\$2\d\.\d\d$/);
    expect(await lead.locator('[data-agent="helper"]').textContent()).toContain('of $25.00');
    await lead.context().close();
  });

  it('a viewer sees the team figures and can change nothing', async () => {
    const viewer = watch(await signIn(chrome.browser, panel.url, 'viewer@example.com', { width: 1440, dark: true }));
    const nav = await navLabels(viewer);
    expect(nav).toEqual(['Overview', 'Agents', 'Budget requests', 'Teams', 'Devices', 'Leases', 'Providers', 'Audit']);
    await viewer.locator('[data-test="By agent"] tbody tr').nth(1).waitFor();
    await shot(viewer, '40-viewer-overview-1440-dark');
    const changing = /New|Add|Create|Revoke|Suspend|Resume|Budget$|Rotate|Approve|Reject|Ask for budget|Issue/;
    for (const label of nav) {
      await goTo(viewer, label);
      await viewer.getByRole('status').or(viewer.locator('table, [data-test="empty"], [data-test="audit-result"]')).first().waitFor();
      await expect.poll(() => viewer.locator('.state[role="status"]').count()).toBe(0);
      const buttons = await viewer.locator('main button').allTextContents();
      expect(buttons.filter((b) => changing.test(b.trim())), `${label} offers ${buttons.join(', ')}`).toEqual([]);
      await shot(viewer, `4${nav.indexOf(label) + 1}-viewer-${label.toLowerCase().replace(/\s+/g, '-')}`);
    }
    // The server agrees: a change sent from the viewer's session (with its CSRF token) is refused.
    const status = await viewer.evaluate(async () => {
      const me = (await (await fetch('/api/session')).json()) as { csrfToken: string };
      const r = await fetch('/api/agents/suspend', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: JSON.stringify({ name: 'helper' }) });
      return r.status;
    });
    expect(status).toBe(403);
    expect(await fitsWidth(viewer)).toBe(true);
    await viewer.context().close();
    expect(problems).toEqual([]);
  });
});
