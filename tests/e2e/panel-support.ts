import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { CLI, runCli } from '../support/cli.ts';

export const PANEL_UI_BUILD = fileURLToPath(new URL('../../out/panel-ui/index.html', import.meta.url));
export const PASSWORD = 'correct horse battery staple';

export interface RunningPanelProcess {
  child: ChildProcess;
  url: string;
}

/** Starts the real `iron-cage panel serve` on a free loopback port and resolves once it prints its listening line. */
export function startPanelServe(dataDir: string): Promise<RunningPanelProcess> {
  const child = spawn(process.execPath, [CLI, 'panel', 'serve', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`panel serve did not start: ${out}`));
    }, 20_000);
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /panel listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]! });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`panel serve exited with ${code}: ${out}`));
    });
  });
}

/** `iron-cage panel …` against the panel's data folder; fails the test with the command's output when it fails. */
export function panelCli(dataDir: string, args: string[], input?: string): string {
  const r = runCli(['panel', ...args], { dataDir, input });
  if (r.status !== 0) throw new Error(`iron-cage panel ${args.join(' ')} failed (${r.status}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** `iron-cage panel user add EMAIL --role ROLE [--team T] --password-stdin`, in a child process (so several can run at once). */
export async function addUser(dataDir: string, email: string, role: string, team?: string): Promise<void> {
  const args = [CLI, 'panel', 'user', 'add', email, '--role', role, ...(team ? ['--team', team] : []), '--password-stdin', '--data-dir', dataDir];
  const run = promisify(execFile)(process.execPath, args, { timeout: 30_000 });
  run.child.stdin!.end(`${PASSWORD}\n`);
  await run;
}

/** A fresh browser context (its own cookies) signed in as `email` through the login form. */
export async function signIn(browser: Browser, url: string, email: string, opts: { width?: number; dark?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1024, height: 720 }, colorScheme: opts.dark ? 'dark' : 'light' });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Panel' }).waitFor();
  return page;
}

/** Opens a page from the side navigation and waits for its heading. */
export async function goTo(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Panel' }).getByRole('link', { name: label, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
}

/** The labels of the side navigation, in order. */
export const navLabels = (page: Page): Promise<string[]> => page.getByRole('navigation', { name: 'Panel' }).getByRole('link').allTextContents();
