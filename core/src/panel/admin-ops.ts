import { z } from 'zod';

/**
 * The panel's admin API, declared once: each operation's HTTP method and path, its input and output schemas, and
 * the roles allowed to call it. The HTTP layer serves this table through one middleware (authentication, role
 * check, CSRF); the dashboard gets a typed client from it. `public` operations need no session.
 */
export const RoleSchema = z.enum(['admin', 'lead', 'member', 'viewer']);
export type Role = z.infer<typeof RoleSchema>;

const Micros = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const Period = z.enum(['total', 'daily', 'weekly', 'monthly']);
const Name = z.string().min(1).max(100);
const Email = z.string().email().max(200);
const Empty = z.object({}).strict();
const Ok = z.object({ ok: z.boolean() });

export const UserSchema = z.object({ id: z.string(), email: z.string(), role: RoleSchema, team: z.string().nullable(), createdAt: z.number() });
export const SessionSchema = z.object({ user: UserSchema, csrfToken: z.string().nullable() });
export const TeamSchema = z.object({ id: z.string(), name: z.string(), budgetMicros: z.number().nullable(), period: z.string(), committedMicros: z.number(), reservedMicros: z.number() });
export const ProviderSchema = z.object({ id: z.string(), name: z.string(), type: z.string(), baseUrl: z.string().nullable(), hasKey: z.literal(true), last4: z.string() });
export const AgentSchema = z.object({
  id: z.string(),
  name: z.string(),
  owner: z.string(),
  team: z.string().nullable(),
  status: z.enum(['active', 'suspended']),
  period: z.string(),
  budgetMicros: z.number(),
  committedMicros: z.number(),
  reservedMicros: z.number(),
  availableMicros: z.number(),
  allowedModels: z.array(z.string()).nullable(),
  providers: z.array(z.string()),
  keyMode: z.enum(['sealed', 'relay']),
  tokenPrefix: z.string(),
});
export const DeviceSchema = z.object({ id: z.string(), user: z.string(), name: z.string(), platform: z.string(), appVersion: z.string(), createdAt: z.number(), lastSeenAt: z.number().nullable(), revokedAt: z.number().nullable(), openLeases: z.number() });
export const LeaseSchema = z.object({ id: z.string(), agent: z.string(), device: z.string(), epoch: z.number(), grantedMicros: z.number(), capturedMicros: z.number(), highSeq: z.number(), state: z.string(), expiresAt: z.number(), settleAt: z.number(), createdAt: z.number() });
export const UsageSchema = z.object({ agent: z.string(), lease: z.string(), seq: z.number(), callId: z.string(), provider: z.string(), model: z.string(), status: z.string(), inputTokens: z.number(), outputTokens: z.number(), cacheReadTokens: z.number(), cacheWriteTokens: z.number(), costMicros: z.number(), clientCostMicros: z.number(), late: z.boolean(), flagged: z.boolean(), at: z.number() });
export const BudgetRequestSchema = z.object({ id: z.string(), agent: z.string(), user: z.string(), amountMicros: z.number(), reason: z.string(), state: z.enum(['pending', 'approved', 'rejected']), decidedBy: z.string().nullable(), createdAt: z.number(), decidedAt: z.number().nullable() });
export const AuditRecordSchema = z.object({ seq: z.number(), at: z.number(), actor: z.string(), action: z.string(), target: z.string().nullable(), details: z.string().nullable(), prevHash: z.string().nullable(), hash: z.string().nullable() });
export const AuditCheckSchema = z.object({ ok: z.boolean(), records: z.number(), firstSeq: z.number().nullable(), lastSeq: z.number().nullable(), broken: z.object({ seq: z.number(), kind: z.string(), message: z.string() }).nullable() });

const ALL: Role[] = ['admin', 'lead', 'member', 'viewer'];
const MANAGERS: Role[] = ['admin', 'lead'];

interface OpSpec {
  method: 'GET' | 'POST';
  path: string;
  input: z.ZodType;
  output: z.ZodType;
  /** Who may call it; 'public' needs no session. */
  roles: Role[] | 'public';
  summary: string;
}

const op = <I extends z.ZodType, O extends z.ZodType>(s: { method: 'GET' | 'POST'; path: string; input: I; output: O; roles: Role[] | 'public'; summary: string }) => s;

