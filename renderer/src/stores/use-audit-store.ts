import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AuditRecord, AuditVerification } from '../../../core/src/contract/ops/audit.ts';
import { api } from '../api/backend.ts';
import type { UiError } from '../lib/errors.ts';
import { reportError } from './report-error.ts';

const PAGE = 100;
const EXPORT_PAGE = 1000;

/** The audit trail: browse newest first, verify the hash chain, export every record as JSON Lines. */
export const useAuditStore = defineStore('audit', () => {
  const records = ref<AuditRecord[]>([]);
  const loaded = ref(false);
  const loading = ref(false);
  const loadingOlder = ref(false);
  const exhausted = ref(false);
  const error = ref<UiError | null>(null);
  const filters = ref<{ action: string; actor: string; showCalls: boolean }>({ action: '', actor: '', showCalls: false });
  const verification = ref<AuditVerification | null>(null);
  const verifying = ref(false);
  const verifyError = ref<UiError | null>(null);
  const exporting = ref(false);

  function filterInput(): { action?: string; actor?: string; hideCalls?: boolean } {
    const action = filters.value.action.trim();
    const actor = filters.value.actor.trim();
    // Asking for call records by name shows them even with the box unticked.
    const hideCalls = !filters.value.showCalls && !action.startsWith('call');
    return { ...(action ? { action } : {}), ...(actor ? { actor } : {}), ...(hideCalls ? { hideCalls } : {}) };
  }

  async function load(): Promise<void> {
    loading.value = true;
    try {
      const page = await api().call('audit.list', { ...filterInput(), limit: PAGE });
      records.value = page;
      exhausted.value = page.length < PAGE;
      error.value = null;
      loaded.value = true;
    } catch (e) {
      error.value = reportError(e);
    } finally {
      loading.value = false;
    }
  }

  async function loadOlder(): Promise<void> {
    const oldest = records.value[records.value.length - 1];
    if (!oldest || exhausted.value) return;
    loadingOlder.value = true;
    try {
      const page = await api().call('audit.list', { ...filterInput(), beforeSeq: oldest.seq, limit: PAGE });
      records.value = [...records.value, ...page];
      exhausted.value = page.length < PAGE;
    } catch (e) {
      error.value = reportError(e);
    } finally {
      loadingOlder.value = false;
    }
  }

  async function verify(): Promise<void> {
    verifying.value = true;
    verifyError.value = null;
    try {
      verification.value = await api().call('audit.verify', {});
    } catch (e) {
      verification.value = null;
      verifyError.value = reportError(e);
    } finally {
      verifying.value = false;
    }
  }

  /** Every record, oldest first, one JSON object a line (the form `iron-cage audit export` writes). */
  async function exportAll(): Promise<string> {
    exporting.value = true;
    try {
      const lines: string[] = [];
      let afterSeq: number | undefined;
      for (;;) {
        const page = await api().call('audit.export', { ...(afterSeq !== undefined ? { afterSeq } : {}), limit: EXPORT_PAGE });
        for (const r of page.records) lines.push(JSON.stringify(r));
        if (page.nextAfterSeq === null) break;
        afterSeq = page.nextAfterSeq;
      }
      return lines.length ? `${lines.join('\n')}\n` : '';
    } catch (e) {
      throw reportError(e);
    } finally {
      exporting.value = false;
    }
  }

  return { records, loaded, loading, loadingOlder, exhausted, error, filters, verification, verifying, verifyError, exporting, load, loadOlder, verify, exportAll };
});
