import type { SqlExecutor } from '../../../panel/store-port.ts';

/** Users, teams, providers and agents as stored. */
export type Role = 'admin' | 'lead' | 'member' | 'viewer';

export interface UserRow {
  id: string;
  email: string;
  role: Role;
  team_id: string | null;
  password_hash: string;
  created_at: number;
  disabled_at: number | null;
}

export interface TeamRow {
  id: string;
  name: string;
  limit_micros: number | null;
  period: string;
  committed_micros: number;
  reserved_micros: number;
  overshoot_micros: number;
  created_at: number;
}

export interface ProviderRow {
  id: string;
  name: string;
  type: string;
  base_url: string | null;
  key_ciphertext: string;
  key_last4: string;
  created_at: number;
}

export interface AgentRow {
  id: string;
  name: string;
  owner_id: string;
  team_id: string | null;
  status: 'active' | 'suspended';
  period: string;
  limit_micros: number;
  committed_micros: number;
  reserved_micros: number;
  overshoot_micros: number;
  allowed_models: string | null;
  providers: string;
  key_mode: 'sealed' | 'relay';
  token_hash: string;
  token_prefix: string;
  created_at: number;
}

export const userByEmail = (ex: SqlExecutor, email: string): Promise<UserRow | undefined> => ex.get<UserRow>('SELECT * FROM users WHERE email = ?', [email.toLowerCase()]);
export const userById = (ex: SqlExecutor, id: string): Promise<UserRow | undefined> => ex.get<UserRow>('SELECT * FROM users WHERE id = ?', [id]);
export const listUsers = (ex: SqlExecutor): Promise<UserRow[]> => ex.all<UserRow>('SELECT * FROM users ORDER BY email');

export async function insertUser(ex: SqlExecutor, u: UserRow): Promise<void> {
  await ex.run('INSERT INTO users (id, email, role, team_id, password_hash, created_at, disabled_at) VALUES (?, ?, ?, ?, ?, ?, NULL)', [u.id, u.email.toLowerCase(), u.role, u.team_id, u.password_hash, u.created_at]);
}

export const teamByName = (ex: SqlExecutor, name: string): Promise<TeamRow | undefined> => ex.get<TeamRow>('SELECT * FROM teams WHERE name = ?', [name]);
export const teamById = (ex: SqlExecutor, id: string): Promise<TeamRow | undefined> => ex.get<TeamRow>('SELECT * FROM teams WHERE id = ?', [id]);
export const listTeams = (ex: SqlExecutor): Promise<TeamRow[]> => ex.all<TeamRow>('SELECT * FROM teams ORDER BY name');

export async function insertTeam(ex: SqlExecutor, t: Pick<TeamRow, 'id' | 'name' | 'limit_micros' | 'period' | 'created_at'>): Promise<void> {
  await ex.run('INSERT INTO teams (id, name, limit_micros, period, created_at) VALUES (?, ?, ?, ?, ?)', [t.id, t.name, t.limit_micros, t.period, t.created_at]);
}

export const providerByName = (ex: SqlExecutor, name: string): Promise<ProviderRow | undefined> => ex.get<ProviderRow>('SELECT * FROM providers WHERE name = ?', [name]);
export const listProviders = (ex: SqlExecutor): Promise<ProviderRow[]> => ex.all<ProviderRow>('SELECT * FROM providers ORDER BY name');

export async function insertProvider(ex: SqlExecutor, p: ProviderRow): Promise<void> {
  await ex.run('INSERT INTO providers (id, name, type, base_url, key_ciphertext, key_last4, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [p.id, p.name, p.type, p.base_url, p.key_ciphertext, p.key_last4, p.created_at]);
}

export const agentByName = (ex: SqlExecutor, name: string): Promise<AgentRow | undefined> => ex.get<AgentRow>('SELECT * FROM agents WHERE name = ?', [name]);
export const agentById = (ex: SqlExecutor, id: string): Promise<AgentRow | undefined> => ex.get<AgentRow>('SELECT * FROM agents WHERE id = ?', [id]);
export const agentByTokenHash = (ex: SqlExecutor, hash: string): Promise<AgentRow | undefined> => ex.get<AgentRow>('SELECT * FROM agents WHERE token_hash = ?', [hash]);
export const listAgents = (ex: SqlExecutor): Promise<AgentRow[]> => ex.all<AgentRow>('SELECT * FROM agents ORDER BY name');

export async function insertAgent(ex: SqlExecutor, a: Omit<AgentRow, 'committed_micros' | 'reserved_micros' | 'overshoot_micros'>): Promise<void> {
  await ex.run(
    'INSERT INTO agents (id, name, owner_id, team_id, status, period, limit_micros, allowed_models, providers, key_mode, token_hash, token_prefix, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [a.id, a.name, a.owner_id, a.team_id, a.status, a.period, a.limit_micros, a.allowed_models, a.providers, a.key_mode, a.token_hash, a.token_prefix, a.created_at],
  );
}
