import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AdminEvent } from '../../../core/src/contract/events.ts';
import { callKind, type CallFinding, type CallKind, type CallRecord } from '../../../core/src/contract/ops/usage.ts';
import { api } from '../api/backend.ts';
import type { UiError } from '../lib/errors.ts';
import { reportError } from './report-error.ts';

/** One line of the live log: a recorded call, or a live event not yet read back from the ledger. */
export interface LogEntry {
  key: string;
  id: string | null;
  at: number;
  agentName: string;
  providerName: string | null;
  model: string;
  stream: boolean;
  outcome: string;
  state: CallRecord['state'] | 'finished';
  inputTokens: number;
  outputTokens: number;
  costMicros: number;
  latencyMs: number | null;
  /** The full record, once it has been read from the ledger. */
  record: CallRecord | null;
}

/** A guardrail finding sent live: on a call (by its id), or on a request refused before it became one. */
export type SafetyFinding = Omit<Extract<AdminEvent, { type: 'safety' }>, 'type' | 'callId'> & { key: string; callId: string | null };

export type OutcomeFilter = 'all' | CallKind;

const PAGE = 100;
const MAX_ENTRIES = 2000;
const REFRESH_DEBOUNCE_MS = 400;

export function outcomeKind(e: Pick<LogEntry, 'outcome' | 'state'>): CallKind {
  return callKind(e);
}

export interface LogFilters {
  agent: string;
  outcome: OutcomeFilter;
  text: string;
}

/** The filters as `calls.list` takes them: only what is set. */
function serverFilter(f: LogFilters): { agent?: string; kind?: CallKind; text?: string } {
  return {
    ...(f.agent ? { agent: f.agent } : {}),
    ...(f.outcome !== 'all' ? { kind: f.outcome } : {}),
    ...(f.text.trim() ? { text: f.text.trim() } : {}),
  };
}

function fromRecord(r: CallRecord): LogEntry {
  return {
    key: r.id,
    id: r.id,
    at: r.startedAt,
    agentName: r.agentName,
    providerName: r.providerName,
    model: r.model,
    stream: r.stream,
    outcome: r.outcome,
    state: r.state,
    inputTokens: r.inputTokens + r.cacheReadTokens + r.cacheWriteTokens,
    outputTokens: r.outputTokens,
    costMicros: r.costMicros,
    latencyMs: r.latencyMs,
    record: r,
  };
}

function fromEvent(e: Extract<AdminEvent, { type: 'call.finished' | 'call.refused' }>): LogEntry {
  if (e.type === 'call.finished') {
    return {
      key: e.callId,
      id: e.callId,
      // The event is sent at the end; the log is ordered by start, as the ledger is.
      at: e.at - e.latencyMs,
      agentName: e.agentName,
      providerName: e.providerName,
      model: e.model,
      stream: e.stream,
      outcome: e.outcome,
      state: 'finished',
      inputTokens: e.inputTokens,
      outputTokens: e.outputTokens,
      costMicros: e.costMicros,
      latencyMs: e.latencyMs,
      record: null,
    };
  }
  return {
    key: e.callId ?? `refused:${e.at}:${e.agentName}:${e.model}`,
    id: e.callId ?? null,
    at: e.at,
    agentName: e.agentName,
    providerName: null,
    model: e.model,
    stream: false,
    outcome: e.code,
    state: 'refused',
    inputTokens: 0,
    outputTokens: 0,
    costMicros: 0,
    latencyMs: null,
    record: null,
  };
}

/** A live refusal has no call id; it is the ledger's refused record with the same time, agent and model. */
function sameCall(a: LogEntry, b: LogEntry): boolean {
  if (a.id !== null && b.id !== null) return a.id === b.id;
  return a.state === 'refused' && b.state === 'refused' && a.at === b.at && a.agentName === b.agentName && a.model === b.model;
}

