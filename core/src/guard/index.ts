// The guard's public surface. Each detector family is also reachable as a namespace whose `scanText` runs
// that family alone (`secrets.scanText`, `pii.scanText`, `injection.scanText`); the top-level `scanText`
// runs all three.
export type { Detector, Finding, FindingCategory } from './finding.ts';
export { resolveOverlaps, sortFindings } from './finding.ts';
export { redact, redactionMarker } from './redact.ts';
export type { ScanOptions } from './scan.ts';
export { scanText } from './scan.ts';
export type { StreamRedactor, StreamRedactorOptions } from './stream-redactor.ts';
export { createStreamRedactor } from './stream-redactor.ts';
export type { MatchShape, StreamProfile } from './stream-shape.ts';
export { undecidedFrom } from './stream-shape.ts';
export { STREAM_PROFILES } from './stream-profiles.ts';
export * as secrets from './secrets/index.ts';
export * as pii from './pii/index.ts';
export * as injection from './injection/index.ts';
export type { SecretScanOptions } from './secrets/index.ts';
export { scanSecrets } from './secrets/index.ts';
export type { PiiKind, PiiScanOptions } from './pii/index.ts';
export { DEFAULT_PHONE_REGIONS, scanPii } from './pii/index.ts';
export type { InjectionModel, InjectionModelFile, InjectionScanOptions } from './injection/index.ts';
export { injectionProbability, parseInjectionModel, scanInjection } from './injection/index.ts';
