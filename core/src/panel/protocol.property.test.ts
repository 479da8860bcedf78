import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPanelError } from './errors.ts';
import type { LeasePolicy } from './lease.ts';
import { MemoryLedger } from './memory-ledger.ts';
import type { UsageRecordIn } from './usage.ts';

const POLICY: LeasePolicy = { ttlMs: 300_000, settleWindowMs: 120_000, leaseSizeMin: 5_000, leaseSizeMax: 100_000, reportEveryMs: 5_000, offlineCap: 50_000 };
const price = (r: UsageRecordIn): number => r.inputTokens + 2 * r.outputTokens;
const AGENTS = ['a1', 'a2', 'a3'];
const DEVICES = ['d1', 'd2', 'd3'];

/** A device's own view of one lease: what it was told it may spend, what it spent, its outbox. */
interface DeviceLease {
  id: string;
  epoch: number;
  granted: number;
  spent: number;
  deadline: number;
  outbox: UsageRecordIn[];
}

const op = fc.oneof(
  fc.record({ t: fc.constant('grant' as const), agent: fc.nat(2), device: fc.nat(2), requested: fc.integer({ min: 1, max: 150_000 }), minUseful: fc.integer({ min: 1, max: 20_000 }), burn: fc.nat(500) }),
  fc.record({ t: fc.constant('spend' as const), lease: fc.nat(30), tin: fc.nat(3_000), tout: fc.nat(3_000) }),
  fc.record({ t: fc.constant('deliver' as const), lease: fc.nat(30), pick: fc.array(fc.nat(40), { maxLength: 6 }) }),
  fc.record({ t: fc.constant('refresh' as const), lease: fc.nat(30), requested: fc.integer({ min: 1, max: 150_000 }), stale: fc.boolean() }),
  fc.record({ t: fc.constant('close' as const), lease: fc.nat(30), claim: fc.nat(40) }),
  fc.record({ t: fc.constant('revoke' as const), lease: fc.nat(30) }),
  // A device that lost its outbox numbering after a crash reports a call again under a new seq.
  fc.record({ t: fc.constant('renumber' as const), lease: fc.nat(30), pick: fc.nat(40) }),
  fc.record({ t: fc.constant('tick' as const), ms: fc.integer({ min: 1_000, max: 200_000 }) }),
);

function setup(teamLimit: number, limits: number[]): MemoryLedger {
  const ledger = new MemoryLedger(POLICY, price);
  ledger.teams.set('t', { limit: teamLimit, committed: 0, reserved: 0, overshoot: 0 });
  AGENTS.forEach((id, i) => ledger.agents.set(id, { limit: limits[i] ?? 0, committed: 0, reserved: 0, overshoot: 0, teamId: i < 2 ? 't' : null }));
  return ledger;
}

function checkInvariants(ledger: MemoryLedger, lateCost: number): void {
  const budgets = [...ledger.agents.values(), ...ledger.teams.values()];
  for (const b of budgets) {
    expect(b.committed + b.reserved - b.overshoot).toBeLessThanOrEqual(b.limit);
    expect(b.reserved).toBeGreaterThanOrEqual(0);
    expect(b.overshoot).toBeLessThanOrEqual(lateCost);
  }
  for (const [id, a] of ledger.agents) {
    const records = [...ledger.records.values()].filter((r) => ledger.leases.get(r.leaseId)?.agentId === id);
    expect(a.committed).toBe(records.reduce((s, r) => s + r.costMicros, 0));
    const held = [...ledger.leases.values()].filter((l) => l.agentId === id && ['active', 'expired', 'revoked'].includes(l.state));
    expect(a.reserved).toBe(held.reduce((s, l) => s + Math.max(0, l.granted - l.captured), 0));
  }
}

