import { createStreamRedactor, type StreamRedactor } from '../../guard/stream-redactor.ts';
import type { Finding } from '../../guard/finding.ts';
import { redact } from '../../guard/redact.ts';
import { STREAM_PROFILES } from '../../guard/stream-profiles.ts';
import { activeCategories, type GuardCategory, type GuardPolicy } from '../../domain/guard-policy.ts';
import type { EndpointKind } from '../../providers/index.ts';
import { DecisionLog, type GuardDecision, type GuardScanner } from './body-guard.ts';
import { createStreamFlagger } from './stream-flagger.ts';
import { walkTexts } from './text-walk.ts';

export interface StreamGuard {
  /** The SSE text to send for one upstream event (possibly rewritten, possibly empty). */
  event(event: string | undefined, data: string): string;
  /** Scans what is left of the text only to be flagged; call once when the stream ends. */
  finish(): void;
  /**
   * Everything still held back, redacted, as events of the stream's own format: for a stream that ends
   * without its closing events (closed, dropped, cut off), so the agent still gets the text it was owed.
   */
  drain(): string;
  /** Set once a `block` category matched: stop the stream. */
  readonly blocked: GuardDecision | undefined;
  decisions(): GuardDecision[];
}

function sse(event: string | undefined, data: string): string {
  return event === undefined ? `data: ${data}\n\n` : `event: ${event}\ndata: ${data}\n\n`;
}

type Json = Record<string, unknown>;

/**
 * Guards a streamed response: generated text passes through a stream redactor that holds back only a trailing
 * candidate a detector could still extend, so a secret split across chunks is redacted before any of it is sent
 * and other text goes out at once. Everything held is released before the stream's closing events. Categories
 * that are only flagged, and injection, are scanned as the text arrives (sentence by sentence); injection set
 * to `block` stops the stream there. Returns undefined when the policy leaves responses alone.
 */
