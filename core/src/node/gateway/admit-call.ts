import type { IncomingMessage } from 'node:http';
import { appError, type ErrorCode } from '../../domain/errors.ts';
import { formatUsd } from '../../domain/money.ts';
import { worstCaseInputTokens } from '../../gateway/estimate.ts';
import type { CallRoute } from '../../gateway/routes.ts';
import { jsonDepth, MAX_JSON_DEPTH } from '../../gateway/json-depth.ts';
import { inspectRequest, prepareRequest } from '../../providers/index.ts';
import { worstCaseMicros } from '../../pricing/index.ts';
import type { Caller } from '../../ports/store.ts';
import type { GatewayContext } from './context.ts';
import { MeteredCall } from './metered-call.ts';
import { readBody } from './read-body.ts';
import { guardBody, NO_FINDINGS } from '../../gateway/guard/body-guard.ts';
import { REQUEST_TEXT_FIELDS } from '../../gateway/guard/text-walk.ts';
import { guardBodyInSlices } from '../../gateway/guard/sliced-guard.ts';

/** Bodies (requests and answers) above this are scanned in slices, letting other requests run in between. */
export const LARGE_BODY_BYTES = 256 * 1024;
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
import { blockedMessage, recordSafety } from './safety-record.ts';

export interface AdmittedCall {
  call: MeteredCall;
  /** The body to send upstream (the client's bytes, unless usage reporting or an output cap was added). */
  upstreamBody: Buffer;
  /** The client did not ask for the usage chunk we asked the provider for: hide it from the client. */
  hideUsageChunk: boolean;
}

/** The IC token from `Authorization: Bearer` or `x-api-key` (the Anthropic SDKs send either). */
export function bearerToken(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (auth !== undefined && auth.length > 7 && auth.slice(0, 7).toLowerCase() === 'bearer ') return auth.slice(7).trim();
  const key = req.headers['x-api-key'];
  return typeof key === 'string' && key.length > 0 ? key.trim() : undefined;
}

export function authenticate(ctx: GatewayContext, req: IncomingMessage): Caller {
  const token = bearerToken(req);
  if (token === undefined) {
    throw appError('INVALID_IC_TOKEN', 'no IC token: send the agent\'s token as the API key (Authorization: Bearer ic_…)');
  }
  const caller = token.startsWith('ic_') ? ctx.agents.findCaller(ctx.minter.hash(token)) : undefined;
  if (!caller) throw appError('INVALID_IC_TOKEN', 'the IC token is not valid: it is unknown, mistyped or revoked');
  return caller;
}

