import { Command } from 'commander';
import { issueEnrolCode, revokeDevice } from '../../../../core/src/node/panel/device-auth.ts';
import { revokeLease } from '../../../../core/src/node/panel/lease-events.ts';
import { readEndpoint } from '../../../../core/src/node/panel/endpoint-file.ts';
import { deviceViews, leaseViews, usageViews } from '../../../../core/src/node/panel/queries.ts';
import { verifyAudit } from '../../../../core/src/node/panel/store/audit-repo.ts';
import { printJson, printTable, usd, when } from '../output.ts';
import { parseIsoTime } from '../parse.ts';
import { CLI, parsePositiveInt, withPanel, withStoreOptions, type PanelStoreOptions } from './panel-common.ts';

type Json = { json?: boolean };

export function panelDeviceCommand(): Command {
  const cmd = new Command('device').description("developers' machines: enrolment codes, list, revoke");
  withStoreOptions(
    cmd
      .command('enroll-code')
      .description('issue a one-time enrolment code for a user (single use; carries the pinned certificate fingerprint)')
      .requiredOption('--user <email>', 'the user the enrolled device will belong to')
      .option('--ttl-min <minutes>', 'minutes the code stays valid', parsePositiveInt, 15)
      .option('--json', 'print JSON'),
  ).action(async (opts: PanelStoreOptions & Json & { user: string; ttlMin: number }) => {
    const out = await withPanel(opts, async (ctx) => {
      const endpoint = readEndpoint(ctx.dataDir);
      const issued = await issueEnrolCode(ctx, CLI, { user: opts.user, ttlMin: opts.ttlMin, fingerprint: endpoint?.fingerprint ?? null });
      return { ...issued, panelUrl: endpoint?.publicUrl ?? null };
    });
    if (opts.json) return printJson(out);
    console.log(`One-time code for ${out.user} (valid until ${when(out.expiresAt)}):\n  ${out.code}`);
    console.log(`On the developer's machine:\n  iron-cage sync enable --panel ${out.panelUrl ?? 'PANEL_URL'} --code ${out.code}`);
  });
  withStoreOptions(cmd.command('list').description('list enrolled devices').option('--json', 'print JSON')).action(async (opts: PanelStoreOptions & Json) => {
    const devices = await withPanel(opts, (ctx) => deviceViews(ctx));
    if (opts.json) return printJson(devices);
    printTable(
      ['ID', 'USER', 'NAME', 'PLATFORM', 'LAST SEEN', 'LEASES', 'STATUS'],
      devices.map((d) => [d.id, d.user, d.name, d.platform, when(d.lastSeenAt), d.openLeases, d.revokedAt ? 'revoked' : 'active']),
      'No devices yet: issue a code with `iron-cage panel device enroll-code --user EMAIL`.',
    );
  });
  withStoreOptions(cmd.command('revoke').description('revoke a device: its leases are revoked and it is told at once').argument('<device>').option('--json', 'print JSON')).action(
    async (device: string, opts: PanelStoreOptions & Json) => {
      const out = await withPanel(opts, (ctx) => revokeDevice(ctx, CLI, device));
      if (opts.json) return printJson(out);
      console.log(`Revoked device ${out.device} (${out.leasesRevoked} lease${out.leasesRevoked === 1 ? '' : 's'} revoked).`);
    },
  );
  return cmd;
}

export function panelLeaseCommand(): Command {
  const cmd = new Command('lease').description('budget lent to devices');
  withStoreOptions(cmd.command('list').description('list leases (granted, captured, state)').option('--all', 'include closed and settled leases').option('--json', 'print JSON')).action(
    async (opts: PanelStoreOptions & Json & { all?: boolean }) => {
      const leases = await withPanel(opts, (ctx) => leaseViews(ctx, { open: !opts.all }));
      if (opts.json) return printJson(leases);
      printTable(
        ['ID', 'AGENT', 'DEVICE', 'EPOCH', 'GRANTED', 'CAPTURED', 'STATE', 'EXPIRES'],
        leases.map((l) => [l.id, l.agent, l.device, l.epoch, usd(l.grantedMicros), usd(l.capturedMicros), l.state, when(l.expiresAt)]),
        opts.all ? 'No leases yet.' : 'No open leases (add --all for closed and settled ones).',
      );
    },
  );
  withStoreOptions(cmd.command('revoke').description('revoke a lease: the device stops spending it; it settles after the settle window').argument('<lease>').option('--json', 'print JSON')).action(
    async (lease: string, opts: PanelStoreOptions & Json) => {
      const revoked = await withPanel(opts, (ctx) => revokeLease(ctx, CLI, lease));
      if (opts.json) return printJson({ lease, revoked });
      console.log(revoked ? `Revoked lease ${lease}.` : `Lease ${lease} was already ended.`);
    },
  );
  return cmd;
}

export function panelUsageCommand(): Command {
  return withStoreOptions(
    new Command('usage')
      .description('usage records, priced by the panel')
      .option('--agent <name>', 'only this agent')
      .option('--since <iso>', 'only records from this time', parseIsoTime)
      .option('--json', 'print JSON'),
  ).action(async (opts: PanelStoreOptions & Json & { agent?: string; since?: number }) => {
    const out = await withPanel(opts, (ctx) => usageViews(ctx, { agent: opts.agent, since: opts.since }));
    if (opts.json) return printJson(out);
    printTable(
      ['AT', 'AGENT', 'MODEL', 'STATUS', 'IN', 'OUT', 'COST', 'FLAGS'],
      out.records.map((r) => [when(r.at), r.agent, r.model, r.status, r.inputTokens, r.outputTokens, usd(r.costMicros), [r.late ? 'late' : '', r.flagged ? 'flagged' : ''].filter(Boolean).join(',') || '-']),
      'No usage recorded.',
    );
    if (out.records.length > 0) console.log(`Total: ${usd(out.totalMicros)}`);
  });
}

export function panelAuditCommand(): Command {
  const cmd = new Command('audit').description("the panel's hash-chained audit trail");
  withStoreOptions(cmd.command('verify').description('walk the hash chain and report the first broken record').option('--json', 'print JSON')).action(async (opts: PanelStoreOptions & Json) => {
    const check = await withPanel(opts, (ctx) => verifyAudit(ctx.db));
    const { lastHash: _lastHash, ...result } = check;
    if (opts.json) printJson(result);
    else if (result.ok) console.log(`Audit trail intact: ${result.records} records.`);
    else console.log(`Audit trail BROKEN at record ${result.broken?.seq}: ${result.broken?.message}`);
    if (!result.ok) process.exitCode = 2;
  });
  return cmd;
}
