import type { UserRow } from './store/people-repo.ts';

/**
 * What each role sees and changes, beyond the operation table's yes/no: an admin everything; a lead their team;
 * a member their own agents and devices; a viewer their team's figures (everything when in no team), read-only.
 */
export function seesAgent(u: UserRow, a: { owner_id: string; team_id: string | null }): boolean {
  switch (u.role) {
    case 'admin':
      return true;
    case 'lead':
      return a.team_id !== null && a.team_id === u.team_id;
    case 'member':
      return a.owner_id === u.id;
    case 'viewer':
      return u.team_id === null || a.team_id === u.team_id;
  }
}

export function managesAgent(u: UserRow, a: { team_id: string | null }): boolean {
  return u.role === 'admin' || (u.role === 'lead' && a.team_id !== null && a.team_id === u.team_id);
}

export function seesUser(viewer: UserRow, other: { id: string; team_id: string | null }): boolean {
  if (viewer.role === 'admin') return true;
  if (viewer.role === 'member') return other.id === viewer.id;
  return viewer.team_id === null ? viewer.role === 'viewer' : other.team_id === viewer.team_id || other.id === viewer.id;
}
