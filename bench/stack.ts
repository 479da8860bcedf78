import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundles } from './build.ts';
import { cli, cliExecutable, REPO, startServer, type Server } from './processes.ts';
import { PROVIDER_KEY } from './workload.ts';

/**
 * The configurations compared: the emulator called directly, the bare proxy, the gateway with auth + budget +
 * settlement + audit, and the same gateway with guardrails on. Every suite measures each one that is running,
 * interleaved with the others.
 */
export type TargetName = 'direct' | 'bare' | 'gateway' | 'guarded';
/** The configurations held to the targets, each as a ratio to the bare proxy. */
export type GovernedName = 'gateway' | 'guarded';
export const GOVERNED: readonly GovernedName[] = ['gateway', 'guarded'];

export const TARGET_LABEL: Record<TargetName, string> = {
  direct: 'Emulator direct',
  bare: 'Bare proxy',
  gateway: 'Iron Cage',
  guarded: 'Iron Cage + guardrails',
};

/**
 * Guardrails: `serve` scans traffic unless given `--no-guardrails`. With a CLI that has that flag, "Iron Cage"
 * runs with it and "Iron Cage + guardrails" without it (the default). With a CLI from before guardrails, the
 * guardrails configuration is left out and reported as not available.
 */
export function guardrailsSupported(): boolean {
  const help = spawnSync(process.execPath, [cliExecutable(), 'serve', '--help'], { cwd: REPO, encoding: 'utf8', timeout: 30_000 });
  return help.stdout.includes('--no-guardrails');
}

export const GUARDRAILS_MISSING_NOTE = 'not available: this build of `iron-cage serve` has no guardrails (no `--no-guardrails` flag)';

export interface Target {
  name: TargetName;
  origin: string;
  /** The API key this target expects: the provider key for the emulator and the bare proxy, the IC token for the gateway. */
  auth: string;
  pid: number;
}

export const GATEWAY_READY = /gateway listening on (http:\/\/\S+)/;
export const JSON_URL_READY = /\{"url":"(http:\/\/[^"]+)"\}/;

export function startEmulator(bundles: Bundles): Promise<Server> {
  // Zero-delay mode: no first-byte or chunk delay unless a request's directives ask for one.
  return startServer('emulator', [bundles.emulator, '--port', '0', '--api-key', PROVIDER_KEY], JSON_URL_READY);
}

export function startBareProxy(bundles: Bundles, upstream: string, nodeFlags: string[] = []): Promise<Server> {
  return startServer('bare proxy', [...nodeFlags, bundles.bareProxy, '--upstream', upstream], JSON_URL_READY);
}

/**
 * `iron-cage serve` as a user runs it. `guardrails`: true = the default (scan), false = `--no-guardrails`,
 * undefined = a CLI without guardrails (no flag to pass).
 */
export function startGatewayProcess(dataDir: string, guardrails: boolean | undefined, nodeFlags: string[] = []): Promise<Server> {
  const flags = guardrails === false ? ['--no-guardrails'] : [];
  const name = guardrails ? 'gateway + guardrails' : 'gateway';
  return startServer(name, [...nodeFlags, cliExecutable(), 'serve', '--port', '0', '--quiet', '--data-dir', dataDir, ...flags], GATEWAY_READY);
}

/** A fresh data directory with one OpenAI-type provider (the emulator) and one agent whose budget the load never exhausts. */
export function prepareGatewayData(emulatorUrl: string, budgetUsd = 1_000_000, agent = 'bench'): { dataDir: string; token: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'iron-cage-bench-'));
  const env = { BENCH_PROVIDER_KEY: PROVIDER_KEY };
  cli(['provider', 'add', 'emu', '--type', 'openai', '--base-url', `${emulatorUrl}/v1`, '--key-env', 'BENCH_PROVIDER_KEY'], dataDir, env);
  const created = JSON.parse(
    cli(['agent', 'create', agent, '--budget-usd', String(budgetUsd), '--period', 'total', '--provider', 'emu', '--json'], dataDir),
  ) as { token: string };
  return { dataDir, token: created.token };
}

export function targetOf(name: TargetName, server: Server, auth: string): Target {
  return { name, origin: server.url, auth, pid: server.pid };
}
