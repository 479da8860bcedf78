#!/usr/bin/env node
// `npm start`: the desktop app where Electron can run here; otherwise the headless gateway, which serves the
// dashboard on loopback. Arguments after `npm start --` go to whichever starts (e.g. `-- --demo` headless).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);

/** The Electron executable if it is installed and can run here, else why not. */
function findElectron() {
  let path;
  try {
    // The `electron` package exports its binary's path, and throws when the binary was never downloaded
    // (npm ci skips the download: see `allowScripts` in package.json).
    path = createRequire(import.meta.url)('electron');
  } catch {
    return { reason: 'its binary was not downloaded' };
  }
  if (typeof path !== 'string' || !existsSync(path)) return { reason: 'its binary is missing' };
  const probe = spawnSync(path, ['-e', 'process.exit(0)'], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: 'ignore',
    timeout: 20_000,
  });
  if (probe.status !== 0) return { reason: 'its binary does not run here' };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return { reason: 'there is no display' };
  return { path };
}

/** Builds main, preload and renderer into out/ when a build is missing. */
function ensureBuilt() {
  const built = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'].every((f) => existsSync(join(root, f)));
  if (built) return;
  console.log('Building the desktop app (npm run build)…');
  const bin = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const result = spawnSync(process.execPath, [bin, 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/**
 * Runs the child to completion and exits with its code. On POSIX it gets its own process group, so a Ctrl+C
 * reaches it once, from us (a second copy would skip the gateway's drain); npm may relay the same signal again
 * a moment later, which is dropped.
 */
function run(command, commandArgs, env = process.env) {
  const posix = process.platform !== 'win32';
  const child = spawn(command, commandArgs, { cwd: root, env, stdio: 'inherit', detached: posix });
  let lastForward = 0;
  const forward = (signal) => {
    const now = Date.now();
    if (now - lastForward < 2_000) return;
    lastForward = now;
    // On Windows the console already delivers Ctrl+C to the child.
    if (posix || signal !== 'SIGINT') child.kill(signal);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward);
  child.on('error', (e) => {
    console.error(`Could not start ${command}: ${e.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
}

const electron = findElectron();
if (electron.path) {
  ensureBuilt();
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  run(electron.path, ['.', ...args], env);
} else {
  console.log(`Electron is not available on this machine (${electron.reason}): running the headless gateway; open the dashboard at the URL below.`);
  run(process.execPath, [join(root, 'bin', 'iron-cage.mjs'), 'serve', ...args]);
}
