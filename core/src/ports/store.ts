import type { Agent, AgentStatus, BudgetLimit, IcTokenInfo } from '../domain/agent.ts';
import type { BudgetPeriod } from '../domain/period.ts';
import type { Provider, ProviderType } from '../domain/provider.ts';
import type { Micros } from '../domain/money.ts';
import type { Usage, ApiFamily } from '../domain/usage.ts';
import type { PriceOverride } from '../pricing/index.ts';
import type { GuardPolicy } from '../domain/guard-policy.ts';
import type { CallKind, CallRecord } from '../contract/ops/usage.ts';
import type { AuditExportInput, AuditListInput, AuditPruneResult, AuditRecord, AuditVerification } from '../contract/ops/audit.ts';

/** The agent behind an IC token, as the request path needs it. */
export interface Caller {
  tokenId: string;
  agentId: string;
  agentName: string;
  status: AgentStatus;
  allowedModels: readonly string[] | null;
  providerIds: Record<ApiFamily, string | null>;
  logBodies: boolean;
  guardPolicy: GuardPolicy;
}

/** A provider as the request path needs it, key still encrypted. */
export interface UpstreamProvider {
  id: string;
  name: string;
  type: ProviderType;
  baseUrl: string | null;
  keyCiphertext: string | null;
  zeroPriced: boolean;
}

export interface AgentRecord {
  name: string;
  /** The agent's caps, at least one (see domain/agent.ts). */
  limits: BudgetLimit[];
  allowedModels: string[] | null;
  providers: Record<ApiFamily, string | null>;
  logBodies: boolean;
  /** The agent's own policy (null: the defaults). */
  guardPolicy?: GuardPolicy | null;
}

export interface AgentRepo {
  /** Runs `work` as one unit: every change in it (and its audit records) commits together or not at all. */
  unitOfWork<T>(work: () => T): T;
  findCaller(tokenHash: string): Caller | undefined;
  /** Agents (of `agentIds`) that may no longer run: suspended, deleted, or whose token was revoked. */
  stoppedAmong(inFlight: readonly { agentId: string; tokenId: string }[]): Set<string>;
  create(id: string, record: AgentRecord, now: number): Agent;
  list(): Agent[];
  byName(name: string): Agent | undefined;
  byId(id: string): Agent | undefined;
  update(id: string, patch: Partial<AgentRecord> & { status?: AgentStatus }, now: number): Agent;
  remove(id: string): void;
  addToken(token: { id: string; agentId: string; hash: string; prefix: string }, now: number): IcTokenInfo;
  /** Revokes every live token of the agent; returns how many. */
  revokeTokens(agentId: string, now: number): number;
  tokens(agentId: string): IcTokenInfo[];
}

export interface ProviderRecord {
  name: string;
  type: ProviderType;
  baseUrl: string | null;
  keyCiphertext: string | null;
  keyLast4: string | null;
  zeroPriced: boolean;
}

export interface ProviderRepo {
  upstream(id: string): UpstreamProvider | undefined;
  create(id: string, record: ProviderRecord, now: number): Provider;
  list(): Provider[];
  byName(name: string): Provider | undefined;
  byId(id: string): Provider | undefined;
  update(id: string, patch: Partial<ProviderRecord>, now: number): Provider;
  remove(id: string): void;
  /** Names of agents that route a family to this provider. */
  usedBy(id: string): string[];
}

export interface PriceOverrideRepo {
  list(): PriceOverride[];
  upsert(o: PriceOverride, now: number): void;
  remove(providerId: string | null, model: string): boolean;
}

export interface SettingsRepo {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

export interface AuditEntry {
  actor: string;
  action: string;
  target?: string;
  details?: Record<string, unknown>;
}

export interface AuditLog {
  append(entry: AuditEntry, at: number): void;
}

/** The audit log read back, verified and pruned; the SQLite implementation keeps it hash-chained. */
export interface AuditTrail extends AuditLog {
  /** Newest first. */
  list(filter: AuditListInput): AuditRecord[];
  /** Oldest first, after `afterSeq`. */
  page(filter: AuditExportInput): AuditRecord[];
  verify(): AuditVerification;
  prune(before: number, actor: string, at: number): AuditPruneResult;
}

/** A new call's reservation. */
export interface ReserveRequest {
  callId: string;
  agentId: string;
  agentName: string;
  providerId: string;
  providerName: string;
  endpoint: string;
  model: string;
  stream: boolean;
  periodKey: string;
  amount: Micros;
  startedAt: number;
  requestBody: string | null;
}

export interface Settlement {
  usage: Usage;
  cost: Micros;
  outcome: string;
  httpStatus: number;
  usageEstimated: boolean;
  finishedAt: number;
  latencyMs: number;
  responseBody: string | null;
}

/** A call refused before it reached a provider, recorded for the audit trail only. */
export interface Refusal {
  callId: string;
  agentId: string;
  agentName: string;
  endpoint: string;
  model: string;
  periodKey: string;
  outcome: string;
  httpStatus: number;
  at: number;
}

/**
 * The budget ledger. `reserve` is atomic against every other process using the same database:
 * it succeeds only if spent + reserved + amount stays within the agent's limit.
 */
export interface Ledger {
  /** True at once when the money is there; a wallet-backed ledger may first wait (bounded) for a refill. */
  reserve(req: ReserveRequest): boolean | Promise<boolean>;
  settle(callId: string, s: Settlement): void;
  /** Releases the whole reservation: the call cost nothing (it failed before the provider did any work). */
  release(callId: string, outcome: string, httpStatus: number, finishedAt: number, latencyMs: number): void;
  refuse(r: Refusal): void;
  /** Every capped window of an agent at `at`: its limit, what was spent in it, and what is held against it. */
  windows(agentId: string, at: number): BudgetWindowStatus[];
}

/** One capped window of an agent. Money held (reservations, granted slices) counts against every window. */
export interface BudgetWindowStatus {
  period: BudgetPeriod;
  periodKey: string;
  /** Epoch ms, `[start, end)`; `end` is infinite for `total`. */
  start: number;
  end: number;
  limitMicros: Micros;
  spentMicros: Micros;
  /** Reserved by calls under way. */
  reservedMicros: Micros;
  /** Granted to gateways' wallets and not yet reserved by a call (counts against the limit too). */
  heldMicros: Micros;
}

export interface UsageFilter {
  agentId?: string;
  /** Epoch ms, inclusive. */
  since?: number;
  /** Epoch ms, exclusive. */
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

export interface CallFilter {
  agentId?: string;
  /** The agent's name as recorded on its calls (for an agent since deleted). */
  agentName?: string;
  outcome?: string;
  kind?: CallKind;
  /** Case-insensitive substring of model, outcome, provider or agent name. */
  text?: string;
  since?: number;
  until?: number;
  before?: number;
  limit: number;
}

/** Read-only queries over the calls ledger. */
export interface UsageQueries {
  byAgentAndModel(filter: UsageFilter): UsageRow[];
  recentCalls(filter: CallFilter): CallRecord[];
  /** One call with its bodies (null unless logged); undefined when there is no such call. */
  callDetail(id: string): { call: CallRecord; requestBody: string | null; responseBody: string | null } | undefined;
}
