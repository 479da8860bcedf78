import { readonly, ref } from 'vue';
import type { AdminOpName } from '../../../../core/src/panel/admin-ops.ts';

/** The panel's pages, each shown only to roles that may call the operation it is built on. */
export const PANEL_PAGES = [
  { id: 'overview', label: 'Overview', op: 'usage.list' },
  { id: 'agents', label: 'Agents', op: 'agents.list' },
  { id: 'requests', label: 'Budget requests', op: 'budgetRequests.list' },
  { id: 'users', label: 'Users', op: 'users.list' },
  { id: 'teams', label: 'Teams', op: 'teams.list' },
  { id: 'devices', label: 'Devices', op: 'devices.list' },
  { id: 'leases', label: 'Leases', op: 'leases.list' },
  { id: 'enrol', label: 'Enrolment codes', op: 'enrolCodes.create' },
  { id: 'providers', label: 'Providers', op: 'providers.list' },
  { id: 'audit', label: 'Audit', op: 'audit.verify' },
] as const satisfies readonly { id: string; label: string; op: AdminOpName }[];
export type PanelPageId = (typeof PANEL_PAGES)[number]['id'];

const fromHash = (hash: string): PanelPageId => PANEL_PAGES.find((p) => p.id === hash.replace(/^#\/?/, ''))?.id ?? 'overview';
const current = ref<PanelPageId>(fromHash(location.hash));
window.addEventListener('hashchange', () => {
  current.value = fromHash(location.hash);
});

/** Hash routing: the panel serves one document. */
export const usePanelRoute = () => readonly(current);
export const panelHref = (id: PanelPageId): string => `#/${id}`;
