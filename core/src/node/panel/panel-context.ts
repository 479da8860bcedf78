import type { Clock } from '../../domain/clock.ts';
import type { LeasePolicy } from '../../panel/lease.ts';
import type { PanelDb } from '../../panel/store-port.ts';
import type { PriceBook } from '../../pricing/price-book.ts';
import type { PanelKeys } from './panel-keys.ts';

/** Everything a panel operation needs, built once by the host and passed down. */
export interface PanelContext {
  db: PanelDb;
  clock: Clock;
  keys: PanelKeys;
  policy: LeasePolicy;
  prices: PriceBook;
  dataDir: string;
  /** Budget periods are calendar-aligned in this IANA time zone. */
  timeZone: string;
}

/** Who made a change, as the audit trail names them. */
export type Actor = { kind: 'cli' } | { kind: 'user'; id: string; email: string } | { kind: 'device'; id: string } | { kind: 'panel' };

export function actorName(a: Actor): string {
  switch (a.kind) {
    case 'cli':
      return 'cli';
    case 'user':
      return `user:${a.email}`;
    case 'device':
      return `device:${a.id}`;
    case 'panel':
      return 'panel';
  }
}
