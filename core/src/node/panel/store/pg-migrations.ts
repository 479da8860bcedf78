/**
 * The panel's PostgreSQL schema, as numbered append-only migrations of its own (they follow the SQLite ones table for
 * table; `tests/panel/pg-schema.test.ts` fails when the two drift apart). Money is integer micro-USD and time epoch
 * ms, both BIGINT (the driver parses them to numbers: every value stays far below 2^53).
 */
export const PG_MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE teams (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        limit_micros BIGINT,
        period TEXT NOT NULL DEFAULT 'monthly',
        committed_micros BIGINT NOT NULL DEFAULT 0,
        reserved_micros BIGINT NOT NULL DEFAULT 0 CHECK (reserved_micros >= 0),
        overshoot_micros BIGINT NOT NULL DEFAULT 0,
        created_at BIGINT NOT NULL
      );
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('admin', 'lead', 'member', 'viewer')),
        team_id TEXT REFERENCES teams(id),
        password_hash TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        disabled_at BIGINT
      );
      CREATE TABLE providers (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        base_url TEXT,
        key_ciphertext TEXT NOT NULL,
        key_last4 TEXT NOT NULL,
        created_at BIGINT NOT NULL
      );
      CREATE TABLE agents (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        owner_id TEXT NOT NULL REFERENCES users(id),
        team_id TEXT REFERENCES teams(id),
        status TEXT NOT NULL CHECK (status IN ('active', 'suspended')),
        period TEXT NOT NULL,
        limit_micros BIGINT NOT NULL CHECK (limit_micros >= 0),
        committed_micros BIGINT NOT NULL DEFAULT 0,
        reserved_micros BIGINT NOT NULL DEFAULT 0 CHECK (reserved_micros >= 0),
        overshoot_micros BIGINT NOT NULL DEFAULT 0,
        allowed_models TEXT,
        providers TEXT NOT NULL,
        key_mode TEXT NOT NULL CHECK (key_mode IN ('sealed', 'relay')),
        token_hash TEXT NOT NULL UNIQUE,
        token_prefix TEXT NOT NULL,
        created_at BIGINT NOT NULL
      );
      CREATE TABLE devices (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        name TEXT NOT NULL,
        platform TEXT NOT NULL,
        app_version TEXT NOT NULL,
        sign_pub TEXT NOT NULL,
        kem_pub TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        last_seen_at BIGINT,
        revoked_at BIGINT
      );
      CREATE TABLE enrol_codes (
        code_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        created_by TEXT NOT NULL,
        expires_at BIGINT NOT NULL,
        used_at BIGINT,
        device_id TEXT
      );
      CREATE TABLE nonces (
        nonce TEXT PRIMARY KEY,
        device_id TEXT NOT NULL REFERENCES devices(id),
        expires_at BIGINT NOT NULL
      );
      CREATE TABLE lease_epochs (
        agent_id TEXT NOT NULL REFERENCES agents(id),
        device_id TEXT NOT NULL REFERENCES devices(id),
        epoch BIGINT NOT NULL,
        PRIMARY KEY (agent_id, device_id)
      );
      CREATE TABLE leases (
        id TEXT PRIMARY KEY,
        agent_id TEXT NOT NULL REFERENCES agents(id),
        team_id TEXT REFERENCES teams(id),
        device_id TEXT NOT NULL REFERENCES devices(id),
        epoch BIGINT NOT NULL,
        granted_micros BIGINT NOT NULL,
        captured_micros BIGINT NOT NULL,
        high_seq BIGINT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('active', 'expired', 'settled', 'closed', 'revoked')),
        ttl_ms BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        settle_at BIGINT NOT NULL,
        created_at BIGINT NOT NULL
      );
      CREATE INDEX leases_open ON leases(state, settle_at);
      CREATE INDEX leases_agent ON leases(agent_id, state);
      CREATE TABLE usage_records (
        lease_id TEXT NOT NULL REFERENCES leases(id),
        seq BIGINT NOT NULL,
        call_id TEXT NOT NULL,
        agent_id TEXT NOT NULL,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        status TEXT NOT NULL,
        input_tokens BIGINT NOT NULL,
        output_tokens BIGINT NOT NULL,
        cache_read_tokens BIGINT NOT NULL,
        cache_write_tokens BIGINT NOT NULL,
        client_cost_micros BIGINT NOT NULL,
        cost_micros BIGINT NOT NULL,
        late BIGINT NOT NULL,
        flagged BIGINT NOT NULL,
        duplicate_call BIGINT NOT NULL,
        at BIGINT NOT NULL,
        PRIMARY KEY (lease_id, seq)
      );
      CREATE UNIQUE INDEX usage_call_once ON usage_records(call_id) WHERE duplicate_call = 0;
      CREATE INDEX usage_agent_at ON usage_records(agent_id, at);
      CREATE TABLE device_events (
        id BIGINT NOT NULL,
        device_id TEXT NOT NULL,
        type TEXT NOT NULL,
        data TEXT NOT NULL,
        at BIGINT NOT NULL,
        pending BIGINT NOT NULL,
        PRIMARY KEY (device_id, id)
      );
      CREATE TABLE panel_audit (
        seq BIGINT PRIMARY KEY,
        at BIGINT NOT NULL,
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
        created_at BIGINT NOT NULL,
        expires_at BIGINT,
        revoked_at BIGINT
      );
      CREATE TABLE login_attempts (
        key TEXT NOT NULL,
        at BIGINT NOT NULL
      );
      CREATE INDEX login_attempts_key ON login_attempts(key, at);
      CREATE TABLE budget_requests (
        id TEXT PRIMARY KEY,
        agent_id TEXT NOT NULL REFERENCES agents(id),
        user_id TEXT NOT NULL REFERENCES users(id),
        amount_micros BIGINT NOT NULL,
        reason TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected')),
        decided_by TEXT,
        created_at BIGINT NOT NULL,
        decided_at BIGINT
      );
    `,
  },
  {
    // Push events fan out across panel instances: a row queued by any instance (or the CLI) notifies every
    // instance's listener when its transaction commits, so a device's stream wakes wherever it is connected.
    version: 2,
    sql: `
      CREATE FUNCTION ic_panel_notify_event() RETURNS trigger AS $$
      BEGIN
        PERFORM pg_notify('ic_panel_events', NEW.device_id);
        RETURN NEW;
      END
      $$ LANGUAGE plpgsql;
      CREATE TRIGGER device_events_notify AFTER INSERT ON device_events FOR EACH ROW EXECUTE FUNCTION ic_panel_notify_event();
    `,
  },
  {
    // Panel-wide facts, such as "restored from a backup: grant nothing before T".
    version: 3,
    sql: `
      CREATE TABLE panel_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    // Budget periods (SQLite migration 2): the window key a budget's `committed` belongs to.
    version: 4,
    sql: `
      ALTER TABLE agents ADD COLUMN period_key TEXT NOT NULL DEFAULT '';
      ALTER TABLE teams ADD COLUMN period_key TEXT NOT NULL DEFAULT '';
    `,
  },
];
