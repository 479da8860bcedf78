import { Command, InvalidArgumentError, Option } from 'commander';
import type { AuditRecord, AuditVerification } from '../../../../core/src/contract/ops/audit.ts';
import { appError } from '../../../../core/src/domain/errors.ts';
import { canonicalJson } from '../../../../core/src/node/store/audit-chain.ts';
import { withClient, type DataDirOption } from '../context.ts';
import { plural, printJson, printTable, when } from '../output.ts';
import { parseIsoTime } from '../parse.ts';

/** Exit code of `audit verify` when the chain is broken (1 stays "the command could not run"). */
export const AUDIT_BROKEN_EXIT = 2;

const HASHED =
  'Each record\'s hash is the SHA-256 (hex) of the RFC 8785 canonical JSON of {action, actor, at, details, prevHash, seq, target},\n' +
  'where details is the record\'s canonical JSON text (a string) or null, and prevHash is the previous record\'s hash\n' +
  '(64 zeros for the first record; after a prune, the hash of the last pruned record, kept in an anchor).';

function parseCount(max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < 1 || n > max) throw new InvalidArgumentError(`expected a whole number from 1 to ${max}`);
    return n;
  };
}

function parseDays(value: string): number {
  return parseCount(36_500)(value);
}

function parseSeq(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expected a record number (seq), such as 120');
  return n;
}

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
export function csvField(value: string | number | null): string {
  const s = value === null ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_HEADER = ['seq', 'at', 'time', 'actor', 'action', 'target', 'details', 'prev_hash', 'hash'];

function csvLine(r: AuditRecord): string {
  const details = r.details === null || r.details === undefined ? null : canonicalJson(r.details);
  return [r.seq, r.at, new Date(r.at).toISOString(), r.actor, r.action, r.target, details, r.prevHash, r.hash].map(csvField).join(',') + '\r\n';
}

function jsonLine(r: AuditRecord): string {
  return JSON.stringify({ ...r, time: new Date(r.at).toISOString() }) + '\n';
}

/** Writes to stdout honouring back-pressure; a reader that goes away (`| head`) just ends the export. */
function stdoutSink(): { write(chunk: string): Promise<boolean>; close(): void } {
  let gone = false;
  const onError = (e: NodeJS.ErrnoException): void => {
    if (e.code !== 'EPIPE') throw e;
    gone = true;
  };
  process.stdout.on('error', onError);
  return {
    async write(chunk) {
      if (gone) return false;
      if (!process.stdout.write(chunk)) {
        await new Promise<void>((resolve) => {
          process.stdout.once('drain', resolve);
          process.stdout.once('close', resolve);
        });
      }
      return !gone;
    },
    close: () => process.stdout.off('error', onError),
  };
}

function describeVerification(v: AuditVerification): string {
  const pruned = v.anchor ? ` ${plural(v.anchor.pruned, 'older record was', 'older records were')} pruned; the chain starts from the anchor after record ${v.anchor.throughSeq}.` : '';
  if (v.ok) {
    const span = v.firstSeq === null ? '' : ` (seq ${v.firstSeq}–${v.lastSeq})`;
    return `Audit trail OK: ${plural(v.records, 'record')}${span} verify.${pruned}`;
  }
  const b = v.broken!;
  return `Audit trail BROKEN at seq ${b.seq} (${b.kind}): ${b.message}. ${plural(v.records, 'record')} before it verify.${pruned}`;
}

function summarize(details: unknown, max = 70): string {
  if (details === null || details === undefined) return '';
  const s = typeof details === 'string' ? details : JSON.stringify(details);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function auditCommand(): Command {
  const cmd = new Command('audit')
    .description('the tamper-evident audit trail: every admin action and every finished call, hash-chained')
    .addHelpText('after', `\n${HASHED}`);

  cmd
    .command('verify')
    .description(`recompute every hash and link; report the first broken record (exit ${AUDIT_BROKEN_EXIT} if any)`)
    .option('--json', 'print JSON')
    .option('--data-dir <dir>', 'data directory')
    .addHelpText('after', `\nA hash mismatch means a record was edited; a link mismatch or a seq gap means records were deleted,\ninserted or reordered.\n${HASHED}`)
    .action(async (opts: DataDirOption & { json?: boolean }) => {
      await withClient(opts, async (client) => {
        const v = await client.call('audit.verify', {});
        if (opts.json) printJson(v);
        else console.log(describeVerification(v));
        if (!v.ok) process.exitCode = AUDIT_BROKEN_EXIT;
      });
    });

  cmd
    .command('list')
    .description('audit records, newest first')
    .option('--limit <n>', 'at most this many records (1-1000)', parseCount(1000), 50)
    .option('--since <iso>', 'only records at or after this time', parseIsoTime)
    .option('--until <iso>', 'only records before this time', parseIsoTime)
    .option('--action <action>', 'only this action, or a prefix ending in * (e.g. "call.*", "agent.*")')
    .option('--actor <actor>', 'only this actor (cli, dashboard, agent:NAME, ...)')
    .option('--before-seq <seq>', 'only records before this seq (to page back)', parseSeq)
    .option('--json', 'print JSON')
    .option('--data-dir <dir>', 'data directory')
    .action(
      async (opts: DataDirOption & { limit: number; since?: number; until?: number; action?: string; actor?: string; beforeSeq?: number; json?: boolean }) => {
        await withClient(opts, async (client) => {
          const records = await client.call('audit.list', {
            limit: opts.limit,
            ...(opts.since !== undefined ? { since: opts.since } : {}),
            ...(opts.until !== undefined ? { until: opts.until } : {}),
            ...(opts.action !== undefined ? { action: opts.action } : {}),
            ...(opts.actor !== undefined ? { actor: opts.actor } : {}),
            ...(opts.beforeSeq !== undefined ? { beforeSeq: opts.beforeSeq } : {}),
          });
          if (opts.json) return printJson(records);
          printTable(
            ['SEQ', 'TIME', 'ACTOR', 'ACTION', 'TARGET', 'DETAILS'],
            records.map((r) => [r.seq, when(r.at), r.actor, r.action, r.target ?? '-', summarize(r.details)]),
            'No audit records.',
          );
          const last = records.at(-1);
          if (records.length === opts.limit && last) console.log(`(older records: --before-seq ${last.seq})`);
        });
      },
    );

  cmd
    .command('export')
    .description('stream audit records, oldest first, as JSON lines or CSV (with their hashes, for outside verification)')
    .addOption(new Option('--format <format>', 'jsonl or csv').choices(['jsonl', 'csv']).makeOptionMandatory())
    .option('--since <iso>', 'only records at or after this time', parseIsoTime)
    .option('--until <iso>', 'only records before this time', parseIsoTime)
    .option('--data-dir <dir>', 'data directory')
    .addHelpText('after', `\n${HASHED}\nThe time field is the ISO form of at, and is not hashed.`)
    .action(async (opts: DataDirOption & { format: 'jsonl' | 'csv'; since?: number; until?: number }) => {
      await withClient(opts, async (client) => {
        const out = stdoutSink();
        try {
          const line = opts.format === 'csv' ? csvLine : jsonLine;
          if (opts.format === 'csv' && !(await out.write(`${CSV_HEADER.join(',')}\r\n`))) return;
          let afterSeq: number | null = 0;
          while (afterSeq !== null) {
            const page: { records: AuditRecord[]; nextAfterSeq: number | null } = await client.call('audit.export', {
              afterSeq,
              limit: 1000,
              ...(opts.since !== undefined ? { since: opts.since } : {}),
              ...(opts.until !== undefined ? { until: opts.until } : {}),
            });
            if (page.records.length > 0 && !(await out.write(page.records.map(line).join('')))) return;
            afterSeq = page.nextAfterSeq;
          }
        } finally {
          out.close();
        }
      });
    });

  cmd
    .command('prune')
    .description('delete records older than a time (default: the retention); an anchor keeps the chain verifiable')
    .option('--before <iso>', 'prune records before this time', parseIsoTime)
    .option('--data-dir <dir>', 'data directory')
    .addHelpText('after', '\nThe anchor keeps the hash of the last pruned record and how many were pruned; the prune itself is audited.\nA chain that does not verify is never pruned.')
    .action(async (opts: DataDirOption & { before?: number }) => {
      await withClient(opts, async (client) => {
        const r = await client.call('audit.prune', opts.before !== undefined ? { before: opts.before } : {});
        if (r.pruned === 0) return console.log('Nothing to prune: no record is old enough.');
        console.log(`Pruned ${plural(r.pruned, 'record')}, through seq ${r.throughSeq}; the chain now starts from an anchor holding that record's hash.`);
      });
    });

  cmd
    .command('retention')
    .description('show or set how long audit records are kept (pruned by `audit prune` without --before)')
    .option('--days <n>', 'keep records this many days', parseDays)
    .option('--forever', 'keep records forever (the default)')
    .option('--data-dir <dir>', 'data directory')
    .action(async (opts: DataDirOption & { days?: number; forever?: boolean }) => {
      if (opts.days !== undefined && opts.forever) throw appError('INVALID_INPUT', 'pass either --days or --forever, not both');
      await withClient(opts, async (client) => {
        const r =
          opts.days !== undefined || opts.forever
            ? await client.call('audit.setRetention', { days: opts.days ?? null })
            : await client.call('audit.retention', {});
        console.log(r.days === null ? 'Audit records are kept forever.' : `Audit records are kept ${plural(r.days, 'day')}.`);
      });
    });
  return cmd;
}
