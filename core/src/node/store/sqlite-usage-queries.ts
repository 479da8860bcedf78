import type { Db } from '../db/open-database.ts';

export interface UsageFilter {
  agentId?: string;
  /** Epoch ms, inclusive. */
  since?: number;
  until?: number;
}

export interface UsageRow {
  agentName: string;
  model: string;
  calls: number;
  refused: number;
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  costMicros: number;
}

/** Read-only spend queries over the calls ledger. */
export class SqliteUsageQueries {
  constructor(private readonly db: Db) {}

  byAgentAndModel(filter: UsageFilter): UsageRow[] {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (filter.agentId !== undefined) {
      where.push('agent_id = @agentId');
      params.agentId = filter.agentId;
    }
    if (filter.since !== undefined) {
      where.push('started_at >= @since');
      params.since = filter.since;
    }
    if (filter.until !== undefined) {
      where.push('started_at < @until');
      params.until = filter.until;
    }
    const sql = `SELECT agent_name AS agentName, model,
        SUM(state != 'refused') AS calls, SUM(state = 'refused') AS refused,
        SUM(input_tokens) AS inputTokens, SUM(cache_read_tokens) AS cacheReadTokens,
        SUM(cache_write_tokens) AS cacheWriteTokens, SUM(output_tokens) AS outputTokens,
        SUM(cost_micros) AS costMicros
      FROM calls ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      GROUP BY agent_name, model ORDER BY agent_name, costMicros DESC`;
    return this.db.prepare<Record<string, unknown>, UsageRow>(sql).all(params);
  }
}
