/**
 * Iron Cage's upstream provider emulator: a fake OpenAI + Anthropic API that speaks the real wire formats, for
 * integration tests, `iron-cage serve --demo` and the benchmark. Usage is deterministic (see `tokens.ts`):
 * input tokens = ceil(characters of all request texts / 4), one output word = one token, default 12 output tokens.
 * Tests steer it with `#emu:` directives in the last user message (see `directives.ts`).
 */
export { startEmulator, type EmulatorOptions, type RunningEmulator } from './server.ts';
export type { RecordedRequest } from './handler.ts';
export { emulatedInputTokens } from './tokens.ts';
export { parseDirectives, type Scenario } from './directives.ts';
