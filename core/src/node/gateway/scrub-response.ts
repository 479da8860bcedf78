import type { ServerResponse } from 'node:http';
import { createKeyScrubber, type KeyScrubber } from '../../gateway/key-scrubber.ts';
import type { ProviderRepo } from '../../ports/store.ts';
import type { KeyRing } from './key-ring.ts';

const cache = new WeakMap<KeyRing, { signature: string; scrubber: KeyScrubber }>();

/** A scrubber for every configured provider key (rebuilt when a key is added, rotated or removed). */
export async function providerKeyScrubber(providers: Pick<ProviderRepo, 'list' | 'upstream'>, keys: KeyRing): Promise<KeyScrubber> {
  const upstreams = providers.list().map((p) => providers.upstream(p.id));
  const signature = upstreams.map((u) => u?.keyCiphertext ?? '').join('\n');
  const cached = cache.get(keys);
  if (cached?.signature === signature) return cached.scrubber;
  const plain: string[] = [];
  for (const u of upstreams) {
    const key = u ? await keys.keyFor(u).catch(() => null) : null;
    if (key) plain.push(key);
  }
  const scrubber = createKeyScrubber(plain);
  cache.set(keys, { signature, scrubber });
  return scrubber;
}

type Chunk = string | Uint8Array;

function toLatin1(chunk: Chunk, encoding?: BufferEncoding): string {
  return (typeof chunk === 'string' ? Buffer.from(chunk, encoding ?? 'utf8') : Buffer.from(chunk)).toString('latin1');
}

/**
 * Makes everything later written to `res` pass through the scrubber: bodies, stream chunks, error events.
 * Installed once per relayed call, so no relay path can forget it.
 */
export function scrubResponse(res: ServerResponse, scrubber: KeyScrubber): void {
  if (!scrubber.active) return;
  const stream = scrubber.stream();
  const write = res.write.bind(res) as (chunk: Chunk, cb?: (e?: Error | null) => void) => boolean;
  const end = res.end.bind(res) as (chunk?: Chunk, cb?: () => void) => ServerResponse;
  const split = (args: unknown[]): { chunk?: Chunk; encoding?: BufferEncoding; cb?: () => void } => {
    const cb = typeof args.at(-1) === 'function' ? (args.pop() as () => void) : undefined;
    const [chunk, encoding] = args as [Chunk | undefined, BufferEncoding | undefined];
    return { chunk: chunk ?? undefined, encoding, cb };
  };
  res.write = ((...args: unknown[]) => {
    const { chunk, encoding, cb } = split(args);
    if (chunk === undefined) return write('', cb);
    return write(Buffer.from(stream.push(toLatin1(chunk, encoding)), 'latin1'), cb);
  }) as ServerResponse['write'];
  res.end = ((...args: unknown[]) => {
    const { chunk, encoding, cb } = split(args);
    const text = (chunk === undefined ? '' : stream.push(toLatin1(chunk, encoding))) + stream.end();
    return end(text.length > 0 ? Buffer.from(text, 'latin1') : undefined, cb);
  }) as ServerResponse['end'];
}
