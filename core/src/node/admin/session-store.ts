import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../domain/clock.ts';

export interface DashboardSessionOptions {
  clock: Pick<Clock, 'now'>;
  /** How long a browser session lasts after login (absolute, not sliding). */
  sessionTtlMs?: number;
  /** How long a one-time login code printed by `serve` can be redeemed. */
  codeTtlMs?: number;
  maxSessions?: number;
  maxCodes?: number;
}

const SESSION_BYTES = 32;
const CODE_BYTES = 24;

/** A secret is only ever kept as its SHA-256: a heap dump or a log line never holds a usable session id. */
function digest(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/**
 * The web dashboard's sessions and one-time login codes, kept in the gateway process's memory only: a restart
 * logs every browser out, and nothing on disk can be replayed. Ids are 256 random bits; lookups go by the
 * digest of what was presented, and the stored digest is compared again in constant time.
 */
export class DashboardSessions {
  private readonly sessions = new Map<string, { digest: Buffer; expiresAt: number }>();
  private readonly codes = new Map<string, { digest: Buffer; expiresAt: number }>();
  private readonly sessionTtlMs: number;
  private readonly codeTtlMs: number;
  private readonly maxSessions: number;
  private readonly maxCodes: number;

  constructor(private readonly o: DashboardSessionOptions) {
    this.sessionTtlMs = o.sessionTtlMs ?? 12 * 60 * 60_000;
    this.codeTtlMs = o.codeTtlMs ?? 5 * 60_000;
    this.maxSessions = o.maxSessions ?? 256;
    this.maxCodes = o.maxCodes ?? 16;
  }

  get sessionTtlSeconds(): number {
    return Math.floor(this.sessionTtlMs / 1000);
  }

  /** A code for the dashboard URL that `serve` prints: single use, valid for a few minutes. */
  issueLoginCode(): string {
    const code = randomBytes(CODE_BYTES).toString('base64url');
    this.put(this.codes, code, this.codeTtlMs, this.maxCodes);
    return code;
  }

  /** Redeems a login code once; returns a new session id, or undefined when the code is unknown, used or expired. */
  redeemLoginCode(code: string): string | undefined {
    if (!this.take(this.codes, code, true)) return undefined;
    return this.startSession();
  }

  /** Starts a session for a caller that proved itself another way (the admin token). */
  startSession(): string {
    const id = randomBytes(SESSION_BYTES).toString('base64url');
    this.put(this.sessions, id, this.sessionTtlMs, this.maxSessions);
    return id;
  }

  isValid(id: string | undefined): boolean {
    return id !== undefined && id.length > 0 && this.take(this.sessions, id, false);
  }

  end(id: string | undefined): void {
    if (id !== undefined) this.sessions.delete(digest(id).toString('hex'));
  }

  private put(map: Map<string, { digest: Buffer; expiresAt: number }>, secret: string, ttl: number, max: number): void {
    const now = this.o.clock.now();
    for (const [k, v] of map) if (v.expiresAt <= now) map.delete(k);
    // Maps iterate in insertion order: the first entries are the oldest.
    while (map.size >= max) map.delete(map.keys().next().value!);
    const d = digest(secret);
    map.set(d.toString('hex'), { digest: d, expiresAt: now + ttl });
  }

  private take(map: Map<string, { digest: Buffer; expiresAt: number }>, secret: string, consume: boolean): boolean {
    const d = digest(secret);
    const key = d.toString('hex');
    const entry = map.get(key);
    if (!entry || !timingSafeEqual(entry.digest, d)) return false;
    if (entry.expiresAt <= this.o.clock.now()) {
      map.delete(key);
      return false;
    }
    if (consume) map.delete(key);
    return true;
  }
}
