import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { OpInput, OpOutput } from '../../../core/src/contract/operations.ts';
import type { AdminEvent } from '../../../core/src/contract/events.ts';
import { DEFAULT_GUARD_POLICY, mergeGuardPolicy, type GuardPolicyPatch } from '../../../core/src/domain/guard-policy.ts';
import { api } from '../api/backend.ts';
import { reportError } from './report-error.ts';
import { useNamedCollection } from './named-collection.ts';

export type AgentView = OpOutput<'agents.get'>;
export type CreatedAgent = OpOutput<'agents.create'>;
export type TokenInfo = OpOutput<'tokens.list'>[number];

const REFRESH_DEBOUNCE_MS = 250;

/** Agents with their budgets; suspend/resume and delete are optimistic and roll back if the gateway refuses. */
export const useAgentsStore = defineStore('agents', () => {
  const { items: agents, loaded, loading, error, busy, upsert, drop, load: loadWith, act } = useNamedCollection<AgentView>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  /** Bumped whenever tokens may have changed, here or in another process: open token lists re-read. */
  const tokenRevision = ref(0);
  /** Calls recorded per agent name (refusals included), for "N calls · view". */
  const callCounts = ref<Map<string, number>>(new Map());
  let reloadTimer: ReturnType<typeof setTimeout> | undefined;

  const byName = computed(() => new Map(agents.value.map((a) => [a.name, a])));
  const names = computed(() => agents.value.map((a) => a.name));


  async function loadCallCounts(): Promise<void> {
    try {
      const report = await api().call('analytics.spend', { since: 0, groupBy: ['agent'] });
      callCounts.value = new Map(report.rows.map((r) => [r.agent ?? '', r.calls + r.refused]));
    } catch (e) {
      reportError(e);
    }
  }

  const load = async (): Promise<void> => {
    await Promise.all([loadWith(() => api().call('agents.list', {})), loadCallCounts()]);
  };

  async function create(input: OpInput<'agents.create'>): Promise<CreatedAgent> {
    return act(input.name, async () => {
      const created = await api().call('agents.create', input);
      upsert(created.agent);
      return created;
    });
  }

  async function update(input: OpInput<'agents.update'>): Promise<AgentView> {
    return act(input.name, async () => {
      const agent = await api().call('agents.update', input);
      upsert(agent);
      return agent;
    });
  }

  /**
   * Changes an agent's guardrail policy: a patch of the changed cells is merged over the current policy, null
   * resets it to the defaults. The new policy shows at once and the old one comes back if the gateway refuses.
   */
  async function setGuardPolicy(name: string, patch: GuardPolicyPatch | null): Promise<AgentView> {
    const before = byName.value.get(name);
    if (before) upsert({ ...before, guardPolicy: patch === null ? DEFAULT_GUARD_POLICY : mergeGuardPolicy(before.guardPolicy, patch) });
    return act(
      name,
      async () => {
        const agent = await api().call('agents.update', { name, guardPolicy: patch });
        upsert(agent);
        return agent;
      },
      () => {
        if (before) upsert(before);
      },
    );
  }

  /** The kill switch: shows the new status at once, and puts the old one back if the gateway refuses. */
  async function setSuspended(name: string, suspended: boolean): Promise<AgentView> {
    const before = byName.value.get(name);
    if (before) upsert({ ...before, status: suspended ? 'suspended' : 'active' });
    return act(
      name,
      async () => {
        const agent = await api().call(suspended ? 'agents.suspend' : 'agents.resume', { name });
        upsert(agent);
        return agent;
      },
      () => {
        if (before) upsert(before);
      },
    );
  }

  async function remove(name: string): Promise<void> {
    const before = byName.value.get(name);
    drop(name);
    await act(name, () => api().call('agents.delete', { name }), () => {
      if (before) upsert(before);
    });
  }

  /** A fresh token; every older one stops working at once. */
  async function rotateToken(name: string): Promise<CreatedAgent> {
    try {
      return await act(name, () => api().call('tokens.rotate', { agent: name }));
    } finally {
      tokenRevision.value++;
    }
  }

  async function revokeTokens(name: string): Promise<number> {
    try {
      return await act(name, async () => (await api().call('tokens.revoke', { agent: name })).revoked);
    } finally {
      tokenRevision.value++;
    }
  }

  /** An agent's tokens: prefixes and dates only, never a token itself. */
  async function tokens(name: string): Promise<TokenInfo[]> {
    try {
      return await api().call('tokens.list', { agent: name });
    } catch (e) {
      throw reportError(e);
    }
  }

  async function refresh(name: string): Promise<void> {
    try {
      upsert(await api().call('agents.get', { name }));
    } catch (e) {
      const ui = reportError(e);
      if (ui.code === 'NOT_FOUND') drop(name);
    }
  }

  /** Live events move budget bars and statuses; bursts of calls are folded into one refresh per agent. */
  function applyEvent(e: AdminEvent): void {
    if (e.type === 'data.changed') {
      // Another process (a CLI) changed something: the whole list is cheap to re-read.
      if (!loaded.value) return;
      tokenRevision.value++;
      clearTimeout(reloadTimer);
      reloadTimer = setTimeout(() => void load(), 50);
      return;
    }
    if (e.type === 'agent.changed' && e.change === 'deleted') {
      drop(e.agentName);
      return;
    }
    if (e.type === 'agent.changed' && e.change === 'token') tokenRevision.value++;
    if (e.type === 'call.finished' || e.type === 'call.refused') {
      callCounts.value = new Map(callCounts.value).set(e.agentName, (callCounts.value.get(e.agentName) ?? 0) + 1);
    }
    if (e.type === 'budget.threshold' || e.type === 'safety') return;
    const name = e.agentName;
    clearTimeout(timers.get(name));
    timers.set(
      name,
      setTimeout(() => {
        timers.delete(name);
        void refresh(name);
      }, REFRESH_DEBOUNCE_MS),
    );
  }

  return { tokenRevision, callCounts, agents, loaded, loading, error, busy, byName, names, load, create, update, setGuardPolicy, setSuspended, remove, rotateToken, revokeTokens, tokens, refresh, applyEvent };
});
