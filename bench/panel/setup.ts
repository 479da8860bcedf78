import { generateKeyPairSync } from 'node:crypto';
import { addProvider, addUser, createAgent } from '../../core/src/node/panel/admin-service.ts';
import { issueEnrolCode } from '../../core/src/node/panel/device-auth.ts';
import { enrolDevice, PanelDeviceClient, type DeviceIdentity } from '../../core/src/node/panel/device-client.ts';
import type { PanelContext } from '../../core/src/node/panel/panel-context.ts';
import { newId } from '../../core/src/node/panel/secrets.ts';
import { insertDevice } from '../../core/src/node/panel/store/device-repo.ts';
import { userByEmail } from '../../core/src/node/panel/store/people-repo.ts';

export const CLI_ACTOR = { kind: 'cli' } as const;
export const OWNER = 'bench@example.com';

/** A user, a provider and `agents` agents with budgets far above what a run spends (relay mode: no envelopes). */
export async function seed(ctx: PanelContext, agents: number): Promise<string[]> {
  await addUser(ctx, CLI_ACTOR, { email: OWNER, role: 'member', password: 'bench bench bench' });
  await addProvider(ctx, CLI_ACTOR, { name: 'oa', type: 'openai', key: 'sk-bench-not-a-real-key' });
  const names: string[] = [];
  for (let i = 0; i < agents; i++) {
    const name = `bench-${i}`;
    await createAgent(ctx, CLI_ACTOR, { name, owner: OWNER, budgetMicros: 1_000_000_000_000, providers: ['oa'], keyMode: 'relay' });
    names.push(name);
  }
  return names;
}

/** Enrols `n` real devices through the protocol. */
export async function enrol(ctx: PanelContext, url: string, n: number): Promise<DeviceIdentity[]> {
  const out: DeviceIdentity[] = [];
  for (let i = 0; i < n; i++) {
    const { code } = await issueEnrolCode(ctx, CLI_ACTOR, { user: OWNER });
    out.push(await enrolDevice(url, code, { deviceName: `bench-${i}`, platform: 'linux', appVersion: 'bench' }));
  }
  return out;
}

/**
 * `n` lightweight simulated devices written straight into the store (enrolling 10,000 through the protocol would
 * measure enrolment, not the fleet): each has a real Ed25519 key and signs every request it makes.
 */
export async function fleetIdentities(ctx: PanelContext, n: number): Promise<DeviceIdentity[]> {
  const user = await userByEmail(ctx.db, OWNER);
  if (!user) throw new Error('seed first');
  const now = Date.now();
  const out: DeviceIdentity[] = [];
  for (let i = 0; i < n; i++) {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    out.push({
      deviceId: newId('dev'),
      signPrivate: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64url'),
      signPub: String(publicKey.export({ format: 'jwk' }).x),
      kemPub: Buffer.alloc(32).toString('base64url'),
      kemPrivate: '',
      panelSignPub: ctx.keys.signingPub,
    });
  }
  for (let i = 0; i < out.length; i += 500) {
    await ctx.db.tx(async (ex) => {
      for (const d of out.slice(i, i + 500)) {
        await insertDevice(ex, { id: d.deviceId, user_id: user.id, name: 'fleet', platform: 'bench', app_version: 'bench', sign_pub: d.signPub, kem_pub: d.kemPub, created_at: now, last_seen_at: null, revoked_at: null });
      }
    });
  }
  return out;
}

export const clientFor = (url: string, id: DeviceIdentity, f?: typeof fetch): PanelDeviceClient => new PanelDeviceClient(url, id, f);

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function pool<T>(items: T[], limit: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i] as T, i);
      }
    }),
  );
}
