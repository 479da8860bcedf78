import type { ServerResponse } from 'node:http';

/**
 * Where a frame sits in a stream: before the text, carrying text, or after it (finish, usage, terminator).
 * `#emu:drop-after` counts `content` frames and never lets a `tail` frame out.
 */
export type FrameKind = 'head' | 'content' | 'tail';

/** One server-sent event, already serialised. */
export interface SseFrame {
  text: string;
  kind: FrameKind;
}

/** An SSE frame `event: name\ndata: json\n\n`, or only `data: json\n\n` when no name is given (OpenAI chat). */
export function sseFrame(event: string | undefined, data: unknown, kind: FrameKind): SseFrame {
  const json = typeof data === 'string' ? data : JSON.stringify(data);
  return { text: event === undefined ? `data: ${json}\n\n` : `event: ${event}\ndata: ${json}\n\n`, kind };
}

/** True once the client has gone or the response is over: nothing more may be written. */
export function isGone(res: ServerResponse): boolean {
  return res.destroyed || res.writableEnded;
}

/** Waits `ms`, or less if the client goes away first; resolves whether the client is still there. */
export function waitUnlessGone(res: ServerResponse, ms: number): Promise<boolean> {
  if (isGone(res)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const finish = (): void => {
      clearTimeout(timer);
      res.off('close', finish);
      resolve(!isGone(res));
    };
    const timer = setTimeout(finish, ms);
    res.once('close', finish);
  });
}

export interface StreamPacing {
  chunkDelayMs: number;
  /** Destroy the socket after this many content frames, before any tail frame. */
  dropAfter?: number;
  /** End the response cleanly after this many content frames, before any tail frame. */
  endAfter?: number;
}

/**
 * Writes a stream's frames (the HTTP head is already written). Without a delay they go out in one write, the
 * benchmark's hot path; with one, frame by frame, stopping as soon as the client disconnects.
 */
export async function writeFrames(res: ServerResponse, frames: readonly SseFrame[], pacing: StreamPacing): Promise<void> {
  const stopAfter = pacing.dropAfter ?? pacing.endAfter;
  const cut = stopAfter === undefined ? frames.length : dropIndex(frames, stopAfter);
  const last = (text: string): void => (cut === frames.length || pacing.dropAfter === undefined ? void res.end(text) : dropConnection(res, text));
  if (pacing.chunkDelayMs <= 0) {
    let text = '';
    for (let i = 0; i < cut; i++) text += frames[i]?.text ?? '';
    if (!isGone(res)) last(text);
    return;
  }
  for (let i = 0; i < cut; i++) {
    if (i > 0 && !(await waitUnlessGone(res, pacing.chunkDelayMs))) return;
    const text = frames[i]?.text ?? '';
    if (i === cut - 1) return last(text);
    res.write(text);
  }
  if (!isGone(res)) last('');
}

/** Index of the first frame not to send under `#emu:drop-after=N`. */
function dropIndex(frames: readonly SseFrame[], dropAfter: number): number {
  let content = 0;
  for (let i = 0; i < frames.length; i++) {
    const kind = frames[i]?.kind;
    if (kind === 'tail' || (kind === 'content' && content === dropAfter)) return i;
    if (kind === 'content') content += 1;
  }
  return frames.length;
}

/** Flushes `text` (and everything before it), then destroys the socket: the client sees a stream cut off. */
function dropConnection(res: ServerResponse, text: string): void {
  // An SSE comment keeps the write non-empty, so the headers go out and the callback fires before the cut.
  res.write(text || ':\n\n', () => res.destroy());
}
