import {
  BudgetLimitsSchema,
  CreateAgentInputSchema,
  limitsOf,
  ModelListSchema,
  NameSchema,
  sortLimits,
  type Agent,
  type AgentStatus,
  type BudgetLimit,
  type CreateAgentInput,
  type IcTokenInfo,
} from '../domain/agent.ts';
import { appError } from '../domain/errors.ts';
import { GuardPolicyPatchSchema, mergeGuardPolicy, type GuardPolicyPatch } from '../domain/guard-policy.ts';
import type { Micros } from '../domain/money.ts';
import { BudgetPeriodSchema, type BudgetPeriod, type PeriodCalendar } from '../domain/period.ts';
import type { BudgetWindowStatus } from '../ports/store.ts';
import { familyOf } from '../domain/provider.ts';
import type { ApiFamily } from '../domain/usage.ts';
import type { Clock } from '../domain/clock.ts';
import type { TokenMinter } from '../ports/token-minter.ts';
import type { AgentRepo, AuditLog, ProviderRepo } from '../ports/store.ts';

/** A budget window as people read it. */
export interface BudgetView {
  period: BudgetPeriod;
  periodKey: string;
  limitMicros: Micros;
  spentMicros: Micros;
  reservedMicros: Micros;
  /** Granted to gateways' wallets, not yet reserved by a call. */
  heldMicros: Micros;
  remainingMicros: Micros;
  /** Epoch ms when the window resets; null for `total`. */
  resetsAt: number | null;
}

export interface AgentView extends Agent {
  /** The window with the least left: the one that stops the agent first. */
  budget: BudgetView;
  /** Every capped window, shortest period first. */
  budgets: BudgetView[];
  providerNames: Record<ApiFamily, string | null>;
}

