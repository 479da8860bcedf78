/**
 * Numbered, append-only schema migrations. Never edit a shipped migration: add the next one.
 * Money columns are integer micro-USD; times are epoch milliseconds.
 */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'gateway spine',
    sql: `
      CREATE TABLE providers (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL CHECK (type IN ('openai', 'anthropic', 'openai-compatible')),
        base_url TEXT,
        key_ciphertext TEXT,
        key_last4 TEXT,
        zero_priced INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE agents (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL CHECK (status IN ('active', 'suspended')),
        budget_micros INTEGER NOT NULL CHECK (budget_micros >= 0),
        period TEXT NOT NULL CHECK (period IN ('total', 'daily', 'weekly', 'monthly')),
        allowed_models TEXT,
        openai_provider_id TEXT REFERENCES providers(id) ON DELETE SET NULL,
        anthropic_provider_id TEXT REFERENCES providers(id) ON DELETE SET NULL,
        log_bodies INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE ic_tokens (
        id TEXT PRIMARY KEY,
        agent_id TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
        token_hash TEXT NOT NULL UNIQUE,
        prefix TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
      );
      CREATE INDEX ic_tokens_agent ON ic_tokens(agent_id);

      -- The limit a reservation must fit under. Today every budget is local (Model A); a lease-backed
      -- budget (Model C) changes this view, not the request path.
      CREATE VIEW agent_budget_limit AS
        SELECT id AS agent_id, budget_micros AS limit_micros FROM agents WHERE status = 'active';

      -- Running totals per agent and period window, kept in the same transaction as the calls they sum.
      CREATE TABLE budget_usage (
        agent_id TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
        period_key TEXT NOT NULL,
        spent_micros INTEGER NOT NULL DEFAULT 0 CHECK (spent_micros >= 0),
        reserved_micros INTEGER NOT NULL DEFAULT 0 CHECK (reserved_micros >= 0),
        PRIMARY KEY (agent_id, period_key)
      ) WITHOUT ROWID;

      -- One row per call that reached an agent: its reservation, its settlement and its audit record.
      CREATE TABLE calls (
        id TEXT PRIMARY KEY,
        agent_id TEXT NOT NULL,
        agent_name TEXT NOT NULL,
        provider_id TEXT,
        provider_name TEXT,
        endpoint TEXT NOT NULL,
        model TEXT NOT NULL,
        stream INTEGER NOT NULL DEFAULT 0,
        period_key TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('reserved', 'settled', 'released', 'refused')),
        reserved_micros INTEGER NOT NULL DEFAULT 0,
        cost_micros INTEGER NOT NULL DEFAULT 0,
        input_tokens INTEGER NOT NULL DEFAULT 0,
        cache_read_tokens INTEGER NOT NULL DEFAULT 0,
        cache_write_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        reasoning_tokens INTEGER NOT NULL DEFAULT 0,
        outcome TEXT NOT NULL,
        http_status INTEGER,
        usage_estimated INTEGER NOT NULL DEFAULT 0,
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        latency_ms INTEGER,
        instance_id TEXT NOT NULL,
        request_body TEXT,
        response_body TEXT
      );
      CREATE INDEX calls_started ON calls(started_at);
      CREATE INDEX calls_agent_started ON calls(agent_id, started_at);
      CREATE INDEX calls_open ON calls(instance_id) WHERE state = 'reserved';

      CREATE TABLE price_overrides (
        provider_id TEXT NOT NULL DEFAULT '' ,
        model TEXT NOT NULL,
        input_per_mtok INTEGER NOT NULL CHECK (input_per_mtok >= 0),
        output_per_mtok INTEGER NOT NULL CHECK (output_per_mtok >= 0),
        cache_read_per_mtok INTEGER CHECK (cache_read_per_mtok >= 0),
        cache_write_per_mtok INTEGER CHECK (cache_write_per_mtok >= 0),
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (provider_id, model)
      );

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      -- Gateway processes using this database, so a restart can tell a crashed one's reservations
      -- from a live one's.
      CREATE TABLE instances (
        id TEXT PRIMARY KEY,
        pid INTEGER NOT NULL,
        hostname TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        heartbeat_at INTEGER NOT NULL
      );

      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        details TEXT
      );
    `,
  },
  {
    version: 2,
    name: 'hash-chained audit trail',
    sql: `
      -- Each record carries the hash of the one before it (see store/audit-chain.ts for what is hashed).
      ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
      ALTER TABLE audit_log ADD COLUMN hash TEXT;

      -- Where the chain starts: 64 zeros, or after pruning the hash of the last pruned record and how many
      -- were pruned. unsealed_through marks the records written before the chain existed; the first process
      -- to open the upgraded database chains them once and sets it to 0.
      CREATE TABLE audit_anchor (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        through_seq INTEGER NOT NULL,
        hash TEXT NOT NULL,
        pruned INTEGER NOT NULL DEFAULT 0,
        pruned_at INTEGER,
        unsealed_through INTEGER NOT NULL DEFAULT 0
      );
      INSERT INTO audit_anchor (id, through_seq, hash, unsealed_through)
        SELECT 1, 0, '0000000000000000000000000000000000000000000000000000000000000000', COALESCE(MAX(seq), 0) FROM audit_log;
    `,
  },
  {
    version: 3,
    name: 'analytics index',
    sql: `
      -- Analytics read only this index (see store/sqlite-analytics.ts): for each (agent, provider, model) and
      -- each time bucket, one seek then a scan of covering entries, already in group order, so no query sorts
      -- the ledger. A settle rewrites one entry of it.
      CREATE INDEX IF NOT EXISTS calls_analytics ON calls(agent_name, provider_name, model, started_at, state,
        cost_micros, input_tokens, cache_read_tokens, cache_write_tokens, output_tokens);
    `,
  },
  {
    version: 4,
    name: 'per-agent guardrail policies',
    sql: `
      -- JSON policy per category and direction (see domain/guard-policy.ts); NULL means the defaults.
      ALTER TABLE agents ADD COLUMN guard_policy TEXT;
    `,
  },
  {
    version: 5,
    name: 'budget windows as sums of hourly buckets, several caps per agent',
    sql: `
      -- The one place an agent's limits live: one row per capped period (hourly, daily, weekly, monthly, total).
      CREATE TABLE agent_limits (
        agent_id TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
        period TEXT NOT NULL CHECK (period IN ('total', 'hourly', 'daily', 'weekly', 'monthly')),
        limit_micros INTEGER NOT NULL CHECK (limit_micros >= 0),
        PRIMARY KEY (agent_id, period)
      ) WITHOUT ROWID;
      INSERT INTO agent_limits (agent_id, period, limit_micros) SELECT id, period, budget_micros FROM agents;

      -- Spend per agent and local hour (start in epoch ms, in the configured time zone): every window is a
      -- sum of these, so changing an agent's period keeps what it already spent.
      CREATE TABLE spend_buckets (
        agent_id TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
        hour_start INTEGER NOT NULL,
        spent_micros INTEGER NOT NULL DEFAULT 0 CHECK (spent_micros >= 0),
        PRIMARY KEY (agent_id, hour_start)
      ) WITHOUT ROWID;
      -- Per agent: all-time spend, and money held against every window (open reservations and granted slices).
      CREATE TABLE agent_spend (
        agent_id TEXT PRIMARY KEY REFERENCES agents(id) ON DELETE CASCADE,
        spent_micros INTEGER NOT NULL DEFAULT 0 CHECK (spent_micros >= 0),
        reserved_micros INTEGER NOT NULL DEFAULT 0 CHECK (reserved_micros >= 0)
      ) WITHOUT ROWID;

      -- Earlier spend is re-bucketed from the calls themselves (UTC hours: the local ones in whole-hour zones).
      INSERT INTO spend_buckets (agent_id, hour_start, spent_micros)
        SELECT c.agent_id, (c.started_at / 3600000) * 3600000, SUM(c.cost_micros) FROM calls c
        JOIN agents a ON a.id = c.agent_id
        WHERE c.state = 'settled' AND c.cost_micros > 0 GROUP BY 1, 2;
      INSERT INTO agent_spend (agent_id, spent_micros, reserved_micros)
        SELECT a.id,
          COALESCE((SELECT SUM(cost_micros) FROM calls WHERE agent_id = a.id AND state = 'settled'), 0),
          COALESCE((SELECT SUM(reserved_micros) FROM calls WHERE agent_id = a.id AND state = 'reserved'), 0)
        FROM agents a;

      DROP VIEW agent_budget_limit;
      DROP TABLE budget_usage;
      ALTER TABLE agents DROP COLUMN budget_micros;
      ALTER TABLE agents DROP COLUMN period;
    `,
  },
  {
    version: 6,
    name: 'wallet holds per process',
    sql: `
      -- Money a gateway process holds in its in-memory wallets (granted slices not yet spent or given back). It is
      -- also counted in agent_spend.reserved_micros; this row says whose it is, so a crashed process's share can
      -- be reconciled by the next start.
      CREATE TABLE wallet_holds (
        instance_id TEXT NOT NULL,
        agent_id TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
        held_micros INTEGER NOT NULL DEFAULT 0 CHECK (held_micros >= 0),
        PRIMARY KEY (instance_id, agent_id)
      ) WITHOUT ROWID;
      CREATE INDEX calls_open_agent ON calls(agent_id) WHERE state = 'reserved';
    `,
  },
  {
    version: 7,
    name: 'guardrail findings with their call',
    sql: `
      -- JSON array of {direction, category, action, types, count} (never the matched text), so the dashboard
      -- shows a call's findings after a reload; NULL when the guardrails found nothing.
      ALTER TABLE calls ADD COLUMN guard_findings TEXT;
    `,
  },
];
