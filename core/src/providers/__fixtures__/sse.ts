import { createParser } from 'eventsource-parser';
import type { MeteredStream } from '../types.ts';

/** Feeds raw SSE text through the same parser the gateway uses, optionally split into awkward network chunks. */
export function feed(meter: MeteredStream, sse: string, chunkSize = sse.length): MeteredStream {
  const parser = createParser({ onEvent: (e) => meter.push(e.event, e.data) });
  for (let i = 0; i < sse.length; i += chunkSize) parser.feed(sse.slice(i, i + chunkSize));
  return meter;
}

/** The data payloads of an SSE text, in order. */
export function dataOf(sse: string): string[] {
  const out: string[] = [];
  const parser = createParser({ onEvent: (e) => out.push(e.data) });
  parser.feed(sse);
  return out;
}
