import { readonly, ref } from 'vue';

export const PAGES = [
  { id: 'overview', label: 'Overview' },
  { id: 'agents', label: 'Agents' },
  { id: 'providers', label: 'Providers' },
  { id: 'prices', label: 'Prices' },
  { id: 'log', label: 'Live log' },
  { id: 'audit', label: 'Audit' },
  { id: 'settings', label: 'Settings' },
] as const;
export type PageId = (typeof PAGES)[number]['id'];
export type RouteQuery = Record<string, string>;

function parse(hash: string): { page: PageId; query: RouteQuery } {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  const page = PAGES.find((p) => p.id === path)?.id ?? 'overview';
  return { page, query: Object.fromEntries(new URLSearchParams(search)) };
}

const initial = parse(typeof location === 'undefined' ? '' : location.hash);
const current = ref<PageId>(initial.page);
const query = ref<RouteQuery>(initial.query);
let listening = false;

/**
 * Hash routing: it works the same from `http://127.0.0.1:8733/` and from the desktop app's file:// page,
 * and the server only ever serves one document. A page's state worth sharing (the Live log's filters) rides
 * in the hash's query: `#/log?agent=bot&outcome=refused`.
 */
export function useRoute() {
  if (!listening && typeof window !== 'undefined') {
    listening = true;
    window.addEventListener('hashchange', () => {
      const r = parse(location.hash);
      current.value = r.page;
      query.value = r.query;
    });
  }
  return readonly(current);
}

export function useRouteQuery() {
  useRoute();
  return readonly(query);
}

export function pageHref(id: PageId, q: RouteQuery = {}): string {
  const search = new URLSearchParams(Object.entries(q).filter(([, v]) => v !== '')).toString();
  return `#/${id}${search ? `?${search}` : ''}`;
}

/** Replaces the current page's query in the address bar without adding a history entry per keystroke. */
export function setRouteQuery(q: RouteQuery): void {
  query.value = Object.fromEntries(Object.entries(q).filter(([, v]) => v !== ''));
  if (typeof location === 'undefined') return;
  const href = pageHref(current.value, query.value);
  if (location.hash !== href) history.replaceState(history.state, '', href);
}

export function navigate(id: PageId, q: RouteQuery = {}): void {
  current.value = id;
  query.value = q;
  if (typeof location !== 'undefined' && location.hash !== pageHref(id, q)) location.hash = pageHref(id, q);
}

export function pageLabel(id: PageId): string {
  return PAGES.find((p) => p.id === id)?.label ?? 'Overview';
}
