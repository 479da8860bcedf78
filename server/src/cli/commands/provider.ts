import { Command, Option } from 'commander';
import { ProviderTypeSchema } from '../../../../core/src/domain/provider.ts';
import { appError } from '../../../../core/src/domain/errors.ts';
import { withClient, type DataDirOption } from '../context.ts';
import { printJson, printTable } from '../output.ts';

interface KeyOptions {
  keyStdin?: boolean;
  keyEnv?: string;
  key?: boolean;
}

/** The key comes from stdin or an environment variable, never from an argument that shell history would keep. */
async function readKey(opts: KeyOptions, required: boolean): Promise<string | null> {
  if (opts.keyStdin && opts.keyEnv) throw appError('INVALID_INPUT', 'give the key with --key-stdin or --key-env, not both');
  if (opts.keyEnv) {
    const v = process.env[opts.keyEnv];
    if (!v) throw appError('INVALID_INPUT', `environment variable ${opts.keyEnv} is not set or empty`);
    return v.trim();
  }
  if (opts.keyStdin) {
    if (process.stdin.isTTY) process.stderr.write('Paste the key, then press Enter and Ctrl-D: ');
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    const v = Buffer.concat(chunks).toString('utf8').trim();
    if (!v) throw appError('INVALID_INPUT', 'no key arrived on standard input');
    return v;
  }
  if (required) throw appError('INVALID_INPUT', 'give the key with --key-stdin or --key-env VAR (or --no-key for a keyless local server)');
  return null;
}

export function providerCommand(): Command {
  const cmd = new Command('provider').description('manage LLM providers and their keys (IP tokens)');

  cmd
    .command('add')
    .description('add a provider; its key is encrypted at rest and never shown again')
    .argument('<name>', 'a short name, e.g. openai or ollama')
    .addOption(new Option('--type <type>', 'API it speaks').choices(ProviderTypeSchema.options).makeOptionMandatory())
    .option('--base-url <url>', 'API base URL up to its version segment (required for openai-compatible), e.g. http://localhost:11434/v1')
    .option('--key-stdin', 'read the key from standard input')
    .option('--key-env <var>', 'read the key from this environment variable')
    .option('--no-key', 'the provider needs no key (e.g. a local Ollama)')
    .option('--zero-priced', 'calls to this provider cost nothing (e.g. a local model); otherwise unpriced models are refused')
    .option('--data-dir <dir>', 'data directory')
    .action(async (name: string, opts: KeyOptions & DataDirOption & { type: string; baseUrl?: string; zeroPriced?: boolean }) => {
      const key = opts.key === false ? null : await readKey(opts, true);
      await withClient(opts, async (client) => {
        const p = await client.call('providers.add', {
          name,
          type: ProviderTypeSchema.parse(opts.type),
          baseUrl: opts.baseUrl ?? null,
          key,
          zeroPriced: opts.zeroPriced ?? false,
        });
        console.log(`Added provider "${p.name}" (${p.type}${p.baseUrl ? `, ${p.baseUrl}` : ''})${p.last4 ? `, key …${p.last4}` : ''}.`);
      });
    });

  cmd
    .command('list')
    .description('list providers (keys are never shown; at most their last four characters)')
    .option('--json', 'print JSON')
    .option('--data-dir <dir>', 'data directory')
    .action(async (opts: DataDirOption & { json?: boolean }) => {
      await withClient(opts, async (client) => {
        const list = await client.call('providers.list', {});
        if (opts.json) return printJson(list);
        printTable(
          ['NAME', 'TYPE', 'BASE URL', 'KEY', 'PRICING'],
          list.map((p) => [p.name, p.type, p.baseUrl ?? '(default)', p.hasKey ? (p.last4 ? `…${p.last4}` : 'set') : 'none', p.zeroPriced ? 'free' : 'catalog']),
          'No providers yet. Add one: iron-cage provider add openai --type openai --key-env OPENAI_API_KEY',
        );
      });
    });

  cmd
    .command('rotate-key')
    .description('replace a provider\'s key; running gateways use the new key on their next call')
    .argument('<name>')
    .option('--key-stdin', 'read the key from standard input')
    .option('--key-env <var>', 'read the key from this environment variable')
    .option('--data-dir <dir>', 'data directory')
    .action(async (name: string, opts: KeyOptions & DataDirOption) => {
      const key = await readKey(opts, true);
      await withClient(opts, async (client) => {
        const p = await client.call('providers.rotateKey', { name, key: key ?? '' });
        console.log(`Rotated the key of "${p.name}"${p.last4 ? ` (now …${p.last4})` : ''}.`);
      });
    });

  cmd
    .command('remove')
    .description('remove a provider that no agent uses')
    .argument('<name>')
    .option('--data-dir <dir>', 'data directory')
    .action(async (name: string, opts: DataDirOption) => {
      await withClient(opts, async (client) => {
        await client.call('providers.remove', { name });
        console.log(`Removed provider "${name}".`);
      });
    });
  cmd
    .command('test')
    .description('check that a provider answers and accepts its key (lists its models; costs nothing)')
    .argument('<name>')
    .option('--json', 'print JSON')
    .option('--data-dir <dir>', 'data directory')
    .action(async (name: string, opts: DataDirOption & { json?: boolean }) => {
      await withClient(opts, async (client) => {
        const r = await client.call('providers.test', { name });
        if (opts.json) printJson(r);
        else console.log(`${r.ok ? 'OK' : 'FAILED'}: ${r.message} (${r.latencyMs} ms${r.models !== null ? `, ${r.models} models` : ''}).`);
        if (!r.ok) process.exitCode = 1;
      });
    });
  return cmd;
}
