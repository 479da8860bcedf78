import { Command } from 'commander';
import { withClient, type DataDirOption } from '../context.ts';

export function configCommand(): Command {
  const cmd = new Command('config').description('settings shared by every Iron Cage process on this data directory');
  cmd
    .command('get')
    .description('show the time zone budget periods are aligned to')
    .option('--data-dir <dir>', 'data directory')
    .action(async (opts: DataDirOption) => {
      await withClient(opts, async (client) => {
        const s = await client.call('settings.get', {});
        console.log(`timezone = ${s.timezone}${s.timezoneIsSystemDefault ? ' (the system\'s)' : ''}`);
        console.log(`data directory = ${s.dataDir}`);
      });
    });
  cmd
    .command('set-timezone')
    .description('align daily, weekly and monthly budgets to this IANA time zone (running gateways pick it up within a second)')
    .argument('<zone>', 'e.g. Europe/Paris, America/New_York, UTC')
    .option('--data-dir <dir>', 'data directory')
    .action(async (zone: string, opts: DataDirOption) => {
      await withClient(opts, async (client) => {
        await client.call('settings.update', { timezone: zone });
        console.log(`Budget periods now follow ${zone}.`);
      });
    });
  return cmd;
}
