import { Command } from 'commander';
import { configuredTimeZone } from '../../../../core/src/node/runtime.ts';
import { CLI_ACTOR, withRuntime, type DataDirOption } from '../context.ts';

export function configCommand(): Command {
  const cmd = new Command('config').description('settings shared by every Iron Cage process on this data directory');
  cmd
    .command('get')
    .description('show the time zone budget periods are aligned to')
    .option('--data-dir <dir>', 'data directory')
    .action(async (opts: DataDirOption) => {
      await withRuntime(opts, (rt) => {
        const set = rt.pricing.timeZone();
        console.log(`timezone = ${configuredTimeZone(rt.store)}${set === undefined ? ' (the system\'s)' : ''}`);
      });
    });
  cmd
    .command('set-timezone')
    .description('align daily, weekly and monthly budgets to this IANA time zone (running gateways pick it up within a second)')
    .argument('<zone>', 'e.g. Europe/Paris, America/New_York, UTC')
    .option('--data-dir <dir>', 'data directory')
    .action(async (zone: string, opts: DataDirOption) => {
      await withRuntime(opts, (rt) => {
        rt.pricing.setTimeZone(zone, CLI_ACTOR);
        console.log(`Budget periods now follow ${zone}.`);
      });
    });
  return cmd;
}
