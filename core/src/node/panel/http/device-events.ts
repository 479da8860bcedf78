import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { PanelContext } from '../panel-context.ts';
import { eventsAfter, oldestEventId } from '../store/device-repo.ts';
import type { DeviceEnv } from './device-routes.ts';
import { waitForEvents } from '../event-wake.ts';

const HEARTBEAT_MS = 15_000;

/**
 * A device's push stream (SSE). Events come from the database, so any panel instance can serve any device; a
 * `Last-Event-ID` resumes after what the device saw, and one older than what is kept gets `resync` (relist, as a
 * Kubernetes watch does after 410 Gone).
 */
export function deviceEvents(ctx: PanelContext, c: Context<DeviceEnv>): Response {
  const device = c.get('device');
  const header = c.req.header('last-event-id');
  let last = header && /^\d+$/.test(header) ? Number(header) : null;
  return streamSSE(c, async (stream) => {
    let closed = false;
    stream.onAbort(() => {
      closed = true;
    });
    if (last !== null) {
      const oldest = await oldestEventId(ctx.db, device.id);
      if (oldest !== null && oldest > last + 1) {
        await stream.writeSSE({ event: 'resync', data: JSON.stringify({ reason: 'events since your last id are no longer kept: fetch state again' }) });
      }
    } else {
      // A fresh connection starts from now: the state it must know comes with every protocol response.
      const all = await eventsAfter(ctx.db, device.id, 0);
      last = all.at(-1)?.id ?? 0;
    }
    let sinceBeat = Date.now();
    while (!closed) {
      for (const e of await eventsAfter(ctx.db, device.id, last)) {
        await stream.writeSSE({ id: String(e.id), event: e.type, data: e.data });
        last = e.id;
      }
      if (Date.now() - sinceBeat > HEARTBEAT_MS) {
        await stream.write(': keep-alive\n\n');
        sinceBeat = Date.now();
      }
      // With cross-instance wake-ups the poll is only a safety net; otherwise it is how other processes' events arrive.
      await waitForEvents(device.id, ctx.db.wakesAcrossInstances ? 5_000 : 1_000);
    }
  });
}
