import type { Command} from 'commander';
import { InvalidArgumentError } from 'commander';
import { appError } from '../../../../core/src/domain/errors.ts';
import type { Actor, PanelContext } from '../../../../core/src/node/panel/panel-context.ts';
import { openPanel } from '../../../../core/src/node/panel/open-panel.ts';

/** Where every `panel` command finds the panel's store (the same flags as `panel serve`). */
export interface PanelStoreOptions {
  dataDir?: string;
  databaseUrl?: string;
}

export const CLI: Actor = { kind: 'cli' };

export function withStoreOptions(cmd: Command): Command {
  return cmd
    .option('--data-dir <dir>', "the panel's data folder (default: IRON_CAGE_PANEL_DATA_DIR or the OS app-data folder iron-cage-panel)")
    .option('--database-url <url>', 'a PostgreSQL database instead of the SQLite file (postgres://…)');
}

/** Opens the panel store for one command and closes it afterwards, whatever happens. */
export async function withPanel<T>(opts: PanelStoreOptions, fn: (ctx: PanelContext) => Promise<T>): Promise<T> {
  const ctx = openPanel({ dataDir: opts.dataDir, databaseUrl: opts.databaseUrl });
  try {
    return await fn(ctx);
  } finally {
    await ctx.db.close();
  }
}

/** A secret from stdin or an environment variable, never from an argument that shell history would keep. */
export async function readSecret(what: string, opts: { stdin?: boolean; env?: string }, flags: [string, string]): Promise<string> {
  if (opts.stdin && opts.env) throw appError('INVALID_INPUT', `give the ${what} with ${flags[0]} or ${flags[1]}, not both`);
  if (opts.env) {
    const v = process.env[opts.env];
    if (!v) throw appError('INVALID_INPUT', `environment variable ${opts.env} is not set or empty`);
    return v.trim();
  }
  if (opts.stdin) {
    if (process.stdin.isTTY) process.stderr.write(`Type the ${what}, then press Enter and Ctrl-D: `);
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    const v = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
    if (!v) throw appError('INVALID_INPUT', `no ${what} arrived on standard input`);
    return v;
  }
  throw appError('INVALID_INPUT', `give the ${what} with ${flags[0]} or ${flags[1]} VAR`);
}

export function parseRole(value: string): 'admin' | 'lead' | 'member' | 'viewer' {
  if (value === 'admin' || value === 'lead' || value === 'member' || value === 'viewer') return value;
  throw new InvalidArgumentError('expected admin, lead, member or viewer');
}

export function parseKeyMode(value: string): 'sealed' | 'relay' {
  if (value === 'sealed' || value === 'relay') return value;
  throw new InvalidArgumentError('expected sealed or relay');
}

export function parsePositiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return Number(value);
}