export function createStreamGuard(kind: EndpointKind, policy: GuardPolicy, scan: GuardScanner): StreamGuard | undefined {
  const active = activeCategories(policy, 'response');
  if (active.length === 0 || kind === 'embeddings') return undefined;
  // Injection findings mark regions, not values: they are never redacted out of a stream, only flagged or blocked.
  const windowed = active.filter((c): c is Exclude<GuardCategory, 'injection'> => c !== 'injection' && policy[c].response !== 'flag');
  const flagged = active.filter((c) => !(windowed as GuardCategory[]).includes(c));
  const profiles = windowed.map((c) => STREAM_PROFILES[c]);
  const log = new DecisionLog();
  let blocked: GuardDecision | undefined;
  const flagger = createStreamFlagger(flagged, scan, (f) => {
    const action = policy[f.category].response;
    if (action === 'off') return;
    const d = log.add(f.category, action === 'block' ? 'block' : 'flag', f.type);
    if (action === 'block') blocked ??= d;
  });

  const detect = (text: string): Finding[] => {
    const found = scan(text, windowed);
    for (const f of found) {
      const action = policy[f.category].response;
      if (action === 'off' || action === 'flag') continue;
      const d = log.add(f.category, action, f.type);
      if (action === 'block') blocked ??= d;
    }
    return found;
  };
  const redactors = new Map<string, StreamRedactor>();
  /** How to write more text for a key as an event of this stream (learned from its last delta). */
  const templates = new Map<string, (text: string) => string>();
  const through = (key: string, text: string, template: (text: string) => string): string => {
    templates.set(key, template);
    flagger.push(text);
    if (windowed.length === 0) return text;
    let r = redactors.get(key);
    if (!r) {
      r = createStreamRedactor({ detect, profiles });
      redactors.set(key, r);
    }
    return r.push(text);
  };
  const flush = (key: string): string => {
    const r = redactors.get(key);
    if (!r) return '';
    redactors.delete(key);
    return r.flush();
  };
  /** Full texts repeated in summary events (`….done`, `response.completed`) are redacted whole. */
  const redactWhole = (value: unknown): boolean =>
    windowed.length > 0 && walkTexts(value, (text) => {
      const found = detect(text);
      return found.length > 0 ? redact(text, found) : undefined;
    });

  /** Everything held, as events of the stream's format: released before an event that closes the stream. */
  const drain = (): string => {
    let out = '';
    for (const key of [...redactors.keys()]) {
      const rest = flush(key);
      const template = templates.get(key);
      if (rest && template) out += template(rest);
    }
    return out;
  };

  const transform = {
    chat(event: string | undefined, data: string): string {
      if (data === '[DONE]') return drain() + sse(event, data);
      const chunk = JSON.parse(data) as { choices?: { index?: number; delta?: { content?: unknown }; finish_reason?: unknown }[] };
      for (const choice of chunk.choices ?? []) {
        const key = String(choice.index ?? 0);
        const delta = (choice.delta ??= {});
        let text =
          typeof delta.content === 'string'
            ? through(key, delta.content, (rest) =>
                sse(event, JSON.stringify({ ...chunk, choices: [{ index: choice.index ?? 0, delta: { content: rest }, finish_reason: null }] })),
              )
            : undefined;
        if (choice.finish_reason !== null && choice.finish_reason !== undefined) text = (text ?? '') + flush(key);
        if (text !== undefined) delta.content = text;
      }
      return sse(event, JSON.stringify(chunk));
    },
    responses(event: string | undefined, data: string): string {
      const ev = JSON.parse(data) as Json & { type?: string; item_id?: string; content_index?: number; delta?: unknown; text?: unknown };
      const type = ev.type ?? event;
      const key = `${ev.item_id ?? ''}:${ev.content_index ?? 0}`;
      if (type === 'response.output_text.delta' && typeof ev.delta === 'string') {
        ev.delta = through(key, ev.delta, (rest) => sse(event, JSON.stringify({ ...ev, delta: rest })));
        return sse(event, JSON.stringify(ev));
      }
      let out = '';
      if (type === 'response.output_text.done') {
        const rest = flush(key);
        if (rest) out += sse('response.output_text.delta', JSON.stringify({ ...ev, type: 'response.output_text.delta', delta: rest, text: undefined }));
      }
      if (type === 'response.completed' || type === 'response.incomplete' || type === 'response.failed') out += drain();
      if (type !== 'response.created' && type !== 'response.in_progress') redactWhole(ev);
      return out + sse(event, JSON.stringify(ev));
    },
    messages(event: string | undefined, data: string): string {
      const ev = JSON.parse(data) as Json & { type?: string; index?: number; delta?: { type?: string; text?: unknown } };
      const type = ev.type ?? event;
      const key = String(ev.index ?? 0);
      if (type === 'content_block_delta' && ev.delta?.type === 'text_delta' && typeof ev.delta.text === 'string') {
        ev.delta.text = through(key, ev.delta.text, (rest) =>
          sse(event, JSON.stringify({ type: 'content_block_delta', index: ev.index ?? 0, delta: { type: 'text_delta', text: rest } })),
        );
        return sse(event, JSON.stringify(ev));
      }
      if (type === 'content_block_stop') {
        const rest = flush(key);
        const prefix = rest
          ? sse('content_block_delta', JSON.stringify({ type: 'content_block_delta', index: ev.index ?? 0, delta: { type: 'text_delta', text: rest } }))
          : '';
        return prefix + sse(event, data);
      }
      if (type === 'message_delta' || type === 'message_stop') return drain() + sse(event, data);
      return sse(event, data);
    },
  };
  const handle = kind === 'chat' ? transform.chat : kind === 'responses' ? transform.responses : transform.messages;

  return {
    event(event, data) {
      try {
        return handle(event, data);
      } catch {
        // Not JSON we understand (a comment, a provider extension): pass it on as it came.
        return sse(event, data);
      }
    },
    finish() {
      flagger.finish();
    },
    drain,
    get blocked() {
      return blocked;
    },
    decisions: () => log.all,
  };
}

export type { GuardCategory };