describe('lease protocol (property-based)', () => {
  it('keeps committed + reserved ≤ limit per agent and team, and counts every usage record exactly once', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400_000 }),
        fc.array(fc.integer({ min: 0, max: 300_000 }), { minLength: 3, maxLength: 3 }),
        fc.array(op, { maxLength: 120 }),
        (teamLimit, limits, ops) => {
          const ledger = setup(teamLimit, limits);
          const leases: DeviceLease[] = [];
          const delivered = new Map<string, UsageRecordIn>();
          let now = Date.UTC(2026, 0, 1);
          let callId = 0;
          let lateCost = 0;
          const expected = (e: unknown): void => {
            if (!isPanelError(e)) throw e;
          };
          for (const o of ops) {
            try {
              switch (o.t) {
                case 'grant': {
                  const l = ledger.grant({ agentId: AGENTS[o.agent] ?? 'a1', deviceId: DEVICES[o.device] ?? 'd1', requested: o.requested, minUseful: o.minUseful, burnRate: o.burn }, now);
                  expect(l.granted).toBeGreaterThanOrEqual(Math.min(o.minUseful, l.granted));
                  leases.push({ id: l.id, epoch: l.epoch, granted: l.granted, spent: 0, deadline: l.expiresAt, outbox: [] });
                  break;
                }
                case 'spend': {
                  const d = leases[o.lease % Math.max(1, leases.length)];
                  const cost = o.tin + 2 * o.tout;
                  // An honest device spends only what it holds, and only before its deadline.
                  if (!d || now >= d.deadline || d.spent + cost > d.granted) break;
                  d.spent += cost;
                  d.outbox.push({ seq: d.outbox.length + 1, callId: `c${callId++}`, provider: 'p', model: 'm', status: 'ok', inputTokens: o.tin, outputTokens: o.tout, cacheReadTokens: 0, cacheWriteTokens: 0, clientCostMicros: cost });
                  break;
                }
                case 'deliver': {
                  const d = leases[o.lease % Math.max(1, leases.length)];
                  if (!d || d.outbox.length === 0) break;
                  // Any subset, any order, duplicates included: reordered, replayed and late batches.
                  const records = o.pick.map((i) => d.outbox[i % d.outbox.length]).filter((r): r is UsageRecordIn => r !== undefined);
                  const lease = ledger.leases.get(d.id);
                  const out = ledger.usage(d.id, { epoch: d.epoch, records }, now);
                  for (const r of out.inserted) {
                    if (r.late) lateCost += r.costMicros;
                    expect(delivered.has(`${d.id}#${r.seq}`)).toBe(false);
                    delivered.set(`${d.id}#${r.seq}`, r);
                  }
                  for (const seq of out.duplicates) expect(delivered.has(`${d.id}#${seq}`) || records.filter((r) => r.seq === seq).length > 1).toBe(true);
                  expect(lease).toBeDefined();
                  break;
                }
                case 'refresh': {
                  const d = leases[o.lease % Math.max(1, leases.length)];
                  if (!d) break;
                  const l = ledger.refresh(d.id, { epoch: o.stale ? d.epoch - 1 : d.epoch, reportedThroughSeq: d.outbox.length, requested: o.requested }, now);
                  expect(o.stale).toBe(false);
                  d.granted = l.granted;
                  d.deadline = l.expiresAt;
                  break;
                }
                case 'close': {
                  const d = leases[o.lease % Math.max(1, leases.length)];
                  if (!d) break;
                  const before = ledger.leases.get(d.id);
                  const released = ledger.close(d.id, { epoch: d.epoch, finalSeq: d.outbox.length });
                  // The panel releases from its records, whatever the device claims it spent.
                  if (before && ['active', 'expired', 'revoked'].includes(before.state)) expect(released).toBe(before.granted - before.captured);
                  d.deadline = now;
                  break;
                }
                case 'revoke': {
                  const d = leases[o.lease % Math.max(1, leases.length)];
                  if (!d) break;
                  ledger.revoke(d.id, now);
                  d.deadline = Math.min(d.deadline, now);
                  break;
                }
                case 'renumber': {
                  const d = leases[o.lease % Math.max(1, leases.length)];
                  const r = d?.outbox[o.pick % Math.max(1, d.outbox.length)];
                  if (!d || !r) break;
                  d.outbox.push({ ...r, seq: d.outbox.length + 1 });
                  break;
                }
                case 'tick':
                  now += o.ms;
                  ledger.reap(now);
                  break;
              }
            } catch (e) {
              expected(e);
            }
            checkInvariants(ledger, lateCost);
          }
          // Everything the devices spent eventually arrives; once every lease settles nothing is reserved and
          // committed is exactly what was spent — no record lost, none counted twice.
          for (const d of leases) {
            for (const r of d.outbox) ledger.usage(d.id, { epoch: d.epoch, records: [r] }, now);
          }
          ledger.reap(now + POLICY.ttlMs + POLICY.settleWindowMs + 1);
          checkInvariants(ledger, Number.MAX_SAFE_INTEGER);
          for (const [id, a] of ledger.agents) {
            const spent = leases.filter((d) => ledger.leases.get(d.id)?.agentId === id).reduce((s, d) => s + d.spent, 0);
            expect(a.reserved).toBe(0);
            expect(a.committed).toBe(spent);
          }
          expect(ledger.records.size).toBe(leases.reduce((s, d) => s + d.outbox.length, 0));
          const charged = [...ledger.records.values()].filter((r) => !r.duplicateCall);
          expect(charged.length).toBe(new Set(leases.flatMap((d) => d.outbox.map((r) => r.callId))).size);
        },
      ),
      { numRuns: 300 },
    );
  });
});
