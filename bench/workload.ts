/** What the benchmark sends, and how much of it: the full run and the `--quick` run differ only in counts. */

export const PROVIDER_KEY = 'sk-bench-PROVIDER-KEY-0123456789abcdef';
export const MODEL = 'gpt-4o-mini';
export const CHAT_PATH = '/v1/chat/completions';

// A short agent turn: a system prompt and a user message, about 600 bytes on the wire.
const SYSTEM =
  'You are a careful coding agent. Answer with the smallest change that fixes the problem, explain it in one ' +
  'sentence, and never invent APIs. If the request is ambiguous, ask one question instead of guessing.';
const USER = 'The build fails with "Cannot find module ./config.ts" after the rename. What do I change?';

function chat(maxTokens: number, directives: string, stream: boolean): string {
  return JSON.stringify({
    model: MODEL,
    max_tokens: maxTokens,
    ...(stream ? { stream: true } : {}),
    messages: [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: `${USER} ${directives}` },
    ],
  });
}

/** Plain call: 16 output tokens. */
export const PLAIN_BODY = chat(16, '#emu:output-tokens=16', false);
/** Streamed call, zero-delay upstream: 16 content chunks, all written by the emulator at once. */
export const STREAM_BODY = chat(32, '#emu:output-tokens=32 #emu:chunks=16', true);
/** Streamed call with 2 ms between upstream events: shows whether chunks are relayed as they arrive. */
export const PACED_STREAM_BODY = chat(32, '#emu:output-tokens=32 #emu:chunks=16 #emu:chunk-delay-ms=2', true);

/** Overshoot test: one output token costs 1 µUSD and input is free, so a call's worst case is its real cost. */
export const CAPPED_CALL_COST = 100;
export const CAPPED_FITS = 100;
export const CAPPED_CALLS = 1_000;
export function cappedBody(stream: boolean): string {
  return chat(CAPPED_CALL_COST, `#emu:output-tokens=${CAPPED_CALL_COST}`, stream);
}

export interface BenchParams {
  /** Unrecorded load per configuration and body before anything is measured, ms. */
  warmupMs: number;
  /** Interleaved rounds (A B C, B C A, …) for latency and streaming. */
  rounds: number;
  /** Measured sequential requests per target per round at concurrency 1. */
  latencyRequests: number;
  latencyWarmup: number;
  throughputRounds: number;
  throughputMs: number;
  concurrencies: number[];
  pacedRounds: number;
  pacedRequests: number;
  ledgerMs: number;
  startupTries: number;
}

export const FULL: BenchParams = {
  warmupMs: 1_500,
  rounds: 6,
  latencyRequests: 800,
  latencyWarmup: 150,
  throughputRounds: 6,
  throughputMs: 1_500,
  concurrencies: [16, 64],
  pacedRounds: 3,
  pacedRequests: 25,
  ledgerMs: 3_000,
  startupTries: 5,
};

export const QUICK: BenchParams = {
  warmupMs: 300,
  rounds: 2,
  latencyRequests: 150,
  latencyWarmup: 30,
  throughputRounds: 1,
  throughputMs: 600,
  concurrencies: [16, 64],
  pacedRounds: 1,
  pacedRequests: 5,
  ledgerMs: 500,
  startupTries: 1,
};