export const ADMIN_OPS = {
  'session.login': op({ method: 'POST', path: '/api/session/login', input: z.object({ email: Email, password: z.string().min(1).max(1000) }), output: SessionSchema, roles: 'public', summary: 'sign in; sets an HttpOnly, SameSite=Strict session cookie' }),
  'session.logout': op({ method: 'POST', path: '/api/session/logout', input: Empty, output: Ok, roles: ALL, summary: 'sign out' }),
  'session.me': op({ method: 'GET', path: '/api/session', input: Empty, output: SessionSchema, roles: ALL, summary: 'who is signed in, and the CSRF token for changes' }),
  'tokens.create': op({ method: 'POST', path: '/api/tokens', input: z.object({ name: Name }), output: z.object({ token: z.string() }), roles: ALL, summary: 'an API token for scripts (shown once)' }),
  'users.list': op({ method: 'GET', path: '/api/users', input: Empty, output: z.array(UserSchema), roles: MANAGERS, summary: 'users (a lead sees their team)' }),
  'users.add': op({ method: 'POST', path: '/api/users', input: z.object({ email: Email, role: RoleSchema, team: Name.optional(), password: z.string().min(12).max(1000) }), output: UserSchema, roles: ['admin'], summary: 'add a user' }),
  'teams.list': op({ method: 'GET', path: '/api/teams', input: Empty, output: z.array(TeamSchema), roles: ALL, summary: 'teams and their budgets' }),
  'teams.create': op({ method: 'POST', path: '/api/teams', input: z.object({ name: Name, lead: Email.optional(), budgetMicros: Micros.optional(), period: Period.optional() }), output: TeamSchema, roles: ['admin'], summary: 'create a team' }),
  'providers.list': op({ method: 'GET', path: '/api/providers', input: Empty, output: z.array(ProviderSchema), roles: ['admin', 'lead', 'viewer'], summary: 'providers (never their keys)' }),
  'providers.add': op({ method: 'POST', path: '/api/providers', input: z.object({ name: Name, type: z.enum(['openai', 'anthropic', 'openai-compatible']), baseUrl: z.string().url().optional(), key: z.string().min(8).max(10_000) }), output: ProviderSchema, roles: ['admin'], summary: 'add a provider key (encrypted at rest)' }),
  'agents.list': op({ method: 'GET', path: '/api/agents', input: Empty, output: z.array(AgentSchema), roles: ALL, summary: 'agents and budgets (a member sees their own)' }),
  'agents.create': op({
    method: 'POST',
    path: '/api/agents',
    input: z.object({ name: Name, owner: Email, budgetMicros: Micros, period: Period.optional(), team: Name.optional(), providers: z.array(Name).max(10).optional(), models: z.array(Name).max(100).optional(), keyMode: z.enum(['sealed', 'relay']).optional() }),
    output: z.object({ agent: AgentSchema, token: z.string() }),
    roles: MANAGERS,
    summary: "create an agent (its IC token is shown once); a lead creates in their team",
  }),
  'agents.suspend': op({ method: 'POST', path: '/api/agents/suspend', input: z.object({ name: Name }), output: AgentSchema, roles: MANAGERS, summary: 'stop an agent on every device' }),
  'agents.resume': op({ method: 'POST', path: '/api/agents/resume', input: z.object({ name: Name }), output: AgentSchema, roles: MANAGERS, summary: 'let an agent spend again' }),
  'agents.budget': op({ method: 'POST', path: '/api/agents/budget', input: z.object({ name: Name, budgetMicros: Micros, period: Period.optional() }), output: AgentSchema, roles: MANAGERS, summary: "change an agent's budget" }),
  'agents.rotateToken': op({ method: 'POST', path: '/api/agents/rotate-token', input: z.object({ name: Name }), output: z.object({ agent: AgentSchema, token: z.string() }), roles: MANAGERS, summary: 'new IC token; the old one stops on every device' }),
  'devices.list': op({ method: 'GET', path: '/api/devices', input: Empty, output: z.array(DeviceSchema), roles: ALL, summary: 'devices (a member sees their own)' }),
  'devices.revoke': op({ method: 'POST', path: '/api/devices/revoke', input: z.object({ id: Name }), output: z.object({ device: z.string(), leasesRevoked: z.number() }), roles: ['admin', 'lead', 'member'], summary: 'revoke a device (a member, their own)' }),
  'enrolCodes.create': op({ method: 'POST', path: '/api/enrol-codes', input: z.object({ user: Email, ttlMin: z.number().int().min(1).max(1440).optional() }), output: z.object({ code: z.string(), user: z.string(), expiresAt: z.number() }), roles: MANAGERS, summary: 'a one-time device enrolment code' }),
  'leases.list': op({ method: 'GET', path: '/api/leases', input: Empty, output: z.array(LeaseSchema), roles: ALL, summary: 'open leases (a member sees their own)' }),
  'leases.revoke': op({ method: 'POST', path: '/api/leases/revoke', input: z.object({ id: Name }), output: Ok, roles: MANAGERS, summary: 'revoke a lease' }),
  'usage.list': op({ method: 'GET', path: '/api/usage', input: Empty, output: z.object({ records: z.array(UsageSchema), totalMicros: z.number() }), roles: ALL, summary: 'usage priced by the panel (a member sees their own)' }),
  'budgetRequests.list': op({ method: 'GET', path: '/api/budget-requests', input: Empty, output: z.array(BudgetRequestSchema), roles: ALL, summary: 'budget requests' }),
  'budgetRequests.create': op({ method: 'POST', path: '/api/budget-requests', input: z.object({ agent: Name, amountMicros: Micros.min(1), reason: z.string().min(1).max(1000) }), output: BudgetRequestSchema, roles: ['admin', 'lead', 'member'], summary: 'ask for more budget for an agent' }),
  'budgetRequests.decide': op({ method: 'POST', path: '/api/budget-requests/decide', input: z.object({ id: Name, approve: z.boolean() }), output: BudgetRequestSchema, roles: MANAGERS, summary: 'approve or reject a budget request' }),
  'audit.list': op({ method: 'GET', path: '/api/audit', input: Empty, output: z.array(AuditRecordSchema), roles: ['admin', 'lead', 'viewer'], summary: 'the audit trail, newest first (the last 10,000 records; with hashes, for export)' }),
  'audit.verify': op({ method: 'GET', path: '/api/audit/verify', input: Empty, output: AuditCheckSchema, roles: ['admin', 'lead', 'viewer'], summary: 'verify the hash-chained audit trail' }),
} satisfies Record<string, OpSpec>;

export type AdminOpName = keyof typeof ADMIN_OPS;
export type AdminInput<N extends AdminOpName> = z.infer<(typeof ADMIN_OPS)[N]['input']>;
export type AdminOutput<N extends AdminOpName> = z.infer<(typeof ADMIN_OPS)[N]['output']>;
