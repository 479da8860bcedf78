import { z } from 'zod';
import { op } from '../define.ts';

const Seq = z.number().int().positive();
const Count = z.number().int().nonnegative();
const EpochMs = z.number().int();
const Hash = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * One record of the audit trail. `prevHash` and `hash` chain it to the record before it; the stored
 * `details` text is what is hashed, here parsed back to JSON (or given as the raw text if it no longer parses).
 */
export const AuditRecordSchema = z.object({
  seq: Seq,
  at: EpochMs,
  actor: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  details: z.unknown(),
  prevHash: z.string().nullable(),
  hash: z.string().nullable(),
});
export type AuditRecord = z.infer<typeof AuditRecordSchema>;

/** What pruning left behind: the hash of the last pruned record, which the first kept record links to. */
export const AuditAnchorSchema = z.object({
  throughSeq: Count,
  hash: Hash,
  pruned: Count,
  prunedAt: EpochMs.nullable(),
});
export type AuditAnchor = z.infer<typeof AuditAnchorSchema>;

export const AuditBreakKindSchema = z.enum(['edited', 'missing', 'reordered', 'truncated', 'anchor']);
export type AuditBreakKind = z.infer<typeof AuditBreakKindSchema>;

export const AuditVerificationSchema = z.object({
  ok: z.boolean(),
  /** Records walked and found sound (all of them when `ok`). */
  records: Count,
  firstSeq: Seq.nullable(),
  lastSeq: Seq.nullable(),
  anchor: AuditAnchorSchema.nullable(),
  /** The first broken position, in seq order, and why. */
  broken: z.object({ seq: Seq, kind: AuditBreakKindSchema, message: z.string() }).nullable(),
});
export type AuditVerification = z.infer<typeof AuditVerificationSchema>;

export const AuditPruneResultSchema = z.object({
  pruned: Count,
  /** The last pruned seq; null when nothing was old enough. */
  throughSeq: Seq.nullable(),
  anchor: AuditAnchorSchema.nullable(),
});
export type AuditPruneResult = z.infer<typeof AuditPruneResultSchema>;

const TimeRange = {
  /** Epoch ms, inclusive. */
  since: EpochMs.optional(),
  /** Epoch ms, exclusive. */
  until: EpochMs.optional(),
};

export const AuditListInputSchema = z.object({
  ...TimeRange,
  /** An exact action, or a prefix ending in `*` (`call.*`). */
  action: z.string().min(1).max(100).optional(),
  actor: z.string().min(1).max(200).optional(),
  /** Leave out the per-call records (`call.*`), which outnumber admin actions by far. */
  hideCalls: z.boolean().optional(),
  /** Records before this seq (for paging back), newest first. */
  beforeSeq: Seq.optional(),
  limit: z.number().int().min(1).max(1000).default(100),
});
export type AuditListInput = z.infer<typeof AuditListInputSchema>;

export const AuditExportInputSchema = z.object({
  ...TimeRange,
  /** Records after this seq, oldest first: pass the previous page's `nextAfterSeq`. */
  afterSeq: Count.optional(),
  limit: z.number().int().min(1).max(5000).default(1000),
});
export type AuditExportInput = z.infer<typeof AuditExportInputSchema>;

export const AuditRetentionSchema = z.object({
  /** Records older than this many days may be pruned; null keeps them forever. */
  days: z.number().int().min(1).max(36_500).nullable(),
});

export const auditOps = {
  'audit.list': op({ input: AuditListInputSchema, output: z.array(AuditRecordSchema), summary: 'audit records, newest first', mutates: false }),
  'audit.export': op({
    input: AuditExportInputSchema,
    output: z.object({ records: z.array(AuditRecordSchema), nextAfterSeq: Count.nullable() }),
    summary: 'one page of audit records, oldest first, for streaming an export',
    mutates: false,
  }),
  'audit.verify': op({ input: z.object({}), output: AuditVerificationSchema, summary: 'walk the hash chain and report the first broken link', mutates: false }),
  'audit.prune': op({
    input: z.object({ before: EpochMs.optional() }),
    output: AuditPruneResultSchema,
    summary: 'delete records older than a time (default: the retention), keeping the chain verifiable',
    mutates: true,
  }),
  'audit.retention': op({ input: z.object({}), output: AuditRetentionSchema, summary: 'how long audit records are kept', mutates: false }),
  'audit.setRetention': op({ input: AuditRetentionSchema, output: AuditRetentionSchema, summary: 'change how long audit records are kept', mutates: true }),
};
