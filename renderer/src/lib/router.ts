import { readonly, ref } from 'vue';

export const PAGES = [
  { id: 'overview', label: 'Overview' },
  { id: 'agents', label: 'Agents' },
  { id: 'providers', label: 'Providers' },
  { id: 'log', label: 'Live log' },
  { id: 'audit', label: 'Audit' },
  { id: 'settings', label: 'Settings' },
] as const;
export type PageId = (typeof PAGES)[number]['id'];

function fromHash(hash: string): PageId {
  const id = hash.replace(/^#\/?/, '');
  return PAGES.find((p) => p.id === id)?.id ?? 'overview';
}

const current = ref<PageId>(typeof location === 'undefined' ? 'overview' : fromHash(location.hash));
let listening = false;

/**
 * Hash routing: it works the same from `http://127.0.0.1:8733/` and from the desktop app's file:// page,
 * and the server only ever serves one document.
 */
export function useRoute() {
  if (!listening && typeof window !== 'undefined') {
    listening = true;
    window.addEventListener('hashchange', () => {
      current.value = fromHash(location.hash);
    });
  }
  return readonly(current);
}

export function pageHref(id: PageId): string {
  return `#/${id}`;
}

export function navigate(id: PageId): void {
  current.value = id;
  if (typeof location !== 'undefined' && fromHash(location.hash) !== id) location.hash = `#/${id}`;
}
