import { defaultDataDir } from '../../../core/src/node/paths.ts';
import { openRuntime, type Runtime } from '../../../core/src/node/runtime.ts';
import type { ApiClient } from '../../../core/src/contract/client.ts';

export interface DataDirOption {
  dataDir?: string;
}

/** Who the audit log names for changes made from the command line. */
export const CLI_ACTOR = 'cli';

export function resolveDataDir(opts: DataDirOption): string {
  return opts.dataDir ?? defaultDataDir();
}

/** Opens the data directory for one command and closes it afterwards, whatever happens. */
export async function withRuntime<T>(opts: DataDirOption, fn: (rt: Runtime) => T | Promise<T>): Promise<T> {
  const rt = openRuntime({ dataDir: resolveDataDir(opts) });
  try {
    return await fn(rt);
  } finally {
    rt.close();
  }
}

/** Runs a command against the admin contract, as the same typed client every front end uses. */
export async function withClient<T>(opts: DataDirOption, fn: (client: ApiClient, rt: Runtime) => T | Promise<T>): Promise<T> {
  return withRuntime(opts, (rt) => fn(rt.client(CLI_ACTOR), rt));
}
