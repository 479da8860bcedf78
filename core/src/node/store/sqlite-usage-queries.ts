import { z } from 'zod';
import { CallFindingSchema, STOPPED_OUTCOMES, type CallFinding, type CallRecord } from '../../contract/ops/usage.ts';
import type { CallFilter, UsageFilter, UsageQueries, UsageRow } from '../../ports/store.ts';
import type { Db } from '../db/open-database.ts';

interface CallRow {
  id: string;
  agent_name: string;
  provider_name: string | null;
  endpoint: string;
  model: string;
  stream: number;
  state: CallRecord['state'];
  outcome: string;
  http_status: number | null;
  reserved_micros: number;
  cost_micros: number;
  input_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  usage_estimated: number;
  started_at: number;
  latency_ms: number | null;
  guard_findings: string | null;
}

const CALL_COLUMNS = `id, agent_name, provider_name, endpoint, model, stream, state, outcome, http_status,
  reserved_micros, cost_micros, input_tokens, cache_read_tokens, cache_write_tokens, output_tokens,
  reasoning_tokens, usage_estimated, started_at, latency_ms, guard_findings`;

function parseFindings(text: string | null): CallFinding[] {
  if (text === null) return [];
  try {
    const parsed = z.array(CallFindingSchema).safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** LIKE with the user's own % and _ taken literally. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function toRecord(r: CallRow): CallRecord {
  return {
    id: r.id,
    agentName: r.agent_name,
    providerName: r.provider_name,
    endpoint: r.endpoint,
    model: r.model,
    stream: r.stream === 1,
    state: r.state,
    outcome: r.outcome,
    httpStatus: r.http_status,
    reservedMicros: r.reserved_micros,
    costMicros: r.cost_micros,
    inputTokens: r.input_tokens,
    cacheReadTokens: r.cache_read_tokens,
    cacheWriteTokens: r.cache_write_tokens,
    outputTokens: r.output_tokens,
    reasoningTokens: r.reasoning_tokens,
    usageEstimated: r.usage_estimated === 1,
    startedAt: r.started_at,
    latencyMs: r.latency_ms,
    findings: parseFindings(r.guard_findings),
  };
}

/** Builds a WHERE clause from optional conditions; values are always bound, never interpolated. */
function where(conds: [string, unknown][]): { sql: string; params: Record<string, unknown> } {
  const used = conds.filter(([, v]) => v !== undefined);
  const params: Record<string, unknown> = {};
  used.forEach(([, v], i) => (params[`p${i}`] = v));
  return { sql: used.length ? `WHERE ${used.map(([c], i) => c.replace('?', `@p${i}`)).join(' AND ')}` : '', params };
}

/** Read-only spend queries over the calls ledger. */
export class SqliteUsageQueries implements UsageQueries {
  constructor(private readonly db: Db) {}

  byAgentAndModel(filter: UsageFilter): UsageRow[] {
    const w = where([
      ['agent_id = ?', filter.agentId],
      ['started_at >= ?', filter.since],
      ['started_at < ?', filter.until],
    ]);
    const sql = `SELECT agent_name AS agentName, model,
        SUM(state != 'refused') AS calls, SUM(state = 'refused') AS refused,
        SUM(input_tokens) AS inputTokens, SUM(cache_read_tokens) AS cacheReadTokens,
        SUM(cache_write_tokens) AS cacheWriteTokens, SUM(output_tokens) AS outputTokens,
        SUM(cost_micros) AS costMicros
      FROM calls ${w.sql}
      GROUP BY agent_name, model ORDER BY agent_name, costMicros DESC`;
    return this.db.prepare<Record<string, unknown>, UsageRow>(sql).all(w.params);
  }

  recentCalls(filter: CallFilter): CallRecord[] {
    const stopped = STOPPED_OUTCOMES.map((o) => `'${o}'`).join(', ');
    const kinds = {
      ok: "state != 'refused' AND outcome = 'ok'",
      refused: "state = 'refused'",
      stopped: `state IN ('settled', 'released') AND outcome IN (${stopped})`,
      failed: `state IN ('settled', 'released') AND outcome NOT IN ('ok', ${stopped})`,
      in_flight: "state = 'reserved'",
    } as const;
    const text = filter.text?.trim();
    const w = where([
      ['agent_id = ?', filter.agentId],
      ['agent_name = ?', filter.agentName],
      ['outcome = ?', filter.outcome],
      [`(${filter.kind ? kinds[filter.kind] : 'TRUE'}) AND ? = 1`, filter.kind ? 1 : undefined],
      [
        "(lower(model) LIKE ? ESCAPE '\\' OR lower(outcome) LIKE @pt ESCAPE '\\' OR lower(COALESCE(provider_name, '')) LIKE @pt ESCAPE '\\' OR lower(agent_name) LIKE @pt ESCAPE '\\')",
        text ? likePattern(text) : undefined,
      ],
      ['started_at >= ?', filter.since],
      ['started_at < ?', filter.until],
      ['started_at < ?', filter.before],
    ]);
    if (text) w.params.pt = likePattern(text);
    const sql = `SELECT ${CALL_COLUMNS} FROM calls ${w.sql} ORDER BY started_at DESC, rowid DESC LIMIT ${Math.trunc(filter.limit)}`;
    return this.db.prepare<Record<string, unknown>, CallRow>(sql).all(w.params).map(toRecord);
  }

  callDetail(id: string): { call: CallRecord; requestBody: string | null; responseBody: string | null } | undefined {
    const row = this.db
      .prepare<[string], CallRow & { request_body: string | null; response_body: string | null }>(
        `SELECT ${CALL_COLUMNS}, request_body, response_body FROM calls WHERE id = ?`,
      )
      .get(id);
    return row && { call: toRecord(row), requestBody: row.request_body, responseBody: row.response_body };
  }
}
