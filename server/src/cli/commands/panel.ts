import { Command } from 'commander';
import { usdToMicros } from '../../../../core/src/domain/money.ts';
import { startPanel } from '../../panel/panel-server.ts';
import { parsePort, parseUsd } from '../parse.ts';
import { panelAuditCommand, panelDeviceCommand, panelLeaseCommand, panelUsageCommand } from './panel-devices.ts';
import { panelAgentCommand, panelProviderCommand, panelTeamCommand, panelUserCommand } from './panel-people.ts';
import { parsePositiveInt, withStoreOptions } from './panel-common.ts';
import { panelMigrateCommand, panelRestoredCommand } from './panel-pg.ts';

interface ServeOpts {
  host: string;
  port: number;
  dataDir?: string;
  databaseUrl?: string;
  publicUrl?: string;
  tlsCert?: string;
  tlsKey?: string;
  allowRemote?: boolean;
  leaseTtlS: number;
  settleWindowS: number;
  leaseSizeUsd: number;
}

function serveCommand(): Command {
  return withStoreOptions(
    new Command('serve')
      .description("run the team Control Panel: budgets, leases and keys for the team's devices")
      .option('--host <host>', 'address to listen on (loopback unless --allow-remote)', '127.0.0.1')
      .option('--port <port>', 'port to listen on', parsePort, 8744)
      .option('--public-url <url>', 'the URL devices use (e.g. https://panel.example.com behind a TLS proxy)')
      .option('--tls-cert <file>', 'serve HTTPS with this certificate (PEM)')
      .option('--tls-key <file>', 'and this private key (PEM)')
      .option('--allow-remote', 'listen on a non-loopback address')
      .option('--lease-ttl-s <s>', 'lease time to live in seconds', parsePositiveInt, 300)
      .option('--settle-window-s <s>', 'how long an expired lease waits for late usage before it settles', parsePositiveInt, 120)
      .option('--lease-size-usd <usd>', 'the largest lease, in USD', parseUsd, usdToMicros(10)),
  ).action(async (opts: ServeOpts) => {
    const panel = await startPanel({
      host: opts.host,
      port: opts.port,
      dataDir: opts.dataDir,
      databaseUrl: opts.databaseUrl,
      publicUrl: opts.publicUrl,
      tlsCert: opts.tlsCert,
      tlsKey: opts.tlsKey,
      allowRemote: opts.allowRemote,
      policy: { ttlMs: opts.leaseTtlS * 1000, settleWindowMs: opts.settleWindowS * 1000, leaseSizeMax: opts.leaseSizeUsd },
    });
    console.log(`Iron Cage panel listening on ${panel.url} (data: ${panel.ctx.dataDir})`);
    if (panel.fingerprint) console.log(`TLS certificate SHA-256: ${panel.fingerprint} (carried in enrolment codes)`);
    const frozen = panel.ctx.grantsFrozenUntil;
    if (frozen) console.log(`Restored from a backup: granting no new leases or top-ups until ${new Date(frozen).toISOString()} (TTL + settle window), so leases missing from the backup lapse first.`);
    const stop = (): void => {
      void panel.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** `iron-cage panel …`: the team Control Panel server and its administration, as MODEL-C.md fixes them. */
export function panelCommand(): Command {
  const cmd = new Command('panel').description('the team Control Panel (Model C): serve it, and administer its users, teams, agents, devices and leases');
  for (const c of [serveCommand(), panelUserCommand(), panelTeamCommand(), panelProviderCommand(), panelAgentCommand(), panelDeviceCommand(), panelLeaseCommand(), panelUsageCommand(), panelAuditCommand(), panelMigrateCommand(), panelRestoredCommand()]) {
    cmd.addCommand(c);
  }
  cmd.addHelpText('after', '\nEvery panel command works on the panel store directly: --data-dir DIR (or IRON_CAGE_PANEL_DATA_DIR), or --database-url postgres://… for a panel on PostgreSQL (the keys stay in --data-dir).');
  return cmd;
}