/** The live log: history from `calls.list`, then every call as it happens, filterable. */
export const useCallsStore = defineStore('calls', () => {
  const entries = ref<LogEntry[]>([]);
  const loaded = ref(false);
  const loading = ref(false);
  const loadingOlder = ref(false);
  const exhausted = ref(false);
  const error = ref<UiError | null>(null);
  const filters = ref<LogFilters>({ agent: '', outcome: 'all', text: '' });
  /** Live guardrail findings by call id, shown beside their call. */
  const safety = ref<Record<string, SafetyFinding[]>>({});
  /** Live guardrail findings with no call (the request was refused before it became one), newest first. */
  const looseSafety = ref<SafetyFinding[]>([]);
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  let safetySeq = 0;

  const filtered = computed(() => {
    const { agent, outcome, text } = filters.value;
    const needle = text.trim().toLowerCase();
    return entries.value.filter(
      (e) =>
        (agent === '' || e.agentName === agent) &&
        (outcome === 'all' || outcomeKind(e) === outcome) &&
        (needle === '' || `${e.model} ${e.outcome} ${e.providerName ?? ''} ${e.agentName}`.toLowerCase().includes(needle)),
    );
  });

  const filteredLooseSafety = computed(() => {
    const { agent, outcome, text } = filters.value;
    const needle = text.trim().toLowerCase();
    return looseSafety.value.filter(
      (f) =>
        (agent === '' || f.agentName === agent) &&
        (outcome === 'all' || (outcome === 'refused' && f.action === 'block')) &&
        (needle === '' || `${f.category} ${f.action} ${f.direction} ${f.types.join(' ')} ${f.agentName}`.toLowerCase().includes(needle)),
    );
  });

  function addSafety(e: Extract<AdminEvent, { type: 'safety' }>): void {
    const { type: _, callId, ...rest } = e;
    const finding: SafetyFinding = { ...rest, callId: callId ?? null, key: `safety:${++safetySeq}` };
    if (!callId) {
      looseSafety.value = [finding, ...looseSafety.value].slice(0, MAX_ENTRIES);
      return;
    }
    const next = { ...safety.value, [callId]: [...(safety.value[callId] ?? []), finding] };
    const ids = Object.keys(next);
    for (const old of ids.slice(0, Math.max(0, ids.length - MAX_ENTRIES))) delete next[old];
    safety.value = next;
  }

  /** The guardrail findings of a call: as stored with its record, else as they arrived live. */
  function findingsOf(entry: Pick<LogEntry, 'id' | 'record'> | string | null): CallFinding[] {
    const id = typeof entry === 'string' || entry === null ? entry : entry.id;
    const stored = typeof entry === 'object' && entry !== null ? entry.record?.findings : undefined;
    if (stored && stored.length > 0) return stored;
    return id ? (safety.value[id] ?? []) : [];
  }

  /** Merges entries in, newest first: a ledger record replaces the live entry of the same call. */
  function merge(incoming: LogEntry[]): void {
    const next = entries.value.slice();
    for (const entry of incoming) {
      const i = next.findIndex((e) => sameCall(e, entry));
      if (i === -1) next.push(entry);
      else if (entry.record || !next[i]!.record) next[i] = entry;
    }
    next.sort((a, b) => b.at - a.at);
    entries.value = next.slice(0, MAX_ENTRIES);
  }

  /** Loads the newest calls matching the filters: the server searches the whole ledger, not just what is loaded. */
  async function load(): Promise<void> {
    loading.value = true;
    try {
      const records = await api().call('calls.list', { ...serverFilter(filters.value), limit: PAGE });
      entries.value = [];
      merge(records.map(fromRecord));
      exhausted.value = records.length < PAGE;
      error.value = null;
      loaded.value = true;
    } catch (e) {
      error.value = reportError(e);
    } finally {
      loading.value = false;
    }
  }

  async function loadOlder(): Promise<void> {
    const oldest = entries.value[entries.value.length - 1];
    if (!oldest || exhausted.value) return;
    loadingOlder.value = true;
    try {
      const records = await api().call('calls.list', { ...serverFilter(filters.value), before: oldest.at, limit: PAGE });
      merge(records.map(fromRecord));
      exhausted.value = records.length < PAGE;
    } catch (e) {
      error.value = reportError(e);
    } finally {
      loadingOlder.value = false;
    }
  }

  /** Reads the newest records back, so live entries gain their full detail (cache tokens, status, …). */
  async function refreshRecent(): Promise<void> {
    try {
      merge((await api().call('calls.list', { ...serverFilter(filters.value), limit: 50 })).map(fromRecord));
    } catch (e) {
      reportError(e);
    }
  }

  function applyEvent(e: AdminEvent): void {
    if (e.type === 'safety') {
      addSafety(e);
      return;
    }
    if (e.type !== 'call.finished' && e.type !== 'call.refused') return;
    merge([fromEvent(e)]);
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void refreshRecent(), REFRESH_DEBOUNCE_MS);
  }

  /** Another process changed the database: read the newest calls back. */
  function refreshSoon(): void {
    if (!loaded.value) return;
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void refreshRecent(), REFRESH_DEBOUNCE_MS);
  }

  return { refreshSoon, entries, filtered, filters, safety, looseSafety, filteredLooseSafety, findingsOf, loaded, loading, loadingOlder, exhausted, error, load, loadOlder, refreshRecent, applyEvent };
});
