import { join } from 'node:path';
import { Command } from 'commander';
import { ADMIN_TOKEN_FILE } from '../../../../core/src/node/admin-token.ts';
import { startGateway, DEFAULT_PORT } from '../../../../core/src/node/gateway/start-gateway.ts';
import type { AdminEvent } from '../../../../core/src/contract/events.ts';
import { openRuntime } from '../../../../core/src/node/runtime.ts';
import { VERSION } from '../../../../core/src/node/version.ts';
import { startDemo, type Demo } from '../../demo.ts';
import { resolveDataDir, type DataDirOption } from '../context.ts';
import { plural, say, usd } from '../output.ts';
import { parsePort } from '../parse.ts';

interface ServeOptions extends DataDirOption {
  host: string;
  port: number;
  allowRemote?: boolean;
  demo?: boolean;
  quiet?: boolean;
  guardrails: boolean;
}

function callLine(c: Extract<AdminEvent, { type: 'call.finished' }>): string {
  const time = new Date().toISOString().slice(11, 19);
  const tokens = c.outcome === 'ok' || c.costMicros > 0 ? ` ${c.inputTokens}+${c.outputTokens} tok` : '';
  return `${time}  ${c.agentName}  ${c.model}${c.stream ? ' (stream)' : ''}  ${c.outcome}${tokens}  ${usd(c.costMicros)}  ${c.latencyMs} ms`;
}

function demoHelp(url: string, demo: Demo): string {
  const body = JSON.stringify({ model: 'gpt-4o-mini', max_tokens: 50, messages: [{ role: 'user', content: 'Hello, Iron Cage!' }] });
  return [
    '',
    `Demo: agent "${demo.agentName}" ($1 a day) calls a built-in emulated provider; no real key is used.`,
    'Try a metered call:',
    `  curl -s ${url}/v1/chat/completions -H "Authorization: Bearer ${demo.token}" -H "content-type: application/json" -d '${body}'`,
    'Or point an OpenAI SDK at it:',
    `  export OPENAI_BASE_URL=${url}/v1`,
    `  export OPENAI_API_KEY=${demo.token}`,
    'Then see the spend: npx iron-cage usage',
  ].join('\n');
}

export function serveCommand(): Command {
  return new Command('serve')
    .description('run the gateway (headless): agents call it with their IC token instead of a provider key')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on', parsePort, DEFAULT_PORT)
    .option('--allow-remote', 'allow a non-loopback --host (exposes the gateway to the network)')
    .option('--demo', 'also start an emulated provider and a demo agent, to try a metered call without any real key')
    .option('--quiet', 'do not print a line per call')
    .option('--no-guardrails', 'do not scan traffic for secrets, personal data and prompt injection')
    .option('--data-dir <dir>', 'data directory (default: the OS app-data folder, or IRON_CAGE_DATA_DIR)')
    .action(async (opts: ServeOptions) => {
      const rt = openRuntime({ dataDir: resolveDataDir(opts) });
      let demo: Demo | undefined;
      try {
        demo = opts.demo ? await startDemo(rt) : undefined;
        const gateway = await startGateway(rt, {
          host: opts.host,
          port: opts.port,
          allowRemote: opts.allowRemote ?? false,
          guardrails: opts.guardrails,
        });
        if (!opts.quiet) {
          rt.events.subscribe((e) => {
            if (e.type === 'call.finished') say(callLine(e));
            else if (e.type === 'call.refused') say(`${new Date(e.at).toISOString().slice(11, 19)}  ${e.agentName}  ${e.model}  refused: ${e.code}`);
            else if (e.type === 'safety') say(`${new Date(e.at).toISOString().slice(11, 19)}  ${e.agentName}  ${e.direction}: ${e.category} ${e.action === 'flag' ? 'flagged' : e.action === 'redact' ? 'redacted' : 'blocked'} (${e.types.join(', ')})`);
            else if (e.type === 'budget.threshold') say(`${new Date(e.at).toISOString().slice(11, 19)}  ${e.agentName} has used ${e.percent}% of its budget (${usd(e.spentMicros)} of ${usd(e.limitMicros)})`);
          });
        }
        // One write, so whoever reads our output sees the whole start-up message at once.
        const lines = [
          `Iron Cage ${VERSION}: gateway listening on ${gateway.url}`,
          `  data: ${rt.dataDir}`,
          `  admin API: ${gateway.url}/admin/api (token in ${join(rt.dataDir, ADMIN_TOKEN_FILE)})`,
          // The code logs one browser in once, within minutes; after that the page asks for the admin token.
          `  dashboard: ${gateway.dashboardLoginUrl()}`,
        ];
        const r = gateway.recovered;
        if (r.chargedCalls > 0 || r.releasedMicros > 0) {
          lines.push(
            `  a stopped gateway left ${plural(r.chargedCalls, 'call')} of unknown outcome, charged at their reservation (${usd(r.chargedMicros)}); released ${usd(r.releasedMicros)} it held unused`,
          );
        }
        if (demo) {
          lines.push(demoHelp(gateway.url, demo));
        } else {
          const agents = rt.store.agents.list().length;
          lines.push(`  ${plural(agents, 'agent')}. Point an agent at it: OPENAI_BASE_URL=${gateway.url}/v1 or ANTHROPIC_BASE_URL=${gateway.url}, with its IC token as the API key.`);
          if (agents === 0) lines.push('  No agents yet: try `npx iron-cage serve --demo`, or `npx iron-cage agent create --help`.');
        }
        console.log(lines.join('\n'));
        await new Promise<void>((resolve) => {
          const stop = (): void => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            console.log('Stopping: letting calls in flight finish (up to 10 s)…');
            resolve();
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
        await gateway.close(10_000);
      } finally {
        await demo?.emulator.close();
        rt.close();
      }
    });
}
