/**
 * The panel's SQLite schema, as numbered append-only migrations. Money is integer micro-USD, time epoch ms.
 * The DDL keeps to what PostgreSQL also accepts (TEXT, INTEGER/BIGINT, partial indexes) so its migrations can
 * follow these closely.
 */
export const SQLITE_MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE teams (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        limit_micros INTEGER,
        period TEXT NOT NULL DEFAULT 'monthly',
        committed_micros INTEGER NOT NULL DEFAULT 0,
        reserved_micros INTEGER NOT NULL DEFAULT 0 CHECK (reserved_micros >= 0),
        overshoot_micros INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('admin', 'lead', 'member', 'viewer')),
        team_id TEXT REFERENCES teams(id),
        password_hash TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        disabled_at INTEGER
      );
      CREATE TABLE providers (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        base_url TEXT,
        key_ciphertext TEXT NOT NULL,
        key_last4 TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE agents (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        owner_id TEXT NOT NULL REFERENCES users(id),
        team_id TEXT REFERENCES teams(id),
        status TEXT NOT NULL CHECK (status IN ('active', 'suspended')),
        period TEXT NOT NULL,
        limit_micros INTEGER NOT NULL CHECK (limit_micros >= 0),
        committed_micros INTEGER NOT NULL DEFAULT 0,
        reserved_micros INTEGER NOT NULL DEFAULT 0 CHECK (reserved_micros >= 0),
        overshoot_micros INTEGER NOT NULL DEFAULT 0,
        allowed_models TEXT,
        providers TEXT NOT NULL,
        key_mode TEXT NOT NULL CHECK (key_mode IN ('sealed', 'relay')),
        token_hash TEXT NOT NULL UNIQUE,
        token_prefix TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE devices (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        name TEXT NOT NULL,
        platform TEXT NOT NULL,
        app_version TEXT NOT NULL,
        sign_pub TEXT NOT NULL,
        kem_pub TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        last_seen_at INTEGER,
        revoked_at INTEGER
      );
      CREATE TABLE enrol_codes (
        code_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        created_by TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER,
        device_id TEXT
      );
      CREATE TABLE nonces (
        nonce TEXT PRIMARY KEY,
        device_id TEXT NOT NULL REFERENCES devices(id),
        expires_at INTEGER NOT NULL
      );
      CREATE TABLE lease_epochs (
        agent_id TEXT NOT NULL REFERENCES agents(id),
        device_id TEXT NOT NULL REFERENCES devices(id),
        epoch INTEGER NOT NULL,
        PRIMARY KEY (agent_id, device_id)
      );
      CREATE TABLE leases (
        id TEXT PRIMARY KEY,
        agent_id TEXT NOT NULL REFERENCES agents(id),
        team_id TEXT REFERENCES teams(id),
        device_id TEXT NOT NULL REFERENCES devices(id),
        epoch INTEGER NOT NULL,
        granted_micros INTEGER NOT NULL,
        captured_micros INTEGER NOT NULL,
        high_seq INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('active', 'expired', 'settled', 'closed', 'revoked')),
        ttl_ms INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        settle_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX leases_open ON leases(state, settle_at);
      CREATE INDEX leases_agent ON leases(agent_id, state);
      CREATE TABLE usage_records (
        lease_id TEXT NOT NULL REFERENCES leases(id),
        seq INTEGER NOT NULL,
        call_id TEXT NOT NULL,
        agent_id TEXT NOT NULL,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        status TEXT NOT NULL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cache_read_tokens INTEGER NOT NULL,
        cache_write_tokens INTEGER NOT NULL,
        client_cost_micros INTEGER NOT NULL,
        cost_micros INTEGER NOT NULL,
        late INTEGER NOT NULL,
        flagged INTEGER NOT NULL,
        duplicate_call INTEGER NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (lease_id, seq)
      );
      CREATE UNIQUE INDEX usage_call_once ON usage_records(call_id) WHERE duplicate_call = 0;
      CREATE INDEX usage_agent_at ON usage_records(agent_id, at);
      CREATE TABLE device_events (
        id INTEGER NOT NULL,
        device_id TEXT NOT NULL,
        type TEXT NOT NULL,
        data TEXT NOT NULL,
        at INTEGER NOT NULL,
        pending INTEGER NOT NULL,
        PRIMARY KEY (device_id, id)
      );
      CREATE TABLE panel_audit (
        seq INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        details TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        kind TEXT NOT NULL CHECK (kind IN ('session', 'api')),
        csrf TEXT,
        name TEXT,
        created_at INTEGER NOT NULL,
        expires_at INTEGER,
        revoked_at INTEGER
      );
      CREATE TABLE login_attempts (
        key TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX login_attempts_key ON login_attempts(key, at);
      CREATE TABLE budget_requests (
        id TEXT PRIMARY KEY,
        agent_id TEXT NOT NULL REFERENCES agents(id),
        user_id TEXT NOT NULL REFERENCES users(id),
        amount_micros INTEGER NOT NULL,
        reason TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected')),
        decided_by TEXT,
        created_at INTEGER NOT NULL,
        decided_at INTEGER
      );
    `,
  },
  {
    // Budget periods: the window key a budget's `committed` belongs to; a new window starts it from zero.
    version: 2,
    sql: `
      ALTER TABLE agents ADD COLUMN period_key TEXT NOT NULL DEFAULT '';
      ALTER TABLE teams ADD COLUMN period_key TEXT NOT NULL DEFAULT '';
    `,
  },
];
