import type { IncomingMessage, ServerResponse } from 'node:http';
import { createParser } from 'eventsource-parser';
import { appError, isAppError } from '../../domain/errors.ts';
import type { RetryPlan } from '../../gateway/retry-plan.ts';
import { sendWithRetries, type RawResponse } from './upstream-attempts.ts';
import type { CallRoute } from '../../gateway/routes.ts';
import { formatStreamError } from '../../gateway/wire-errors.ts';
import { createStreamMeter, extractUsage, isUsageOnlyChatChunk } from '../../providers/index.ts';
import type { AdmittedCall } from './admit-call.ts';
import type { GatewayContext } from './context.ts';
import type { MeteredCall } from './metered-call.ts';
import { guardBody, NO_FINDINGS } from '../../gateway/guard/body-guard.ts';
import { guardBodyInSlices } from '../../gateway/guard/sliced-guard.ts';
import { LARGE_BODY_BYTES, yieldToEventLoop } from './admit-call.ts';
import { createStreamGuard } from '../../gateway/guard/stream-guard.ts';
import { RESPONSE_TEXT_FIELDS } from '../../gateway/guard/text-walk.ts';
import { blockedMessage, recordSafety } from './safety-record.ts';
import { providerKeyScrubber, scrubResponse } from './scrub-response.ts';
import { boundedBody, type BoundedBody } from './bounded-upstream.ts';
import { clientHeaders, upstreamHeaders, upstreamUrl } from './upstream.ts';

/** Bodies kept for agents that opted in to body logging are capped so one call cannot fill the database. */
const MAX_LOGGED_BODY = 1_000_000;

/** The provider's answer with its body read through the gateway's limits (see boundedBody). */
type UpstreamResponse = Omit<RawResponse, 'body'> & { body: BoundedBody };

/**
 * Sends an admitted call to its provider and relays the answer, settling the reservation from the reported
 * usage. Streams are relayed chunk by chunk as they arrive; a client that goes away does not stop the
 * metering: the provider's stream is read to its end so its usage is still charged.
 */
export async function forwardCall(
  ctx: GatewayContext,
  req: IncomingMessage,
  res: ServerResponse,
  route: CallRoute,
  admitted: AdmittedCall,
): Promise<void> {
  const { call } = admitted;
  ctx.inFlight.add(call.id, { agentId: call.caller.agentId, tokenId: call.caller.tokenId, cut: (r) => call.cut(r) });
  try {
    const key = await ctx.keys.keyFor(call.provider);
    let raw: RawResponse;
    const plan = ctx.reliability.planFor(call.provider.name);
    try {
      const sent = await sendWithRetries({
        url: upstreamUrl(call.provider, route.upstreamPath),
        headers: upstreamHeaders(call.provider, key, req.headers, admitted.upstreamBody.length),
        body: admitted.upstreamBody,
        signal: call.abort.signal,
        dispatcher: ctx.dispatcher,
        providerName: call.provider.name,
        plan,
        breakers: ctx.reliability.breakers,
        logger: ctx.logger,
      });
      raw = sent.response;
      res.setHeader('x-iron-cage-attempts', String(sent.attempts));
    } catch (e) {
      if (call.cutReason !== undefined) {
        call.release('cut_off', 403);
        throw appError('AGENT_SUSPENDED', `the call was stopped: ${call.cutReason}`);
      }
      call.release('upstream_unreachable', 502);
      ctx.logger.warn('provider unreachable', { provider: call.provider.name, error: (e as Error).message });
      if (isAppError(e)) throw e;
      throw appError('UPSTREAM_ERROR', `provider "${call.provider.name}" could not be reached: ${unreachableReason(e, plan)}`);
    }
    const upstream: UpstreamResponse = { ...raw, body: boundedBody(raw.body, raw.headers, ctx.limits.upstream) };
    res.setHeader('x-iron-cage-call-id', call.id);
    scrubResponse(res, await providerKeyScrubber(ctx.providers, ctx.keys));
    if (upstream.statusCode >= 400) {
      // The provider refused or failed before doing billable work: pass its own error on, give the budget back.
      const text = await upstream.body.text().catch(() => '');
      call.release('upstream_error', upstream.statusCode);
      res.writeHead(upstream.statusCode, { ...clientHeaders(upstream.headers), 'x-iron-cage-error': 'upstream_error' });
      res.end(text);
      return;
    }
    if (upstream.statusCode < 200 || upstream.statusCode >= 300 || upstream.statusCode === 204 || upstream.statusCode === 205) {
      // A redirect or an empty answer is no answer: nothing is followed, nothing is charged.
      raw.body.destroy();
      call.release('upstream_error', 502);
      const where = typeof upstream.headers.location === 'string' ? ` (a redirect to ${upstream.headers.location}, which the gateway does not follow)` : '';
      throw appError('UPSTREAM_ERROR', `provider "${call.provider.name}" answered ${upstream.statusCode} without a result${where}`);
    }
    const contentType = String(upstream.headers['content-type'] ?? '');
    if (call.facts.stream && contentType.includes('text/event-stream')) {
      await relayStream(ctx, res, route, admitted, upstream);
    } else {
      await relayJson(ctx, res, route, call, upstream);
    }
  } catch (e) {
    // Anything unexpected after admission must still give the reservation back.
    call.release('gateway_error', 500);
    throw e;
  } finally {
    ctx.inFlight.delete(call.id);
  }
}

