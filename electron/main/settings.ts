import { z } from 'zod';
import { DEFAULT_PORT } from '../../core/src/node/gateway/start-gateway.ts';

/**
 * The desktop app's own settings (the ledger's shared settings, like the time zone, live in the database).
 * Every field falls back to its default on its own, so one bad value never costs the user the others.
 */
export const DesktopSettingsSchema = z.object({
  version: z.literal(1).catch(1),
  gatewayPort: z.number().int().min(1).max(65535).catch(DEFAULT_PORT),
  theme: z.enum(['system', 'light', 'dark']).catch('system'),
  window: z
    .object({
      x: z.number().int().optional(),
      y: z.number().int().optional(),
      width: z.number().int().min(400).max(10_000),
      height: z.number().int().min(300).max(10_000),
      maximized: z.boolean(),
    })
    .catch({ width: 1200, height: 800, maximized: false }),
  notifications: z.object({ at80: z.boolean().catch(true), at100: z.boolean().catch(true) }).catch({ at80: true, at100: true }),
  startAtLogin: z.boolean().catch(false),
});
export type DesktopSettings = z.infer<typeof DesktopSettingsSchema>;
export type Theme = DesktopSettings['theme'];
export type WindowBounds = DesktopSettings['window'];

/** Where the settings are kept: electron-store in the app, a plain object in tests. */
export interface SettingsBackend {
  read(): unknown;
  write(value: DesktopSettings): void;
}

/** Brings settings written by an older version to the current shape (version 1 is the first). */
export function upgradeSettings(raw: unknown): unknown {
  return raw;
}

export function parseSettings(raw: unknown): DesktopSettings {
  const input = raw !== null && typeof raw === 'object' ? upgradeSettings(raw) : {};
  return DesktopSettingsSchema.parse(input);
}

/** Settings read once at start-up and written through on every change. */
export class SettingsStore {
  private value: DesktopSettings;

  constructor(private readonly backend: SettingsBackend) {
    this.value = parseSettings(backend.read());
  }

  get(): DesktopSettings {
    return this.value;
  }

  update(change: Partial<DesktopSettings>): DesktopSettings {
    this.value = DesktopSettingsSchema.parse({ ...this.value, ...change });
    this.backend.write(this.value);
    return this.value;
  }
}
