export type { SecretScanOptions } from './scan-secrets.ts';
export { scanSecrets, scanSecrets as scanText } from './scan-secrets.ts';
