import { CreateAgentInputSchema, ModelListSchema, NameSchema, type Agent, type AgentStatus, type CreateAgentInput, type IcTokenInfo } from '../domain/agent.ts';
import { appError } from '../domain/errors.ts';
import { GuardPolicyPatchSchema, mergeGuardPolicy, type GuardPolicyPatch } from '../domain/guard-policy.ts';
import type { Micros } from '../domain/money.ts';
import { BudgetPeriodSchema, type BudgetPeriod, type PeriodCalendar } from '../domain/period.ts';
import { familyOf } from '../domain/provider.ts';
import type { ApiFamily } from '../domain/usage.ts';
import type { Clock } from '../domain/clock.ts';
import type { TokenMinter } from '../ports/token-minter.ts';
import type { AgentRepo, AuditLog, ProviderRepo } from '../ports/store.ts';

/** A budget window as people read it. */
export interface BudgetView {
  periodKey: string;
  limitMicros: Micros;
  spentMicros: Micros;
  reservedMicros: Micros;
  remainingMicros: Micros;
  /** Epoch ms when the window resets; null for `total`. */
  resetsAt: number | null;
}

export interface AgentView extends Agent {
  budget: BudgetView;
  providerNames: Record<ApiFamily, string | null>;
}

export interface BudgetReader {
  status(agentId: string, periodKey: string): { spentMicros: Micros; reservedMicros: Micros };
}

export interface AgentServiceDeps {
  agents: AgentRepo;
  providers: ProviderRepo;
  ledger: BudgetReader;
  audit: AuditLog;
  minter: TokenMinter;
  clock: Clock;
  calendar: PeriodCalendar;
}

/** Who performs an admin action, for the audit log: `cli`, `dashboard`, later a panel user. */
export type Actor = string;

/** Agents, their budgets and their IC tokens. */
export class AgentService {
  constructor(private readonly d: AgentServiceDeps) {}

  /** Creates an agent and its first IC token; the token is returned once and never again. */
  create(input: CreateAgentInput, actor: Actor): { agent: AgentView; token: string } {
    const parsed = CreateAgentInputSchema.parse(input);
    // `Bot` beside `bot` is a kill switch waiting to be pressed on the wrong agent.
    const folded = parsed.name.toLocaleLowerCase('en-US');
    const clash = this.d.agents.list().find((a) => a.name !== parsed.name && a.name.toLocaleLowerCase('en-US') === folded);
    if (clash) throw appError('CONFLICT', `an agent named "${clash.name}" already exists; names that differ only in case are not allowed`);
    const providers = this.resolveProviders(parsed.providerNames);
    const now = this.d.clock.now();
    const agent = this.d.agents.create(
      this.d.minter.newId(),
      {
        name: parsed.name,
        budgetMicros: parsed.budgetMicros,
        period: parsed.period,
        allowedModels: parsed.allowedModels,
        providers,
        logBodies: parsed.logBodies,
      },
      now,
    );
    const token = this.issueToken(agent.id, now);
    this.d.audit.append(
      {
        actor,
        action: 'agent.created',
        target: agent.name,
        details: { budgetMicros: agent.budgetMicros, period: agent.period, allowedModels: agent.allowedModels },
      },
      now,
    );
    this.d.audit.append({ actor, action: 'token.issued', target: agent.name }, now);
    return { agent: this.view(agent), token };
  }

  list(): AgentView[] {
    return this.d.agents.list().map((a) => this.view(a));
  }

  get(name: string): AgentView {
    return this.view(this.mustFind(name));
  }

  setStatus(name: string, status: AgentStatus, actor: Actor): AgentView {
    const agent = this.mustFind(name);
    const now = this.d.clock.now();
    const updated = this.d.agents.update(agent.id, { status }, now);
    if (agent.status !== status) {
      this.d.audit.append({ actor, action: status === 'suspended' ? 'agent.suspended' : 'agent.resumed', target: name }, now);
    }
    return this.view(updated);
  }

  setBudget(name: string, change: { budgetMicros?: Micros; period?: BudgetPeriod }, actor: Actor): AgentView {
    const agent = this.mustFind(name);
    if (change.budgetMicros !== undefined && (!Number.isSafeInteger(change.budgetMicros) || change.budgetMicros < 0)) {
      throw appError('INVALID_INPUT', 'a budget is a whole, non-negative number of micro-USD');
    }
    const period = change.period === undefined ? undefined : BudgetPeriodSchema.parse(change.period);
    const now = this.d.clock.now();
    const updated = this.d.agents.update(
      agent.id,
      {
        ...(change.budgetMicros !== undefined ? { budgetMicros: change.budgetMicros } : {}),
        ...(period !== undefined ? { period } : {}),
      },
      now,
    );
    this.d.audit.append(
      {
        actor,
        action: 'agent.budget_changed',
        target: name,
        details: { from: { budgetMicros: agent.budgetMicros, period: agent.period }, to: { budgetMicros: updated.budgetMicros, period: updated.period } },
      },
      now,
    );
    return this.view(updated);
  }