export interface BudgetReader {
  windows(agentId: string, at: number): BudgetWindowStatus[];
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
    const { agent, token } = this.d.agents.unitOfWork(() => {
      const created = this.d.agents.create(
        this.d.minter.newId(),
        { name: parsed.name, limits: limitsOf(parsed), allowedModels: parsed.allowedModels, providers, logBodies: parsed.logBodies },
        now,
      );
      const minted = this.issueToken(created.id, now);
      this.d.audit.append(
        {
          actor,
          action: 'agent.created',
          target: created.name,
          details: { budgetMicros: created.budgetMicros, period: created.period, limits: created.limits, allowedModels: created.allowedModels },
        },
        now,
      );
      this.d.audit.append({ actor, action: 'token.issued', target: created.name }, now);
      return { agent: created, token: minted };
    });
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
    const updated = this.d.agents.unitOfWork(() => {
      const after = this.d.agents.update(agent.id, { status }, now);
      if (agent.status !== status) {
        this.d.audit.append({ actor, action: status === 'suspended' ? 'agent.suspended' : 'agent.resumed', target: name }, now);
      }
      return after;
    });
    return this.view(updated);
  }

  /**
   * Changes what an agent may spend and call. Validation comes first, then every change and its audit
   * record commit as one unit: a refused change leaves nothing half-applied.
   */
  update(change: AgentChange, actor: Actor): AgentView {
    const agent = this.mustFind(change.name);
    const limits = this.nextLimits(agent, change);
    const patch: Parameters<AgentRepo['update']>[1] = {};
    if (change.allowedModels !== undefined) patch.allowedModels = change.allowedModels === null ? null : ModelListSchema.parse(change.allowedModels);
    if (change.providerNames !== undefined) patch.providers = this.resolveProviders(change.providerNames);
    if (change.logBodies !== undefined) patch.logBodies = change.logBodies;
    if (change.guardPolicy !== undefined) {
      patch.guardPolicy = change.guardPolicy === null ? null : mergeGuardPolicy(agent.guardPolicy, GuardPolicyPatchSchema.parse(change.guardPolicy));
    }
    if (limits === undefined && Object.keys(patch).length === 0) return this.view(agent);
    const now = this.d.clock.now();
    const updated = this.d.agents.unitOfWork(() => {
      const after = this.d.agents.update(agent.id, { ...patch, ...(limits ? { limits } : {}) }, now);
      if (limits) {
        this.d.audit.append(
          {
            actor,
            action: 'agent.budget_changed',
            target: agent.name,
            details: {
              from: { budgetMicros: agent.budgetMicros, period: agent.period, limits: agent.limits },
              to: { budgetMicros: after.budgetMicros, period: after.period, limits: after.limits },
            },
          },
          now,
        );
      }
      if (Object.keys(patch).length > 0) {
        this.d.audit.append(
          {
            actor,
            action: 'agent.updated',
            target: agent.name,
            details: {
              from: { allowedModels: agent.allowedModels, providers: agent.providers, logBodies: agent.logBodies, guardPolicy: agent.guardPolicy },
              to: { allowedModels: after.allowedModels, providers: after.providers, logBodies: after.logBodies, guardPolicy: after.guardPolicy },
            },
          },
          now,
        );
      }
      return after;
    });
    return this.view(updated);
  }

  /**
   * The caps after a change, or undefined when it leaves them alone. `limits` replaces every cap.
   * `budgetMicros`/`period` change the single cap of an agent that has one (a new period replaces the old:
   * spend already made stays counted, since every window sums the same hourly buckets); on an agent with
   * several caps they set the cap of `period`.
   */
  private nextLimits(agent: Agent, change: BudgetChange): BudgetLimit[] | undefined {
    if (change.limits !== undefined) {
      if (change.budgetMicros !== undefined || change.period !== undefined) {
        throw appError('INVALID_INPUT', 'give either limits or budgetMicros/period, not both');
      }
      return sortLimits(BudgetLimitsSchema.parse(change.limits));
    }
    if (change.budgetMicros === undefined && change.period === undefined) return undefined;
    if (change.budgetMicros !== undefined && (!Number.isSafeInteger(change.budgetMicros) || change.budgetMicros < 0)) {
      throw appError('INVALID_INPUT', 'a budget is a whole, non-negative number of micro-USD');
    }
    const period = change.period === undefined ? undefined : BudgetPeriodSchema.parse(change.period);
    const [only] = agent.limits;
    if (agent.limits.length === 1 && only) {
      return [{ period: period ?? only.period, limitMicros: change.budgetMicros ?? only.limitMicros }];
    }
    if (period === undefined || change.budgetMicros === undefined) {
      throw appError('INVALID_INPUT', `agent "${agent.name}" has several budgets: say which period to change (or give every limit)`);
    }
    return sortLimits([...agent.limits.filter((l) => l.period !== period), { period, limitMicros: change.budgetMicros }]);
  }

  /** Deletes an agent and its tokens; its call records stay for the audit trail. */
  delete(name: string, actor: Actor): void {
    const agent = this.mustFind(name);
    this.d.agents.unitOfWork(() => {
      this.d.agents.remove(agent.id);
      this.d.audit.append({ actor, action: 'agent.deleted', target: name }, this.d.clock.now());
    });
  }

  /** Issues an additional token (the existing ones keep working); returned once. */
  issueExtraToken(name: string, actor: Actor): { agent: AgentView; token: string } {
    const agent = this.mustFind(name);
    const now = this.d.clock.now();
    const token = this.d.agents.unitOfWork(() => {
      const minted = this.issueToken(agent.id, now);
      this.d.audit.append({ actor, action: 'token.issued', target: name }, now);
      return minted;
    });
    return { agent: this.view(agent), token };
  }

  tokens(name: string): IcTokenInfo[] {
    return this.d.agents.tokens(this.mustFind(name).id);
  }

  /** Revokes every live token of the agent and issues a new one, with immediate effect. */
  rotateToken(name: string, actor: Actor): { agent: AgentView; token: string } {
    const agent = this.mustFind(name);
    const now = this.d.clock.now();
    const token = this.d.agents.unitOfWork(() => {
      this.d.agents.revokeTokens(agent.id, now);
      const minted = this.issueToken(agent.id, now);
      this.d.audit.append({ actor, action: 'token.rotated', target: name }, now);
      return minted;
    });
    return { agent: this.view(agent), token };
  }

  /** Revokes every live token of the agent; it can call nothing until a token is issued again. */
  revokeTokens(name: string, actor: Actor): number {
    const agent = this.mustFind(name);
    const now = this.d.clock.now();
    return this.d.agents.unitOfWork(() => {
      const revoked = this.d.agents.revokeTokens(agent.id, now);
      this.d.audit.append({ actor, action: 'token.revoked', target: name, details: { revoked } }, now);
      return revoked;
    });
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
    const budgets = this.d.ledger.windows(agent.id, this.d.clock.now()).map(toBudgetView);
    const binding = budgets.reduce<BudgetView | undefined>((min, b) => (min === undefined || b.remainingMicros < min.remainingMicros ? b : min), undefined);
    const nameOf = (id: string | null) => (id === null ? null : (this.d.providers.byId(id)?.name ?? null));
    return {
      ...agent,
      budget: binding ?? { period: agent.period, periodKey: 'total', limitMicros: 0, spentMicros: 0, reservedMicros: 0, heldMicros: 0, remainingMicros: 0, resetsAt: null },
      budgets,
      providerNames: { openai: nameOf(agent.providers.openai), anthropic: nameOf(agent.providers.anthropic) },
    };
  }
}

function toBudgetView(w: BudgetWindowStatus): BudgetView {
  return {
    period: w.period,
    periodKey: w.periodKey,
    limitMicros: w.limitMicros,
    spentMicros: w.spentMicros,
    reservedMicros: w.reservedMicros,
    heldMicros: w.heldMicros,
    remainingMicros: Math.max(0, w.limitMicros - w.spentMicros - w.reservedMicros - w.heldMicros),
    resetsAt: Number.isFinite(w.end) ? w.end : null,
  };
}

/** A change of caps: every limit at once, or one amount and/or period. */
export interface BudgetChange {
  budgetMicros?: Micros;
  period?: BudgetPeriod;
  limits?: BudgetLimit[];
}

export interface AgentChange extends BudgetChange {
  name: string;
  allowedModels?: string[] | null;
  providerNames?: string[];
  logBodies?: boolean;
  /** Merged over the agent's current policy; null resets it to the defaults. */
  guardPolicy?: GuardPolicyPatch | null;
}