async function relayJson(ctx: GatewayContext, res: ServerResponse, route: CallRoute, call: MeteredCall, upstream: UpstreamResponse): Promise<void> {
  let buf: Buffer;
  try {
    buf = Buffer.from(await upstream.body.arrayBuffer());
  } catch (e) {
    call.settle(undefined, undefined, 0, call.cutReason !== undefined ? 'cut_off' : 'upstream_dropped', 502, null);
    if (call.cutReason !== undefined) throw appError('AGENT_SUSPENDED', `the call was stopped: ${call.cutReason}`);
    throw appError('UPSTREAM_ERROR', `provider "${call.provider.name}" broke off its answer: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(buf.toString('utf8'));
  } catch {
    json = undefined;
  }
  const usage = json === undefined ? undefined : extractUsage(route.kind, json);
  const guarded =
    ctx.guard && typeof json === 'object' && json !== null
      ? buf.length <= LARGE_BODY_BYTES
        ? guardBody(json as Record<string, unknown>, RESPONSE_TEXT_FIELDS[route.kind], call.caller.guardPolicy, 'response', ctx.guard)
        : await guardBodyInSlices(json as Record<string, unknown>, RESPONSE_TEXT_FIELDS[route.kind], call.caller.guardPolicy, 'response', ctx.guard, yieldToEventLoop)
      : NO_FINDINGS;
  if (guarded.changed) buf = Buffer.from(JSON.stringify(json));
  recordSafety(ctx, call.caller.agentName, 'response', guarded.decisions, call.id);
  const outcome = guarded.blocked ? 'guardrail_blocked' : res.destroyed ? 'client_disconnected' : 'ok';
  if (guarded.blocked) {
    // The provider did the work, so a blocked answer is still charged; the agent just never sees it.
    call.settle(usage, undefined, usage ? 0 : buf.length, outcome, upstream.statusCode, null);
    throw appError('GUARDRAIL_BLOCKED', blockedMessage(guarded.blocked, 'response'));
  }
  const logged = call.caller.logBodies ? buf.subarray(0, MAX_LOGGED_BODY).toString('utf8') : null;
  // Answer first: the settlement (a write transaction) runs while the answer is on its way, not before it.
  res.writeHead(upstream.statusCode, { ...clientHeaders(upstream.headers), 'content-length': buf.length });
  res.end(buf);
  call.settle(usage, undefined, usage ? 0 : buf.length, outcome, upstream.statusCode, logged);
}

async function relayStream(
  ctx: GatewayContext,
  res: ServerResponse,
  route: CallRoute,
  admitted: AdmittedCall,
  upstream: UpstreamResponse,
): Promise<void> {
  const { call, hideUsageChunk } = admitted;
  const guard = ctx.guard ? createStreamGuard(route.kind, call.caller.guardPolicy, ctx.guard) : undefined;
  // Events are re-serialised only when something must change; otherwise the provider's bytes pass untouched.
  const rewrite = hideUsageChunk || guard !== undefined;
  res.writeHead(upstream.statusCode, {
    ...clientHeaders(upstream.headers),
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
  });
  res.flushHeaders();
  let clientGone = false;
  res.once('close', () => {
    if (!res.writableFinished) clientGone = true;
  });
  let blockedSent = false;

  const meter = createStreamMeter(route.kind);
  const logged: string[] | undefined = call.caller.logBodies ? [] : undefined;
  let loggedSize = 0;
  const parser = createParser({
    onEvent(ev) {
      meter.push(ev.event, ev.data);
      if (!rewrite || clientGone || blockedSent) return;
      if (hideUsageChunk && isUsageOnlyChatChunk(ev.data)) return;
      const out = guard ? guard.event(ev.event, ev.data) : ev.event === undefined ? `data: ${ev.data}\n\n` : `event: ${ev.event}\ndata: ${ev.data}\n\n`;
      if (guard?.blocked) {
        // Stop the agent's stream at once; the provider's stream is still read to its end for metering.
        blockedSent = true;
        res.write(formatStreamError(route.family, 'GUARDRAIL_BLOCKED', blockedMessage(guard.blocked, 'response')));
        res.end();
        return;
      }
      if (out) res.write(out);
    },
  });
  const decoder = new TextDecoder();
  let outcome = 'ok';
  try {
    for await (const chunk of upstream.body as AsyncIterable<Buffer>) {
      if (!rewrite && !clientGone) res.write(chunk);
      const text = decoder.decode(chunk, { stream: true });
      parser.feed(text);
      if (logged && loggedSize < MAX_LOGGED_BODY) {
        logged.push(text);
        loggedSize += text.length;
      }
      if (!clientGone && !blockedSent && res.writableNeedDrain) await drainOrClose(res);
    }
  } catch {
    outcome = call.cutReason !== undefined ? 'cut_off' : 'upstream_dropped';
  }
  if (outcome === 'ok' && clientGone) outcome = 'client_disconnected';
  if (outcome === 'ok' && blockedSent) outcome = 'guardrail_blocked';
  if (guard) {
    guard.finish();
    recordSafety(ctx, call.caller.agentName, 'response', guard.decisions(), call.id);
  }
  if (!clientGone && !blockedSent && !res.destroyed) {
    // However the stream ended (closing events, a plain close, a drop), the agent gets every character held back.
    const held = guard?.drain();
    if (held) res.write(held);
    if (call.cutReason !== undefined) {
      res.write(formatStreamError(route.family, 'AGENT_SUSPENDED', `the call was stopped: ${call.cutReason}`));
    } else if (outcome === 'upstream_dropped') {
      res.write(formatStreamError(route.family, 'UPSTREAM_ERROR', `provider "${call.provider.name}" broke off the stream`));
    }
    res.end();
  }
  const reported = outcome === 'ok' || outcome === 'client_disconnected' || outcome === 'guardrail_blocked' ? meter.usage() : undefined;
  call.settle(reported, meter.partialUsage(), meter.outputChars(), outcome, upstream.statusCode, logged ? logged.join('') : null);
}

/** Waits until the client has taken the data written so far, or has gone. */
function drainOrClose(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

/** Why a provider could not be reached, in words (timeouts name the limit that was hit). */
function unreachableReason(e: unknown, plan: RetryPlan): string {
  const code = (e as { code?: string }).code;
  if (code === 'UND_ERR_HEADERS_TIMEOUT') return `it did not start answering within ${plan.firstByteTimeoutMs / 1000} s (first-byte timeout)`;
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return `no connection within ${plan.connectTimeoutMs / 1000} s (connect timeout)`;
  return (e as Error).message;
}