  /** Changes what an agent may spend and call; each change is audited with its before and after. */
  update(
    change: {
      name: string;
      budgetMicros?: Micros;
      period?: BudgetPeriod;
      allowedModels?: string[] | null;
      providerNames?: string[];
      logBodies?: boolean;
      /** Merged over the agent's current policy; null resets it to the defaults. */
      guardPolicy?: GuardPolicyPatch | null;
    },
    actor: Actor,
  ): AgentView {
    const agent = this.mustFind(change.name);
    if (change.budgetMicros !== undefined || change.period !== undefined) {
      this.setBudget(change.name, { ...(change.budgetMicros !== undefined ? { budgetMicros: change.budgetMicros } : {}), ...(change.period !== undefined ? { period: change.period } : {}) }, actor);
    }
    const patch: Parameters<AgentRepo['update']>[1] = {};
    if (change.allowedModels !== undefined) patch.allowedModels = change.allowedModels === null ? null : ModelListSchema.parse(change.allowedModels);
    if (change.providerNames !== undefined) patch.providers = this.resolveProviders(change.providerNames);
    if (change.logBodies !== undefined) patch.logBodies = change.logBodies;
    if (change.guardPolicy !== undefined) {
      patch.guardPolicy = change.guardPolicy === null ? null : mergeGuardPolicy(agent.guardPolicy, GuardPolicyPatchSchema.parse(change.guardPolicy));
    }
    if (Object.keys(patch).length === 0) return this.view(this.mustFind(change.name));
    const now = this.d.clock.now();
    const updated = this.d.agents.update(agent.id, patch, now);
    this.d.audit.append(
      {
        actor,
        action: 'agent.updated',
        target: agent.name,
        details: {
          from: { allowedModels: agent.allowedModels, providers: agent.providers, logBodies: agent.logBodies, guardPolicy: agent.guardPolicy },
          to: { allowedModels: updated.allowedModels, providers: updated.providers, logBodies: updated.logBodies, guardPolicy: updated.guardPolicy },
        },
      },
      now,
    );
    return this.view(updated);
  }

  /** Deletes an agent and its tokens; its call records stay for the audit trail. */
  delete(name: string, actor: Actor): void {
    const agent = this.mustFind(name);
    this.d.agents.remove(agent.id);
    this.d.audit.append({ actor, action: 'agent.deleted', target: name }, this.d.clock.now());
  }

  /** Issues an additional token (the existing ones keep working); returned once. */
  issueExtraToken(name: string, actor: Actor): { agent: AgentView; token: string } {
    const agent = this.mustFind(name);
    const now = this.d.clock.now();
    const token = this.issueToken(agent.id, now);
    this.d.audit.append({ actor, action: 'token.issued', target: name }, now);
    return { agent: this.view(agent), token };
  }

  tokens(name: string): IcTokenInfo[] {
    return this.d.agents.tokens(this.mustFind(name).id);
  }

  /** Revokes every live token of the agent and issues a new one, with immediate effect. */
  rotateToken(name: string, actor: Actor): { agent: AgentView; token: string } {
    const agent = this.mustFind(name);
    const now = this.d.clock.now();
    this.d.agents.revokeTokens(agent.id, now);
    const token = this.issueToken(agent.id, now);
    this.d.audit.append({ actor, action: 'token.rotated', target: name }, now);
    return { agent: this.view(agent), token };
  }

  /** Revokes every live token of the agent; it can call nothing until a token is issued again. */
  revokeTokens(name: string, actor: Actor): number {
    const agent = this.mustFind(name);
    const now = this.d.clock.now();
    const revoked = this.d.agents.revokeTokens(agent.id, now);
    this.d.audit.append({ actor, action: 'token.revoked', target: name, details: { revoked } }, now);
    return revoked;
  }

  private issueToken(agentId: string, now: number): string {
    const minted = this.d.minter.mint();
    this.d.agents.addToken({ id: this.d.minter.newId(), agentId, hash: minted.hash, prefix: minted.prefix }, now);
    return minted.token;
  }

  private resolveProviders(names: readonly string[]): Record<ApiFamily, string | null> {
    const byFamily: Record<ApiFamily, string | null> = { openai: null, anthropic: null };
    for (const name of names) {
      const p = this.d.providers.byName(name);
      if (!p) throw appError('NOT_FOUND', `no provider named "${name}" (see \`iron-cage provider list\`)`);
      const family = familyOf(p.type);
      if (byFamily[family] !== null) {
        throw appError('INVALID_INPUT', `an agent uses at most one provider per API family; two speak the ${family} API`);
      }
      byFamily[family] = p.id;
    }
    return byFamily;
  }

  private mustFind(name: string): Agent {
    NameSchema.parse(name);
    const agent = this.d.agents.byName(name);
    if (!agent) throw appError('NOT_FOUND', `no agent named "${name}"`);
    return agent;
  }

  private view(agent: Agent): AgentView {
    const window = this.d.calendar.windowAt(agent.period, this.d.clock.now());
    const { spentMicros, reservedMicros } = this.d.ledger.status(agent.id, window.key);
    const nameOf = (id: string | null) => (id === null ? null : (this.d.providers.byId(id)?.name ?? null));
    return {
      ...agent,
      budget: {
        periodKey: window.key,
        limitMicros: agent.budgetMicros,
        spentMicros,
        reservedMicros,
        remainingMicros: Math.max(0, agent.budgetMicros - spentMicros - reservedMicros),
        resetsAt: Number.isFinite(window.end) ? window.end : null,
      },
      providerNames: { openai: nameOf(agent.providers.openai), anthropic: nameOf(agent.providers.anthropic) },
    };
  }
}
