import type { FindingCategory } from './finding.ts';
import { PII_STREAM_PROFILE } from './pii/stream-profile.ts';
import { SECRET_STREAM_PROFILE } from './secrets/stream-profile.ts';
import type { StreamProfile } from './stream-shape.ts';

/** The streaming profile of each family whose findings are values (injection findings mark regions instead). */
export const STREAM_PROFILES: Readonly<Record<Exclude<FindingCategory, 'injection'>, StreamProfile>> = {
  secret: SECRET_STREAM_PROFILE,
  pii: PII_STREAM_PROFILE,
};
