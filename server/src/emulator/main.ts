/* eslint-disable no-console -- standalone entry point prints its address */
/**
 * Runs the emulator in its own process (e.g. for the benchmark):
 *   node --import tsx server/src/emulator/main.ts [--port N] [--host H] [--chunk-delay-ms N]
 *     [--first-byte-delay-ms N] [--default-output-tokens N] [--api-key K]
 * Prints one JSON line `{"url":"http://127.0.0.1:PORT"}` once listening; exits cleanly on SIGTERM/SIGINT.
 */
import { parseArgs } from 'node:util';
import { startEmulator } from './server.ts';

function numberArg(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got ${value}`);
  return n;
}

try {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'chunk-delay-ms': { type: 'string' },
      'first-byte-delay-ms': { type: 'string' },
      'default-output-tokens': { type: 'string' },
      'api-key': { type: 'string' },
    },
  });
  const emulator = await startEmulator({
    host: values.host,
    port: numberArg('port', values.port),
    chunkDelayMs: numberArg('chunk-delay-ms', values['chunk-delay-ms']),
    firstByteDelayMs: numberArg('first-byte-delay-ms', values['first-byte-delay-ms']),
    defaultOutputTokens: numberArg('default-output-tokens', values['default-output-tokens']),
    apiKey: values['api-key'],
  });
  const stop = (): void => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  console.log(JSON.stringify({ url: emulator.url }));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
