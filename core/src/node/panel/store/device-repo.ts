import type { SqlExecutor } from '../../../panel/store-port.ts';
import { wakeDevice } from '../event-wake.ts';

/** Devices, their one-time enrolment codes, their single-use nonces and their push events. */
export interface DeviceRow {
  id: string;
  user_id: string;
  name: string;
  platform: string;
  app_version: string;
  sign_pub: string;
  kem_pub: string;
  created_at: number;
  last_seen_at: number | null;
  revoked_at: number | null;
}

export async function deviceById(ex: SqlExecutor, id: string): Promise<DeviceRow | undefined> {
  return ex.get<DeviceRow>('SELECT * FROM devices WHERE id = ?', [id]);
}

export async function listDevices(ex: SqlExecutor, userId?: string): Promise<DeviceRow[]> {
  return ex.all<DeviceRow>('SELECT * FROM devices WHERE (? IS NULL OR user_id = ?) ORDER BY created_at, id', [userId ?? null, userId ?? null]);
}

export async function insertDevice(ex: SqlExecutor, d: DeviceRow): Promise<void> {
  await ex.run('INSERT INTO devices (id, user_id, name, platform, app_version, sign_pub, kem_pub, created_at, last_seen_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [
    d.id,
    d.user_id,
    d.name,
    d.platform,
    d.app_version,
    d.sign_pub,
    d.kem_pub,
    d.created_at,
    d.last_seen_at,
    d.revoked_at,
  ]);
}

export async function touchDevice(ex: SqlExecutor, id: string, now: number): Promise<void> {
  await ex.run('UPDATE devices SET last_seen_at = ? WHERE id = ?', [now, id]);
}

export async function revokeDeviceRow(ex: SqlExecutor, id: string, now: number): Promise<boolean> {
  return (await ex.run('UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [now, id])) > 0;
}

export interface CodeRow {
  code_hash: string;
  user_id: string;
  created_by: string;
  expires_at: number;
  used_at: number | null;
  device_id: string | null;
}

export async function insertCode(ex: SqlExecutor, c: CodeRow): Promise<void> {
  await ex.run('INSERT INTO enrol_codes (code_hash, user_id, created_by, expires_at, used_at, device_id) VALUES (?, ?, ?, ?, NULL, NULL)', [c.code_hash, c.user_id, c.created_by, c.expires_at]);
}

/** Marks a code used, once: resolves to the code only for the caller that won the race. */
export async function consumeCode(ex: SqlExecutor, codeHash: string, deviceId: string, now: number): Promise<CodeRow | undefined> {
  const row = await ex.get<CodeRow>('SELECT * FROM enrol_codes WHERE code_hash = ?', [codeHash]);
  if (!row || row.used_at !== null || Number(row.expires_at) <= now) return undefined;
  const changed = await ex.run('UPDATE enrol_codes SET used_at = ?, device_id = ? WHERE code_hash = ? AND used_at IS NULL', [now, deviceId, codeHash]);
  return changed === 1 ? row : undefined;
}

export async function insertNonce(ex: SqlExecutor, nonce: string, deviceId: string, expiresAt: number): Promise<void> {
  await ex.run('INSERT INTO nonces (nonce, device_id, expires_at) VALUES (?, ?, ?)', [nonce, deviceId, expiresAt]);
}

/** Spends a nonce: true once, for the device it was issued to, before it expires. */
export async function spendNonce(ex: SqlExecutor, nonce: string, deviceId: string, now: number): Promise<boolean> {
  return (await ex.run('DELETE FROM nonces WHERE nonce = ? AND device_id = ? AND expires_at > ?', [nonce, deviceId, now])) === 1;
}

export async function purgeNonces(ex: SqlExecutor, now: number): Promise<void> {
  await ex.run('DELETE FROM nonces WHERE expires_at <= ?', [now]);
}

export interface EventRow {
  id: number;
  device_id: string;
  type: string;
  data: string;
  at: number;
}

/** Queues a push event for a device; ids increase per device. */
export async function pushEvent(ex: SqlExecutor, deviceId: string, type: string, data: Record<string, unknown>, now: number): Promise<number> {
  const last = await ex.get<{ id: number | null }>('SELECT MAX(id) AS id FROM device_events WHERE device_id = ?', [deviceId]);
  const id = Number(last?.id ?? 0) + 1;
  await ex.run('INSERT INTO device_events (id, device_id, type, data, at, pending) VALUES (?, ?, ?, ?, ?, 1)', [id, deviceId, type, JSON.stringify(data), now]);
  // Wake this process's open streams once the transaction has had time to commit (they poll as well).
  setTimeout(() => wakeDevice(deviceId), 5).unref();
  return id;
}

export async function eventsAfter(ex: SqlExecutor, deviceId: string, afterId: number): Promise<EventRow[]> {
  const rows = await ex.all<EventRow>('SELECT id, device_id, type, data, at FROM device_events WHERE device_id = ? AND id > ? ORDER BY id', [deviceId, afterId]);
  return rows.map((r) => ({ ...r, id: Number(r.id), at: Number(r.at) }));
}

export async function oldestEventId(ex: SqlExecutor, deviceId: string): Promise<number | null> {
  const r = await ex.get<{ id: number | null }>('SELECT MIN(id) AS id FROM device_events WHERE device_id = ?', [deviceId]);
  return r?.id === null || r?.id === undefined ? null : Number(r.id);
}

/** Events are kept 24 h; a device asking from before that gets `resync`. */
export async function purgeEvents(ex: SqlExecutor, before: number): Promise<void> {
  await ex.run('DELETE FROM device_events WHERE at < ?', [before]);
}
