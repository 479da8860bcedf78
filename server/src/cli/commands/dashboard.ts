import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { appError } from '../../../../core/src/domain/errors.ts';
import { ADMIN_TOKEN_FILE } from '../../../../core/src/node/admin-token.ts';
import { LOGIN_CODE_PATH } from '../../../../core/src/node/admin/session-http.ts';
import { DEFAULT_PORT } from '../../../../core/src/node/gateway/start-gateway.ts';
import { resolveDataDir, type DataDirOption } from '../context.ts';

function parseGatewayUrl(value: string): string {
  const u = new URL(value);
  if (u.protocol !== 'http:') throw appError('INVALID_INPUT', 'the gateway URL starts with http://');
  return u.origin;
}

/** Asks the running gateway for a fresh one-time login code, proving ownership with the admin token. */
async function loginLink(url: string, token: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(`${url}${LOGIN_CODE_PATH}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5_000) });
  } catch {
    throw appError('NOT_FOUND', `no gateway answers at ${url}; start one with \`iron-cage serve\`, or pass --url with the address it printed`);
  }
  const body = (await res.json().catch(() => undefined)) as { result?: { code?: string }; error?: { message?: string } } | undefined;
  const code = body?.result?.code;
  if (!res.ok || !code) {
    const why = body?.error?.message ?? `HTTP ${res.status}`;
    throw appError('UNAUTHORIZED', `the gateway at ${url} refused a login link (${why}); is it serving this data directory?`);
  }
  return `${url}/?code=${code}`;
}

export function dashboardCommand(): Command {
  return new Command('dashboard')
    .description('print a fresh one-time login link for the web dashboard of a running gateway')
    .option('--url <url>', 'the gateway\'s address, as `serve` printed it', `http://127.0.0.1:${DEFAULT_PORT}`)
    .option('--data-dir <dir>', 'data directory (its admin token proves you may log in)')
    .addHelpText('after', '\nThe link logs one browser in once, within 5 minutes. The page also accepts the admin token itself.')
    .action(async (opts: DataDirOption & { url: string }) => {
      const url = parseGatewayUrl(opts.url);
      const file = join(resolveDataDir(opts), ADMIN_TOKEN_FILE);
      if (!existsSync(file)) throw appError('NOT_FOUND', `no admin token at ${file}: has \`iron-cage serve\` run on this data directory?`);
      console.log(await loginLink(url, readFileSync(file, 'utf8').trim()));
    });
}
