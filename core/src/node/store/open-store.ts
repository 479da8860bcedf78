import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateFile, tightenMode } from '../private-file.ts';
import { PeriodCalendar } from '../../domain/period.ts';
import { openDatabase, type Db } from '../db/open-database.ts';
import { SqliteAgentRepo } from './sqlite-agent-repo.ts';
import { SqliteProviderRepo } from './sqlite-provider-repo.ts';
import { SqliteLedger } from './sqlite-ledger.ts';
import { SqliteInstances } from './sqlite-instances.ts';
import { SqliteUsageQueries } from './sqlite-usage-queries.ts';
import { SqliteAnalytics } from './sqlite-analytics.ts';
import { SqlitePriceOverrideRepo, SqliteSettingsRepo } from './sqlite-small-repos.ts';
import { SqliteAuditLog } from './sqlite-audit-log.ts';
import { SqliteCallFindings } from './sqlite-call-findings.ts';

export const DATABASE_FILE = 'iron-cage.db';

/** Every repository over one database connection. */
export interface Store {
  db: Db;
  agents: SqliteAgentRepo;
  providers: SqliteProviderRepo;
  ledger: SqliteLedger;
  instances: SqliteInstances;
  overrides: SqlitePriceOverrideRepo;
  settings: SqliteSettingsRepo;
  audit: SqliteAuditLog;
  usage: SqliteUsageQueries;
  analytics: SqliteAnalytics;
  findings: SqliteCallFindings;
  /** Changes whenever another connection commits; cheap enough to read on every request. */
  dataVersion(): number;
  close(): void;
}

/**
 * Opens the data directory's database (creating the directory, 0700, if needed). `calendar` tells the ledger
 * where budget windows start; the runtime passes the one set to the configured time zone.
 */
export function openStore(dataDir: string, instanceId: string, calendar = new PeriodCalendar('UTC')): Store {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // An existing folder (made by hand, or by an older version) is made private too; so are the database files,
  // which SQLite's WAL and shared-memory files copy their mode from.
  tightenMode(dataDir, 0o700);
  const file = join(dataDir, DATABASE_FILE);
  ensurePrivateFile(file);
  for (const f of [file, `${file}-wal`, `${file}-shm`]) tightenMode(f, 0o600);
  const db = openDatabase(file);
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  // The ledger appends each finished call to the audit trail inside its own transaction.
  const audit = new SqliteAuditLog(db);
  const ledger = new SqliteLedger(db, instanceId, audit, calendar);
  return {
    db,
    agents: new SqliteAgentRepo(db),
    providers: new SqliteProviderRepo(db),
    ledger,
    instances: new SqliteInstances(db, ledger),
    overrides: new SqlitePriceOverrideRepo(db),
    settings: new SqliteSettingsRepo(db),
    audit,
    usage: new SqliteUsageQueries(db),
    analytics: new SqliteAnalytics(db),
    findings: new SqliteCallFindings(db),
    dataVersion: () => dataVersion.get() as number,
    close: () => db.close(),
  };
}