function parseObject(raw: Buffer): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    throw appError('INVALID_REQUEST', `the request body is nested more than ${MAX_JSON_DEPTH} levels deep`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw appError('INVALID_REQUEST', 'the request body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw appError('INVALID_REQUEST', 'the request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

/**
 * Checks everything a call needs before it may spend (token, body, agent status, model, provider, price)
 * and reserves its worst-case cost. Nothing is written for malformed requests; a well-formed call that is
 * refused leaves a `refused` record for the audit trail.
 */
export async function admitCall(ctx: GatewayContext, req: IncomingMessage, route: CallRoute): Promise<AdmittedCall> {
  const startedMono = ctx.clock.monotonic();
  const caller = authenticate(ctx, req);
  // No call is forwarded that cannot be recorded: while the disk refuses writes, calls are refused (and not recorded).
  const writable = (): void => {
    const refusal = ctx.storage.admission();
    if (refusal) throw refusal;
  };
  writable();
  const raw = await readBody(req, ctx.limits.maxBodyBytes);
  const body = parseObject(raw);
  const facts = inspectRequest(route.kind, body);
  const startedAt = ctx.clock.now();
  // Calls are recorded under the local hour they started in: the bucket their spend is attributed to.
  const window = ctx.calendar.windowAt('hourly', startedAt);
  const endpoint = route.upstreamPath;

  /** Records the refusal as a call (with `after`'s additions, such as its findings) and throws. */
  const refuse = (code: ErrorCode, message: string, callId = ctx.minter.newId(), after?: (callId: string) => void): never => {
    const e = appError(code, message);
    ctx.ledger.refuse({
      callId,
      agentId: caller.agentId,
      agentName: caller.agentName,
      endpoint,
      model: facts.model,
      periodKey: window.key,
      outcome: code.toLowerCase(),
      httpStatus: e.status,
      at: startedAt,
    });
    after?.(callId);
    ctx.events.publish({ type: 'call.refused', at: startedAt, callId, agentName: caller.agentName, model: facts.model, code: code.toLowerCase() });
    throw e;
  };

  if (caller.status !== 'active') refuse('AGENT_SUSPENDED', `agent "${caller.agentName}" is suspended`);
  if (caller.allowedModels !== null && !caller.allowedModels.includes(facts.model)) {
    refuse('MODEL_NOT_ALLOWED', `agent "${caller.agentName}" may not use model "${facts.model}"`);
  }
  const providerId = caller.providerIds[route.family];
  const provider = providerId === null ? undefined : ctx.providers.upstream(providerId);
  if (!provider) {
    return refuse('NO_PROVIDER', `agent "${caller.agentName}" has no provider for the ${route.family} API`);
  }
  const worstPrice = ctx.prices().worstCasePriceFor(provider, facts.model);
  if (!worstPrice) {
    return refuse(
      'UNKNOWN_MODEL_PRICE',
      `no price is known for model "${facts.model}" at provider "${provider.name}"; an unpriced call is refused, never free (set one on the dashboard's Prices page or with \`iron-cage price set\`)`,
    );
  }

  const callId = ctx.minter.newId();
  // Guardrails run before any budget is reserved: a blocked request costs nothing and never leaves the machine.
  const guarded = !ctx.guard
    ? NO_FINDINGS
    : raw.length <= LARGE_BODY_BYTES
      ? guardBody(body, REQUEST_TEXT_FIELDS[route.kind], caller.guardPolicy, 'request', ctx.guard)
      : await guardBodyInSlices(body, REQUEST_TEXT_FIELDS[route.kind], caller.guardPolicy, 'request', ctx.guard, yieldToEventLoop);
  if (guarded.blocked) {
    refuse('GUARDRAIL_BLOCKED', blockedMessage(guarded.blocked, 'request'), callId, (id) =>
      recordSafety(ctx, caller.agentName, 'request', guarded.decisions, id),
    );
  }
  const prepared = prepareRequest(route.kind, body, {
    providerType: provider.type,
    defaultMaxOutputTokens: ctx.limits.defaultMaxOutputTokens,
  });
  const amount = worstCaseMicros(worstPrice, worstCaseInputTokens(raw.length), prepared.outputCap);
  writable();
  const reservation = ctx.ledger.reserve({
    callId,
    agentId: caller.agentId,
    agentName: caller.agentName,
    providerId: provider.id,
    providerName: provider.name,
    endpoint,
    model: facts.model,
    stream: facts.stream,
    periodKey: window.key,
    amount,
    startedAt,
    // A logged body is the one that left the machine: redactions applied.
    requestBody: caller.logBodies ? (guarded.changed ? JSON.stringify(body) : raw.toString('utf8')) : null,
  });
  // In memory and synchronous when the agent's wallet covers the call; otherwise it waits (bounded) for a refill.
  const reserved = reservation === true || reservation === false ? reservation : await reservation;
  if (!reserved) {
    refuse(
      'BUDGET_EXCEEDED',
      `agent "${caller.agentName}" has not enough budget left for this call, which may cost up to ${formatUsd(amount)}; lower max_tokens or raise the budget`,
    );
  }
  const call = new MeteredCall(ctx, callId, caller, provider, facts, endpoint, amount, window.key, worstPrice, startedMono);
  try {
    recordSafety(ctx, caller.agentName, 'request', guarded.decisions, callId);
    return {
      call,
      upstreamBody: prepared.changed || guarded.changed ? Buffer.from(JSON.stringify(prepared.body)) : raw,
      hideUsageChunk: prepared.injectedUsageOption,
    };
  } catch (e) {
    // Whatever fails between the reservation and the forward gives the reservation back.
    call.release('gateway_error', 500);
    throw e;
  }
}
