import { AppError, type AppErrorShape, type ErrorCode } from '../domain/errors.ts';

/** Why the protocol refused a request, for a device to act on (`need_seqs`: flush the outbox, then retry). */
export type ProtocolReason =
  | 'stale_epoch'
  | 'need_seqs'
  | 'seq_conflict'
  | 'lease_not_active'
  | 'lease_expired'
  | 'insufficient_budget'
  | 'agent_suspended'
  | 'bad_signature'
  | 'bad_nonce'
  | 'device_revoked'
  | 'unknown_device'
  | 'bad_code'
  | 'panel_restoring';

export interface PanelErrorShape extends AppErrorShape {
  reason: ProtocolReason;
  details?: Record<string, unknown>;
}

/** An AppError with a protocol reason and structured details; the one error mapper writes all three. */
export class PanelError extends AppError {
  readonly reason: ProtocolReason;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: ErrorCode, reason: ProtocolReason, message: string, details?: Record<string, unknown>) {
    super(code, message);
    this.reason = reason;
    this.details = details;
  }
  override toJSON(): PanelErrorShape {
    return { ...super.toJSON(), reason: this.reason, ...(this.details ? { details: this.details } : {}) };
  }
}

export function panelError(code: ErrorCode, reason: ProtocolReason, message: string, details?: Record<string, unknown>): PanelError {
  return new PanelError(code, reason, message, details);
}

export function isPanelError(e: unknown, reason?: ProtocolReason): e is PanelError {
  return e instanceof PanelError && (reason === undefined || e.reason === reason);
}
