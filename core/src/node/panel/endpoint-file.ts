import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const ENDPOINT_FILE = 'panel-endpoint.json';

const EndpointSchema = z.object({ version: z.literal(1), publicUrl: z.string(), fingerprint: z.string().nullable() });
export type PanelEndpoint = z.infer<typeof EndpointSchema>;

/** `panel serve` records where devices reach it, so `panel device enroll-code` can print it and pin the certificate. */
export function writeEndpoint(dataDir: string, e: Omit<PanelEndpoint, 'version'>): void {
  writeFileSync(join(dataDir, ENDPOINT_FILE), JSON.stringify({ version: 1, ...e }, null, 2), { mode: 0o600 });
}

export function readEndpoint(dataDir: string): PanelEndpoint | null {
  const file = join(dataDir, ENDPOINT_FILE);
  if (!existsSync(file)) return null;
  const r = EndpointSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return r.success ? r.data : null;
}
