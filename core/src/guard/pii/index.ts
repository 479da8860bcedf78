export type { PiiKind, PiiScanOptions } from './scan-pii.ts';
export { scanPii, scanPii as scanText } from './scan-pii.ts';
export { DEFAULT_PHONE_REGIONS } from './phone.ts';
export { NATIONAL_ID_TYPES } from './national-ids.ts';
