/** Test helpers: raw HTTP access to the emulator, to check the wire format itself rather than an SDK's view of it. */
export interface RawEvent {
  event: string | undefined;
  data: string;
}

/** Splits an SSE body into events (one `event:` and one `data:` line each, as both providers send). */
export function parseSse(text: string): RawEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      let event: string | undefined;
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data = line.slice(6);
      }
      return { event, data };
    });
}

/** POSTs JSON and returns status, headers and the whole body as text. */
export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}
