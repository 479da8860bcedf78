import { appError } from '../../domain/errors.ts';
import type { PanelContext } from './panel-context.ts';
import { pushToAgentDevices } from './lease-events.ts';
import { newId } from './secrets.ts';
import { appendAudit } from './store/audit-repo.ts';
import { agentByName, agentById, userById, type UserRow } from './store/people-repo.ts';

interface Row {
  id: string;
  agent_id: string;
  user_id: string;
  amount_micros: number;
  reason: string;
  state: 'pending' | 'approved' | 'rejected';
  decided_by: string | null;
  created_at: number;
  decided_at: number | null;
}

export interface BudgetRequestView {
  id: string;
  agent: string;
  user: string;
  amountMicros: number;
  reason: string;
  state: 'pending' | 'approved' | 'rejected';
  decidedBy: string | null;
  createdAt: number;
  decidedAt: number | null;
}

async function view(ctx: PanelContext, r: Row): Promise<BudgetRequestView> {
  return {
    id: r.id,
    agent: (await agentById(ctx.db, r.agent_id))?.name ?? r.agent_id,
    user: (await userById(ctx.db, r.user_id))?.email ?? r.user_id,
    amountMicros: Number(r.amount_micros),
    reason: r.reason,
    state: r.state,
    decidedBy: r.decided_by,
    createdAt: Number(r.created_at),
    decidedAt: r.decided_at === null ? null : Number(r.decided_at),
  };
}

export async function listBudgetRequests(ctx: PanelContext, visibleAgent: (agentId: string) => Promise<boolean>): Promise<BudgetRequestView[]> {
  const rows = await ctx.db.all<Row>('SELECT * FROM budget_requests ORDER BY created_at DESC');
  const out: BudgetRequestView[] = [];
  for (const r of rows) if (await visibleAgent(r.agent_id)) out.push(await view(ctx, r));
  return out;
}

/** A member asks for more budget for one of their agents, with a reason; audited. */
export async function requestBudget(ctx: PanelContext, user: UserRow, input: { agent: string; amountMicros: number; reason: string }, mayAsk: (agentOwner: string, agentTeam: string | null) => boolean): Promise<BudgetRequestView> {
  const row = await ctx.db.tx(async (ex) => {
    const agent = await agentByName(ex, input.agent);
    if (!agent || !mayAsk(agent.owner_id, agent.team_id)) throw appError('NOT_FOUND', `no agent named ${input.agent} you may ask for`);
    const now = ctx.clock.now();
    const r: Row = { id: newId('breq'), agent_id: agent.id, user_id: user.id, amount_micros: input.amountMicros, reason: input.reason, state: 'pending', decided_by: null, created_at: now, decided_at: null };
    await ex.run('INSERT INTO budget_requests (id, agent_id, user_id, amount_micros, reason, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [r.id, r.agent_id, r.user_id, r.amount_micros, r.reason, r.state, r.created_at]);
    await appendAudit(ex, now, { actor: `user:${user.email}`, action: 'budget.requested', target: agent.name, details: { amountMicros: input.amountMicros, reason: input.reason, request: r.id } });
    return r;
  });
  return view(ctx, row);
}

/** A lead or admin approves (the agent's budget grows by the amount, devices are told) or rejects; audited. */
export async function decideBudgetRequest(ctx: PanelContext, user: UserRow, id: string, approve: boolean, mayDecide: (agentTeam: string | null) => boolean): Promise<BudgetRequestView> {
  const row = await ctx.db.tx(async (ex) => {
    const r = await ex.get<Row>('SELECT * FROM budget_requests WHERE id = ?', [id]);
    const agent = r ? await agentById(ex, r.agent_id) : undefined;
    if (!r || !agent || !mayDecide(agent.team_id)) throw appError('NOT_FOUND', `no budget request ${id} you may decide`);
    if (r.state !== 'pending') throw appError('CONFLICT', `budget request ${id} was already ${r.state}`);
    const now = ctx.clock.now();
    const state = approve ? 'approved' : 'rejected';
    await ex.run('UPDATE budget_requests SET state = ?, decided_by = ?, decided_at = ? WHERE id = ?', [state, user.email, now, id]);
    if (approve) {
      await ex.run('UPDATE agents SET limit_micros = limit_micros + ? WHERE id = ?', [r.amount_micros, agent.id]);
      await pushToAgentDevices(ex, agent.owner_id, 'budget.changed', { agentId: agent.id, agent: agent.name }, now);
    }
    await appendAudit(ex, now, { actor: `user:${user.email}`, action: `budget.${state}`, target: agent.name, details: { amountMicros: Number(r.amount_micros), request: id } });
    return { ...r, state, decided_by: user.email, decided_at: now } as Row;
  });
  return view(ctx, row);
}
